package mdti

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/ptstix/passivetotal/internal/httpcore"
)

// Client talks to Microsoft Graph's threat-intelligence API. It is safe
// for concurrent use; create one per app registration and share it.
type Client struct {
	core       *httpcore.Client
	tokenHTTP  *http.Client // the token request's client (nil with WithTokenSource)
	base       *url.URL
	tokens     *tokenCache
	pageBudget int
	logger     *slog.Logger
}

// graphRoutes label the observer's attempts and the log records.
var graphRoutes = httpcore.RouteLabels(
	"/articles", "/articles/{id}", "/articles/{id}/indicators",
	"/hosts/{id}", "/hosts/{id}/passiveDns", "/hosts/{id}/passiveDnsReverse",
	"/intelProfiles", "/intelProfiles/{id}", "/intelProfiles/{id}/indicators",
	"/vulnerabilities/{id}", "/vulnerabilities/{id}/components", "/vulnerabilities/{id}/articles",
	"/hosts/{id}/whois", "/hosts/{id}/sslCertificates", "/hosts/{id}/subdomains",
	"/hosts/{id}/hostPairs", "/hosts/{id}/parentHostPairs", "/hosts/{id}/childHostPairs",
	"/hosts/{id}/components", "/hosts/{id}/trackers", "/hosts/{id}/cookies",
	"/hosts/{id}/ports", "/hosts/{id}/reputation",
	"/sslCertificates/{id}", "/whoisRecords/{id}/history",
)

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
	base, err := httpcore.ParseBaseURL(s.BaseURL, s.InsecureHTTP)
	if err != nil {
		return nil, fmt.Errorf("mdti: NewClient: %w", err)
	}
	scrub := httpcore.NewScrubber()
	c := &Client{base: base, pageBudget: s.pageBudget, logger: s.Logger}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case s.tokenSource != nil:
		c.tokens = &tokenCache{fetch: sourceFetch(s.tokenSource), scrub: scrub}
	case s.clientID != "":
		tu, err := tokenURLFor(s.tokenURL, s.tenantID)
		if err != nil {
			return nil, fmt.Errorf("mdti: NewClient: %w", err)
		}
		if _, err := httpcore.ParseBaseURL(tu, s.InsecureHTTP); err != nil {
			return nil, fmt.Errorf("mdti: NewClient: token URL: %w", err)
		}
		addSecret(scrub, s.secret)
		c.tokenHTTP = tokenHTTPClient(s)
		c.tokens = &tokenCache{fetch: clientCredentialsFetch(tu, s.clientID, s.secret, s.scopes, c.tokenHTTP), scrub: scrub}
	default:
		return nil, errors.New("mdti: NewClient: no credentials: use WithClientCredentials or WithTokenSource")
	}
	cfg := s.Config(base)
	cfg.Name = "mdti"
	cfg.Auth = httpcore.BearerAuth(c.tokens.accessToken)
	cfg.Scrubber = scrub
	cfg.Dialect = httpcore.Dialect{
		ParseError: parseGraphError,
		RetryStatus: func(r *http.Response) bool {
			return r.StatusCode == http.StatusTooManyRequests || r.StatusCode == http.StatusServiceUnavailable || r.StatusCode == http.StatusGatewayTimeout
		},
		Endpoint:       graphRoutes,
		ErrorInSuccess: func(body []byte) bool { return graphErrorBody(body, "") != nil },
	}
	c.core, err = httpcore.New(cfg)
	if err != nil {
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
	if s.HTTPClient != nil {
		rt = s.HTTPClient.Transport
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
		Timeout:       s.AttemptTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// BaseURL returns the API root the client sends requests to.
func (c *Client) BaseURL() string { return c.base.String() }

// CloseIdleConnections closes idle keep-alive connections (at shutdown,
// or in tests that check for leaks). The client stays usable.
func (c *Client) CloseIdleConnections() {
	c.core.CloseIdleConnections()
	if c.tokenHTTP != nil {
		c.tokenHTTP.CloseIdleConnections()
	}
}

// Format prints the client without credentials or tokens, whatever the verb.
func (c *Client) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "mdti.Client{base: %s}", c.base)
}

// get sends GET <base>/<path>?<query> and decodes the JSON answer into v.
// path is already escaped, each dynamic segment with url.PathEscape.
func (c *Client) get(ctx context.Context, path string, query url.Values, v any) (*Response, error) {
	req, err := c.core.NewRequest(http.MethodGet, path, query, nil)
	if err != nil {
		return nil, err
	}
	if len(query) > 0 {
		// OData system options keep their literal '$', as Graph writes them.
		req.URL.RawQuery = strings.ReplaceAll(req.URL.RawQuery, "%24", "$")
	}
	return c.send(ctx, req, v)
}

// getURL sends GET u (an @odata.nextLink, checked) and decodes into v.
func (c *Client) getURL(ctx context.Context, u *url.URL, v any) (*Response, error) {
	req, err := c.core.NewRequestURL(http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	return c.send(ctx, req, v)
}

// send runs req through the shared stack and decodes the answer into v
// (a pageOf or an entity, whose decoders check Graph's shape). A 401 drops
// the cached token and tries once more with a fresh one: the token expired
// or was revoked since it was issued. The attempts of both tries count.
func (c *Client) send(ctx context.Context, req *http.Request, v any) (*Response, error) {
	attempts := 0
	for try := 0; ; try++ {
		gen := c.tokens.generation()
		resp, err := c.core.Do(ctx, req, v)
		if resp != nil {
			attempts += resp.Attempts
			resp.Attempts = attempts
		}
		var er *ErrorResponse
		if errors.As(err, &er) {
			er.Attempts = max(er.Attempts, attempts)
			if er.StatusCode == http.StatusUnauthorized && try == 0 {
				c.tokens.invalidate(gen)
				c.logger.Info("mdti: Graph refused the token; fetching a new one", "endpoint", c.core.Endpoint(req.URL))
				continue
			}
		}
		return resp, err
	}
}

// parseGraphError reads Graph's error body with the shared parser and, for
// a refusal that says the app lacks a permission, names the one it needs.
func parseGraphError(contentType string, body []byte) httpcore.ErrorDetails {
	d := httpcore.ParseErrorBody(contentType, body)
	switch strings.ToLower(d.ErrorCode) {
	case "forbidden", "authorization_requestdenied", "accessdenied":
		d.DeveloperMessage = "the app needs the ThreatIntelligence.Read.All application permission, with admin consent"
	}
	return d
}
