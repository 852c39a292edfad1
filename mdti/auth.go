package mdti

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Entra ID defaults for the client credentials flow.
const (
	// DefaultTokenURL is the Entra ID token endpoint; {tenant} is replaced
	// by the tenant ID (a GUID or a verified domain).
	DefaultTokenURL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
	// DefaultScope asks for every application permission granted to the
	// app on Graph, ThreatIntelligence.Read.All among them.
	DefaultScope = "https://graph.microsoft.com/.default"
)

// TokenError is a failed token request: Entra ID refused it (StatusCode
// set, errors.Is(err, ErrUnauthorized) for a 4xx refusal) or no answer
// arrived (Err set: a connection failure, a timeout). Its fields and text
// never hold the client secret or a token: the description is cleaned of
// both, in plain, URL-encoded and base64 forms.
type TokenError struct {
	// StatusCode is the token endpoint's HTTP status, 0 when none arrived.
	StatusCode int
	// Code is the OAuth2 error ("invalid_client", "unauthorized_client",
	// "invalid_request", ...).
	Code string
	// AADSTS is Entra ID's error code, such as "AADSTS7000215" (invalid
	// client secret) or "AADSTS90002" (unknown tenant); "" when none.
	AADSTS string
	// Description is Entra ID's explanation, cleaned and cut to 512 bytes.
	Description string
	// Err is the cause when no answer arrived; errors.Is(err,
	// context.DeadlineExceeded) and the like see through.
	Err error
}

// Error says what the token endpoint answered, or why it did not.
func (e *TokenError) Error() string {
	var b strings.Builder
	b.WriteString("mdti: token request")
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ": %s", e.Code)
	}
	if e.AADSTS != "" && !strings.Contains(e.Description, e.AADSTS) {
		fmt.Fprintf(&b, " (%s)", e.AADSTS)
	}
	if e.Description != "" {
		fmt.Fprintf(&b, ": %s", e.Description)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// Is matches ErrUnauthorized when the token endpoint refused the request
// with a 4xx status: the credentials, the tenant or the app are wrong.
func (e *TokenError) Is(target error) bool {
	return target == ErrUnauthorized && e.StatusCode >= 400 && e.StatusCode < 500
}

// Unwrap gives the transport cause, if any.
func (e *TokenError) Unwrap() error { return e.Err }

var aadstsPattern = regexp.MustCompile(`AADSTS\d{3,}`)

// redactor removes secrets from text, in every encoding they could travel
// in: as given, URL-encoded (a form body), base64 (a Basic header).
type redactor struct {
	mu      sync.RWMutex
	secrets []string
}

func (r *redactor) add(secret ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secret {
		if len(s) < 4 {
			continue
		}
		r.secrets = append(r.secrets, s, url.QueryEscape(s), url.PathEscape(s),
			base64.StdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s)))
	}
}

func (r *redactor) scrub(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, sec := range r.secrets {
		if sec != "" && strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "REDACTED")
		}
	}
	return s
}

// tokenCache holds the current token and refreshes it when it expires or
// when Graph refuses it (invalidate). One fetch at a time: concurrent calls
// wait for it rather than each asking Entra ID.
type tokenCache struct {
	fetch  func(ctx context.Context) (*oauth2.Token, error)
	redact *redactor

	mu  sync.Mutex
	tok *oauth2.Token
}

// token returns a valid token, fetching one when none is cached.
func (c *tokenCache) token(ctx context.Context) (*oauth2.Token, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok.Valid() {
		return c.tok, nil
	}
	t, err := c.fetch(ctx)
	if err != nil {
		return nil, c.tokenError(err)
	}
	if t == nil || t.AccessToken == "" {
		return nil, &TokenError{Description: "the token source returned no access token"}
	}
	c.redact.add(t.AccessToken, t.RefreshToken)
	c.tok = t
	return t, nil
}

// invalidate drops t from the cache if it is still the cached token, so
// the next call fetches a new one (Graph refused t: expired or revoked).
func (c *tokenCache) invalidate(t *oauth2.Token) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok != nil && t != nil && c.tok.AccessToken == t.AccessToken {
		c.tok = nil
	}
}

// tokenError turns what a token source returned into a *TokenError whose
// text is free of secrets. x/oauth2's *RetrieveError keeps the raw body and
// response; only its parsed, cleaned parts are kept.
func (c *tokenCache) tokenError(err error) error {
	var te *TokenError
	if errors.As(err, &te) {
		return err
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		out := &TokenError{Code: clean(c.redact.scrub(re.ErrorCode)), Description: clean(c.redact.scrub(re.ErrorDescription))}
		if re.Response != nil {
			out.StatusCode = re.Response.StatusCode
		}
		if out.Code == "" && out.Description == "" {
			out.Description = clean(c.redact.scrub(string(re.Body[:min(len(re.Body), maxMessage)])))
		}
		out.AADSTS = aadstsPattern.FindString(out.Description)
		if out.AADSTS == "" {
			out.AADSTS = aadstsFromBody(re.Body)
		}
		return out
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		err = ue.Err
	}
	return &TokenError{Err: &scrubbedError{msg: clean(c.redact.scrub(err.Error())), err: err}}
}

// aadstsFromBody reads Entra ID's "error_codes": [7000215] when the
// description did not name the code.
func aadstsFromBody(body []byte) string {
	var v struct {
		Codes []int64 `json:"error_codes"`
	}
	if json.Unmarshal(body, &v) == nil && len(v.Codes) > 0 && v.Codes[0] > 0 {
		return fmt.Sprintf("AADSTS%d", v.Codes[0])
	}
	return ""
}

// scrubbedError shows a cleaned text and unwraps to the original cause, so
// errors.Is still sees context.DeadlineExceeded and the like.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// clientCredentialsFetch returns the fetch function of the client
// credentials flow. Each fetch runs with the calling request's context and
// hc, the HTTP client built on the same transport and attempt timeout as
// Graph calls. The secret goes in the form body (Entra ID's style), never
// in a URL.
func clientCredentialsFetch(tokenURL, clientID, secret string, scopes []string, hc *http.Client) func(context.Context) (*oauth2.Token, error) {
	cfg := &clientcredentials.Config{
		ClientID:     clientID,
		ClientSecret: secret,
		TokenURL:     tokenURL,
		Scopes:       scopes,
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	return func(ctx context.Context) (*oauth2.Token, error) {
		return cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
	}
}

// sourceFetch adapts a caller's oauth2.TokenSource (azidentity, a managed
// identity, a test) to the cache. Such a source takes no context: the
// call's context cannot interrupt it.
func sourceFetch(ts oauth2.TokenSource) func(context.Context) (*oauth2.Token, error) {
	return func(context.Context) (*oauth2.Token, error) { return ts.Token() }
}

// tokenURLFor replaces {tenant} in a token URL template by the tenant ID,
// escaped as one path segment.
func tokenURLFor(template, tenant string) (string, error) {
	if strings.Contains(template, "{tenant}") {
		t := strings.TrimSpace(tenant)
		if t == "" {
			return "", errors.New("the token URL needs a tenant ID")
		}
		if t == "." || t == ".." || strings.ContainsAny(t, "/?#\\ \t\r\n\x00") {
			return "", fmt.Errorf("tenant ID %q is not a GUID or domain", t)
		}
		template = strings.ReplaceAll(template, "{tenant}", url.PathEscape(t))
	}
	return template, nil
}
