package passivetotal

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestParseErrorBody(t *testing.T) {
	t.Parallel()
	type parsed struct {
		Msg, Dev string
		Code     int
	}
	tests := []struct {
		name, ct, body string
		want           parsed
	}{
		{"legacy envelope", "application/json",
			`{"error":{"http_code":401,"message":"API key provided does not match any user.","developer_message":"Authentication failed; check username/API key pair."}}`,
			parsed{"API key provided does not match any user.", "Authentication failed; check username/API key pair.", 401}},
		{"http_code as string", "", `{"error":{"http_code":"429","message":"Quota has been exceeded!"}}`,
			parsed{"Quota has been exceeded!", "", 429}},
		{"error string", "", `{"error":"quota_exceeded: search_api"}`, parsed{Msg: "quota_exceeded: search_api"}},
		{"flat message", "application/json", `{"message": "Quota has been exceeded!"}`, parsed{Msg: "Quota has been exceeded!"}},
		{"graph style", "", `{"error":{"code":"Forbidden","message":"Insufficient privileges"}}`, parsed{Msg: "Insufficient privileges"}},
		{"graph code only", "", `{"error":{"code":"Forbidden"}}`, parsed{Msg: "Forbidden"}},
		{"plain text", "text/plain", "  Daily Query Limit Reached\n", parsed{Msg: "Daily Query Limit Reached"}},
		{"html title", "text/html", "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>", parsed{Msg: "502 Bad Gateway"}},
		{"html text", "text/html", "<html><style>p{x:y}</style><script>var a=1;</script><body><p>Service &amp; API\n  down</p></body></html>", parsed{Msg: "Service & API down"}},
		{"html by sniffing", "", "<h1>Oops</h1>", parsed{Msg: "Oops"}},
		{"empty", "application/json", "   ", parsed{}},
		{"json without message", "", `{"success":false}`, parsed{}},
		{"broken json is text", "", `{"message": "x`, parsed{Msg: `{"message": "x`}},
		{"control characters", "", "bad\x00\x1b[31mred\r\nline", parsed{Msg: "bad [31mred line"}},
		{"invalid utf-8", "", "caf\xe9", parsed{Msg: "caf\uFFFD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got parsed
			got.Msg, got.Dev, got.Code = parseErrorBody(tt.ct, []byte(tt.body))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestLongMessageBounded(t *testing.T) {
	t.Parallel()
	msg, _, _ := parseErrorBody("text/plain", []byte(strings.Repeat("é", 5000)))
	if len(msg) > maxMessage+len("…") || !utf8.ValidString(msg) {
		t.Errorf("message of %d bytes, valid UTF-8 %v", len(msg), utf8.ValidString(msg))
	}
}

func TestErrorSentinels(t *testing.T) {
	t.Parallel()
	all := []error{ErrUnauthorized, ErrNotPermitted, ErrNotFound, ErrQuotaExceeded, ErrThrottled}
	tests := []struct {
		name string
		er   ErrorResponse
		want error // the only sentinel that matches; nil for none
	}{
		{"400", ErrorResponse{StatusCode: 400, Message: "bad"}, nil},
		{"401", ErrorResponse{StatusCode: 401}, ErrUnauthorized},
		{"402", ErrorResponse{StatusCode: 402}, ErrNotPermitted},
		{"403", ErrorResponse{StatusCode: 403, Message: "Forbidden"}, ErrNotPermitted},
		{"403 quota", ErrorResponse{StatusCode: 403, Message: "Daily Query Limit Reached"}, ErrQuotaExceeded},
		{"404", ErrorResponse{StatusCode: 404}, ErrNotFound},
		{"429 throttle", ErrorResponse{StatusCode: 429}, ErrThrottled},
		{"429 quota", ErrorResponse{StatusCode: 429, Message: "Quota has been exceeded!"}, ErrQuotaExceeded},
		{"429 quota in developer message", ErrorResponse{StatusCode: 429, Message: "Refused", DeveloperMessage: "quota exceeded for operation search_api"}, ErrQuotaExceeded},
		{"500", ErrorResponse{StatusCode: 500}, nil},
		{"200 legacy 401", ErrorResponse{StatusCode: 200, Code: 401, Message: "API key provided does not match any user."}, ErrUnauthorized},
		{"200 quota", ErrorResponse{StatusCode: 200, Message: "Quota has been exceeded!"}, ErrQuotaExceeded},
		{"400 mentioning quota", ErrorResponse{StatusCode: 400, Message: "bad quota parameter"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var err error = &tt.er
			for _, s := range all {
				if got := errors.Is(err, s); got != (s == tt.want) {
					t.Errorf("errors.Is(%v) = %v", s, got)
				}
			}
		})
	}
}

func TestResponseErrors(t *testing.T) {
	t.Parallel()
	big := `{"a":"` + strings.Repeat("x", 2000) + `"}`
	tests := []struct {
		name     string
		r        reply
		opts     []Option
		wantKind DecodeErrorKind // for *DecodeError
		wantIs   error
		wantText string
	}{
		{name: "200 with error object", r: reply{status: 200, body: `{"error":{"http_code":401,"message":"API key provided does not match any user."}}`},
			wantIs: ErrUnauthorized, wantText: "200 OK with an error body (code 401): API key provided"},
		{name: "200 with error string", r: reply{status: 200, body: `{"error":"Quota has been exceeded!","results":[]}`},
			wantIs: ErrQuotaExceeded, wantText: "Quota has been exceeded!"},
		{name: "html 200", r: reply{status: 200, body: "<html><title>Login</title></html>", header: http.Header{"Content-Type": {"text/html"}}},
			wantKind: DecodeNotJSON, wantText: `body is not JSON (Content-Type "text/html")`},
		{name: "plain text 200", r: reply{status: 200, body: "OK"}, wantKind: DecodeNotJSON, wantText: "body is not JSON"},
		{name: "truncated", r: reply{status: 200, body: `{"results":[{"value":"a"},{"val`}, wantKind: DecodeTruncated, wantText: "body is truncated"},
		{name: "wrong shape", r: reply{status: 200, body: `{"results":"x"}`}, wantKind: DecodeInvalid, wantText: "invalid JSON for the expected type"},
		{name: "syntax error inside", r: reply{status: 200, body: `{"results":[1,,2]}`}, wantKind: DecodeInvalid, wantText: "at byte"},
		{name: "empty", r: reply{status: 200, body: "  \n"}, wantKind: DecodeEmpty, wantText: "body is empty"},
		{name: "too large", r: reply{status: 200, body: big}, opts: []Option{WithMaxResponseSize(1000)},
			wantKind: DecodeTooLarge, wantIs: ErrResponseTooLarge, wantText: "exceeds the maximum response size"},
		{name: "404 message", r: reply{status: 404, body: `{"message":"No record(s) found"}`}, wantIs: ErrNotFound,
			wantText: "GET https://api.riskiq.net/pt/v2/dns/passive: 404 Not Found: No record(s) found"},
		{name: "502 html", r: reply{status: 502, body: "<html><title>502 Bad Gateway</title></html>", header: http.Header{"Content-Type": {"text/html"}}},
			opts: []Option{WithRetryPolicy(RetryPolicy{})}, wantText: "502 Bad Gateway: 502 Bad Gateway"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, ft := newFakeClient(t, []reply{tt.r}, tt.opts...)
			var v struct {
				Results []struct{ Value string } `json:"results"`
			}
			_, err := c.get(context.Background(), "dns/passive", nil, false, &v)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error %q does not say %q", err, tt.wantText)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v) false for %v", tt.wantIs, err)
			}
			var de *DecodeError
			var er *ErrorResponse
			switch {
			case errors.As(err, &de):
				if de.Kind != tt.wantKind {
					t.Errorf("kind = %v, want %v", de.Kind, tt.wantKind)
				}
			case errors.As(err, &er):
				if tt.r.status < 300 && er.StatusCode != tt.r.status {
					t.Errorf("status %d", er.StatusCode)
				}
			default:
				t.Errorf("err %T is neither *DecodeError nor *ErrorResponse", err)
			}
			ft.checkClosed(t)
		})
	}
}

func TestErrorBodyKeptUpTo1MiB(t *testing.T) {
	t.Parallel()
	body := `{"message":"huge"}` + strings.Repeat(" ", 2<<20)
	c, ft := newFakeClient(t, []reply{{status: 400, body: body}})
	_, err := c.get(context.Background(), "dns/passive", nil, false, nil)
	var er *ErrorResponse
	if !errors.As(err, &er) {
		t.Fatalf("err = %v", err)
	}
	if len(er.Body) != 1<<20 || !er.Truncated || er.Message != "huge" {
		t.Errorf("body %d bytes, truncated %v, message %q", len(er.Body), er.Truncated, er.Message)
	}
	ft.checkClosed(t)
}

func TestNoContent(t *testing.T) {
	t.Parallel()
	c, _ := newFakeClient(t, []reply{{status: 204}})
	v := map[string]int{"kept": 1}
	if _, err := c.get(context.Background(), "actions/tags", nil, false, &v); err != nil {
		t.Fatal(err)
	}
	if v["kept"] != 1 {
		t.Error("204 changed the target")
	}
}

func TestWriterTarget(t *testing.T) {
	t.Parallel()
	c, _ := newFakeClient(t, []reply{{status: 200, body: `{"raw": [1, 2]}`}})
	var b strings.Builder
	if _, err := c.get(context.Background(), "dns/passive", nil, false, &b); err != nil {
		t.Fatal(err)
	}
	if b.String() != `{"raw": [1, 2]}` {
		t.Errorf("raw body %q", b.String())
	}
}

func TestQuotaErrorText(t *testing.T) {
	t.Parallel()
	qe := &QuotaExceededError{Scope: "organization", Count: 100, Limit: 100}
	if got, want := qe.Error(), "passivetotal: quota exceeded, request not sent (organization search_api 100 of 100)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(qe, ErrQuotaExceeded) {
		t.Error("not ErrQuotaExceeded")
	}
	var er *ErrorResponse
	if errors.As(qe, &er) {
		t.Error("a guard refusal has no *ErrorResponse")
	}
}

func FuzzParseErrorBody(f *testing.F) {
	f.Add("application/json", []byte(`{"error":{"http_code":401,"message":"API key provided does not match any user.","developer_message":"x"}}`))
	f.Add("application/json", []byte(`{"message":"Quota has been exceeded!"}`))
	f.Add("", []byte(`{"error":"quota_exceeded"}`))
	f.Add("text/html", []byte("<html><title>502</title><script>x</script></html>"))
	f.Add("text/plain", []byte("Daily Query Limit Reached"))
	f.Add("", []byte("<title>"))
	f.Add("", []byte(`{"error":{"http_code":"99999999999999999999"}}`))
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		msg, dev, code := parseErrorBody(ct, body)
		for _, s := range []string{msg, dev} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8: %q", s)
			}
			if len(s) > maxMessage+len("…") {
				t.Fatalf("message of %d bytes", len(s))
			}
			if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) }) >= 0 {
				t.Fatalf("control character in %q", s)
			}
			if s != strings.TrimSpace(s) {
				t.Fatalf("untrimmed %q", s)
			}
		}
		if code < 0 || code > 999 {
			t.Fatalf("code %d", code)
		}
		// Classification must not panic whatever the parse gave.
		er := &ErrorResponse{StatusCode: 200, Message: msg, DeveloperMessage: dev, Code: code}
		_ = er.Error()
		_ = errors.Is(er, ErrQuotaExceeded)
	})
}

func TestDecodeErrorMatchesErrInvalidResponse(t *testing.T) {
	t.Parallel()
	for kind := DecodeInvalid; kind <= DecodeRead; kind++ {
		err := error(&DecodeError{Kind: kind, StatusCode: 200, Method: "GET", URL: "https://x/"})
		if got, want := errors.Is(err, ErrInvalidResponse), kind != DecodeRead; got != want {
			t.Errorf("kind %v: errors.Is(err, ErrInvalidResponse) = %v, want %v", kind, got, want)
		}
	}
	tooLarge := &DecodeError{Kind: DecodeTooLarge, Err: ErrResponseTooLarge}
	if !errors.Is(tooLarge, ErrResponseTooLarge) || !errors.Is(tooLarge, ErrInvalidResponse) {
		t.Error("a too-large body must match both ErrResponseTooLarge and ErrInvalidResponse")
	}
}
