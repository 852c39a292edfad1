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

	"github.com/ptstix/passivetotal/internal/httpcore"
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

// addSecret registers a secret with the scrubber in every encoding it
// could travel in: as given, URL-encoded (a form body), base64 (a Basic
// header).
func addSecret(s *httpcore.Scrubber, secret string) {
	if len(secret) < 4 {
		s.Add(secret)
		return
	}
	for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret),
		base64.StdEncoding.EncodeToString([]byte(secret)), base64.RawURLEncoding.EncodeToString([]byte(secret))} {
		s.Add(form)
	}
}

// tokenCache holds the current token and refreshes it when it expires or
// when Graph refuses it (invalidate). One fetch at a time: concurrent calls
// wait for it rather than each asking Entra ID.
type tokenCache struct {
	fetch func(ctx context.Context) (*oauth2.Token, error)
	scrub *httpcore.Scrubber

	mu  sync.Mutex
	tok *oauth2.Token
	gen int // counts fetched tokens, so a stale refusal drops no newer token
}

// accessToken is the shared stack's bearer source: it runs before every
// attempt.
func (c *tokenCache) accessToken(ctx context.Context) (string, error) {
	t, err := c.token(ctx)
	if err != nil {
		return "", err
	}
	return t.AccessToken, nil
}

// generation is the number of the token now cached.
func (c *tokenCache) generation() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
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
	addSecret(c.scrub, t.AccessToken)
	addSecret(c.scrub, t.RefreshToken)
	c.tok = t
	c.gen++
	return t, nil
}

// invalidate drops the cached token if it is still generation gen, so the
// next attempt fetches a new one (Graph refused it: expired or revoked).
// Concurrent refusals of one token cause one fetch, not one each.
func (c *tokenCache) invalidate(gen int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen {
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
		out := &TokenError{Code: httpcore.CleanMessage(c.scrub.String(re.ErrorCode)), Description: httpcore.CleanMessage(c.scrub.String(re.ErrorDescription))}
		if re.Response != nil {
			out.StatusCode = re.Response.StatusCode
		}
		if out.Code == "" && out.Description == "" {
			// Scrubbed whole, then cut: a cut first could leave part of a
			// secret that straddles the cut.
			out.Description = httpcore.CleanMessage(c.scrub.String(string(re.Body)))
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
	return &TokenError{Err: &scrubbedError{msg: httpcore.CleanMessage(c.scrub.String(err.Error())), err: err}}
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
