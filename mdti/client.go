package mdti

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// Client talks to Microsoft Graph's threat-intelligence API. It is safe
// for concurrent use; create one per app registration and share it.
type Client struct {
	base       *url.URL
	tokens     *tokenCache
	redact     *redactor
	pageBudget int
	stack      *sharedStack
	logger     *slog.Logger
}

// Response is the last HTTP response of a call. Its body has been read
// and closed; its request carries no Authorization header.
type Response struct {
	*http.Response
	// Attempts is the number of HTTP attempts of the call, retries
	// included (and the retry with a fresh token after a 401).
	Attempts int
}

// NewClient returns a Graph client. Credentials come from
// WithClientCredentials or WithTokenSource (one is required); the other
// options adjust the defaults. The first failing option is reported.
func NewClient(opts ...Option) (*Client, error) {
	s := defaultSettings()
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&s); err != nil {
			return nil, fmt.Errorf("mdti: NewClient: %w", err)
		}
	}
	base, err := checkURL("base URL", s.baseURL, s.insecureHTTP)
	if err != nil {
		return nil, fmt.Errorf("mdti: NewClient: %w", err)
	}
	c := &Client{base: base, redact: &redactor{}, pageBudget: s.pageBudget, logger: s.logger}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case s.tokenSource != nil:
		c.tokens = &tokenCache{fetch: sourceFetch(s.tokenSource), redact: c.redact}
	case s.clientID != "":
		tu, err := tokenURLFor(s.tokenURL, s.tenantID)
		if err != nil {
			return nil, fmt.Errorf("mdti: NewClient: %w", err)
		}
		if _, err := checkURL("token URL", tu, s.insecureHTTP); err != nil {
			return nil, fmt.Errorf("mdti: NewClient: %w", err)
		}
		c.redact.add(s.secret)
		c.tokens = &tokenCache{fetch: clientCredentialsFetch(tu, s.clientID, s.secret, s.scopes, tokenHTTPClient(s)), redact: c.redact}
	default:
		return nil, errors.New("mdti: NewClient: no credentials: use WithClientCredentials or WithTokenSource")
	}
	if c.stack, err = newSharedStack(base, s.stack); err != nil {
		return nil, fmt.Errorf("mdti: NewClient: %w", err)
	}
	return c, nil
}

// tokenHTTPClient is the HTTP client of the token request: the caller's
// transport (or a clone of the default one) and the same attempt timeout
// as Graph calls. It follows no redirect, since a 307 would resend the
// secret in the form body to wherever it points.
func tokenHTTPClient(s settings) *http.Client {
	var rt http.RoundTripper
	if s.httpClient != nil {
		rt = s.httpClient.Transport
	}
	if rt == nil {
		if dt, ok := http.DefaultTransport.(*http.Transport); ok {
			rt = dt.Clone()
		} else {
			rt = http.DefaultTransport
		}
	}
	return &http.Client{
		Transport:     rt,
		Timeout:       s.attemptTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// BaseURL returns the API root the client sends requests to.
func (c *Client) BaseURL() string { return c.base.String() }

// CloseIdleConnections closes idle keep-alive connections (at shutdown,
// or in tests that check for leaks). The client stays usable.
func (c *Client) CloseIdleConnections() { c.stack.closeIdle() }

// Format prints the client without credentials or tokens, whatever the verb.
func (c *Client) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "mdti.Client{base: %s}", c.base)
}

// get sends GET <base>/<path>?<query> and decodes the JSON answer into v.
// path is already escaped, each dynamic segment with url.PathEscape.
func (c *Client) get(ctx context.Context, path string, query url.Values, v any) (*Response, error) {
	u := *c.base
	u.Path, u.RawPath = "", ""
	escaped := strings.TrimSuffix(c.base.EscapedPath(), "/") + "/" + path
	unescaped, err := url.PathUnescape(escaped)
	if err != nil {
		return nil, fmt.Errorf("mdti: path %q: %w", path, err)
	}
	u.Path, u.RawPath = unescaped, escaped
	if len(query) > 0 {
		// OData system options keep their literal '$', as Graph writes them.
		u.RawQuery = strings.ReplaceAll(query.Encode(), "%24", "$")
	}
	return c.getURL(ctx, &u, v)
}

// getURL sends GET u with a bearer token through the shared stack. A 401
// with a cached token drops it and tries once more with a fresh one: the
// token expired or was revoked since it was issued.
func (c *Client) getURL(ctx context.Context, u *url.URL, v any) (*Response, error) {
	if ctx == nil {
		return nil, errors.New("mdti: nil context")
	}
	attempts := 0
	for try := 0; ; try++ {
		tok, err := c.tokens.token(ctx)
		if err != nil {
			return nil, err
		}
		resp, body, err := c.stack.get(ctx, u, tok.AccessToken)
		if resp != nil {
			attempts += resp.Attempts
			resp.Attempts = attempts
		}
		var er *ErrorResponse
		if errors.As(err, &er) {
			er.Attempts = max(er.Attempts, attempts)
			er.Message = c.redact.scrub(er.Message)
			if er.StatusCode == http.StatusUnauthorized && try == 0 {
				c.tokens.invalidate(tok)
				c.logger.Info("graph refused the token; fetching a new one", "url", u.Redacted())
				continue
			}
		}
		if err != nil {
			return resp, err
		}
		if v != nil {
			if err := decodeInto(body, v); err != nil {
				return resp, c.stack.shapeError(resp, u, body, err)
			}
		}
		return resp, nil
	}
}

// decodeInto decodes a Graph body: a collection page or one entity. A 2xx
// body that is Graph's error object has already been refused by the stack.
func decodeInto(body []byte, v any) error {
	if p, ok := v.(interface{ decode([]byte) error }); ok {
		return p.decode(body)
	}
	return json.Unmarshal(body, v)
}

// checkURL parses an API or token URL: http or https, a host, no
// credentials, query or fragment, and plain http only to loopback unless
// insecure.
func checkURL(what, raw string, insecure bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%s: cannot parse: %w", what, err)
	}
	shown := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%s %q: scheme must be http or https", what, shown)
	case u.Host == "":
		return nil, fmt.Errorf("%s %q: no host", what, shown)
	case u.User != nil:
		return nil, fmt.Errorf("%s %q: credentials in the URL are refused", what, shown)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("%s %q: must not have a query or fragment", what, shown)
	case u.Scheme == "http" && !insecure && !isLoopback(u.Hostname()):
		return nil, fmt.Errorf("%s %q: plain http to a non-loopback host would send tokens in clear text; use https or WithInsecureHTTP", what, shown)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = strings.TrimSuffix(u.RawPath, "/")
	return u, nil
}

// isLoopback reports whether host is "localhost" or a loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
