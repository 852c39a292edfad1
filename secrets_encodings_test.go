package passivetotal

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// oddKey has characters that every encoding writes differently.
const oddKey = "key/with/slash+plus&amp<lt>\"q\" é-0123456789"

// oddKeyForms are the forms of oddKey (and of the Basic credential) a
// server may echo.
func oddKeyForms() map[string]string {
	jsonHTML, _ := json.Marshal(oddKey)
	var plain strings.Builder
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	enc.Encode(oddKey)
	unquote := func(s string) string { return strings.TrimSuffix(strings.TrimSpace(s), `"`)[1:] }
	token := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + oddKey))
	return map[string]string{
		"raw":               oddKey,
		"json":              unquote(string(jsonHTML)),
		"json, no html":     unquote(plain.String()),
		`json with \/`:      strings.ReplaceAll(unquote(plain.String()), "/", `\/`),
		"query escaped":     url.QueryEscape(oddKey),
		"path escaped":      url.PathEscape(oddKey),
		"lower-case escape": strings.ToLower(url.QueryEscape(oddKey)),
		"html":              html.EscapeString(oddKey),
		"basic token":       token,
	}
}

// TestSecretsInEveryEncodingAndField has a server echo the key in each
// form, in the body, a header and the Content-Type, and looks for any form
// in every field of the error, its printed forms, the logs and the
// observer's errors.
func TestSecretsInEveryEncodingAndField(t *testing.T) {
	t.Parallel()
	forms := oddKeyForms()
	for name, form := range forms {
		header := http.Header{"X-Echo": {form}, "Www-Authenticate": {"Basic " + form}}
		replies := map[string]reply{
			"401 body and headers": {status: 401, body: `{"error":{"message":"bad key ` + form + `","developer_message":"` + form + `"}}`, header: header},
			"200 error object":     {status: 200, body: `{"error":{"message":"bad key ` + form + `"}}`, header: header},
			"200 not JSON":         {status: 200, body: "key " + form, header: http.Header{"Content-Type": {"text/plain; key=" + form}}},
			"200 invalid JSON":     {status: 200, body: `{"k":"` + form + `",}`, header: http.Header{"Content-Type": {"application/json; key=" + form}}},
		}
		for what, r := range replies {
			t.Run(name+"/"+what, func(t *testing.T) {
				t.Parallel()
				var logs syncBuffer
				rec := &recorder{}
				ft := &fakeTransport{replies: []reply{r}}
				c, err := NewClient(testUser, oddKey, WithHTTPClient(&http.Client{Transport: ft}), WithLimiter(nil),
					WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
					WithObserver(rec), WithRetryPolicy(noWait))
				if err != nil {
					t.Fatal(err)
				}
				var v struct{ N int }
				_, err = c.get(t.Context(), "dns/passive", nil, false, &v)
				if err == nil {
					t.Fatal("no error")
				}
				texts := []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), logs.String()}
				var er *ErrorResponse
				if errors.As(err, &er) {
					texts = append(texts, fmt.Sprintf("%#v", *er), string(er.Body), fmt.Sprint(er.Header))
				}
				var de *DecodeError
				if errors.As(err, &de) {
					texts = append(texts, fmt.Sprintf("%#v", *de), de.ContentType, de.Snippet)
				}
				for _, a := range rec.got() {
					if a.Err != nil {
						texts = append(texts, a.Err.Error())
					}
				}
				for _, text := range texts {
					for fname, f := range forms {
						if strings.Contains(text, f) {
							t.Errorf("key (%s form) found in %.200q", fname, text)
						}
					}
				}
			})
		}
	}
}

// TestRetryLogHidesTheQuery checks the Info record of a retry after a
// transport error: http.Client's error quotes the raw URL with its query.
func TestRetryLogHidesTheQuery(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	c, _ := newFakeClient(t, []reply{{err: errors.New("connection reset")}, {status: 200, body: `{}`}},
		WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))), WithRetryPolicy(noWait))
	if _, err := c.get(t.Context(), "dns/passive", url.Values{"token": {"t0k3n-secret-value"}, "query": {"victim.example"}}, false, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "passivetotal retry") {
		t.Fatalf("no retry record: %s", logs.String())
	}
	for _, s := range []string{"t0k3n-secret-value", "victim.example"} {
		if strings.Contains(logs.String(), s) {
			t.Errorf("retry log shows %q: %s", s, logs.String())
		}
	}
}

// TestBaseURLParserErrorsHideSecrets covers url.Parse reasons that quote
// pieces of the URL, and a key pasted into the base URL's path.
func TestBaseURLParserErrorsHideSecrets(t *testing.T) {
	t.Parallel()
	for _, base := range []string{
		"https://analyst:hunter2-key/pt/v2",      // no host: the password is read as a port
		"https://api.example.com/hunter2-key?x",  // refused for its query, path shown
		"https://[hunter2-key]/pt/v2",            // bad IP literal
		"https://api.example.com/%zhunter2-key/", // bad escape
	} {
		_, err := NewClient(testUser, "hunter2-key", WithBaseURL(base))
		if err == nil {
			t.Errorf("%q accepted", base)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("NewClient(%q): %v", base, err)
		}
	}
}
