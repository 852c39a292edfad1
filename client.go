package passivetotal

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Client talks to the PassiveTotal v2 API. It is safe for concurrent use;
// create one per account and share it.
type Client struct {
	baseURL         *url.URL
	username        string
	authHeader      string   // "Basic ...", set on every request, never logged
	secrets         []string // texts scrubbed from errors and logs
	userAgent       string
	maxResponseSize int64
	insecureHTTP    bool
	retry           RetryPolicy
	logger          *slog.Logger
	observer        Observer
	quota           *quotaTracker
	rc              *retryablehttp.Client
	base            http.RoundTripper                         // bottom of the stack, for CloseIdleConnections
	jitter          func(ceiling time.Duration) time.Duration // fullJitter; tests make it predictable
}

// Response is the last HTTP response of a call. Its body has already been
// read and closed; the request it carries has no Authorization header.
type Response struct {
	*http.Response
	// Attempts is the number of HTTP attempts the call made (1 when no
	// retry was needed).
	Attempts int
}

// NewClient returns a client for the account username (its e-mail) and
// apiKey, sent as HTTP Basic credentials on every request. Options adjust
// the defaults (see the With... functions); the first failing option is
// reported.
func NewClient(username, apiKey string, opts ...Option) (*Client, error) {
	switch {
	case username == "" || apiKey == "":
		return nil, errors.New("passivetotal: NewClient: username and API key are both required")
	case strings.ContainsAny(username, ":\r\n\x00"):
		return nil, errors.New("passivetotal: NewClient: username must not contain ':' or control characters")
	case strings.ContainsAny(apiKey, "\r\n\x00"):
		return nil, errors.New("passivetotal: NewClient: API key must not contain control characters")
	}
	s := defaultSettings()
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&s); err != nil {
			return nil, fmt.Errorf("passivetotal: NewClient: %w", err)
		}
	}
	base, err := parseBaseURL(s.baseURL, s.insecureHTTP)
	if err != nil {
		return nil, fmt.Errorf("passivetotal: NewClient: %w", err)
	}

	token := base64.StdEncoding.EncodeToString([]byte(username + ":" + apiKey))
	c := &Client{
		baseURL:         base,
		username:        username,
		authHeader:      "Basic " + token,
		secrets:         []string{token, apiKey},
		userAgent:       s.userAgent,
		maxResponseSize: s.maxResponseSize,
		insecureHTTP:    s.insecureHTTP,
		retry:           s.retry,
		logger:          s.logger,
		observer:        s.observer,
		quota:           newQuotaTracker(s.guard, s.guardMaxAge),
		jitter:          fullJitter,
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}

	// The user's client is copied, never modified: its Transport becomes the
	// bottom of our stack.
	var hc http.Client
	if s.httpClient != nil {
		hc = *s.httpClient
	}
	if hc.CheckRedirect == nil {
		hc.CheckRedirect = sameHostRedirects
	}
	rt := hc.Transport
	if rt == nil {
		if dt, ok := http.DefaultTransport.(*http.Transport); ok {
			rt = dt.Clone()
		} else {
			rt = http.DefaultTransport
		}
	}
	c.base = rt
	if s.attemptTimeout > 0 {
		rt = &timeoutTransport{timeout: s.attemptTimeout, next: rt}
	}
	// Read the body inside the attempt, so that a reset or an attempt
	// timeout while it arrives is retried like any failed attempt.
	rt = &bufferTransport{limit: s.maxResponseSize, next: rt}
	if s.limiter != nil {
		rt = &limiterTransport{limiter: s.limiter, next: rt}
	}
	hc.Transport = &observeTransport{c: c, next: rt}

	c.rc = &retryablehttp.Client{
		HTTPClient:   &hc,
		Logger:       nil, // retryablehttp would log URLs its own way; we log in observeTransport
		RetryWaitMin: s.retry.MinWait,
		RetryWaitMax: s.retry.MaxWait,
		RetryMax:     s.retry.MaxRetries,
		CheckRetry:   c.checkRetry,
		Backoff:      c.backoff,
		ErrorHandler: errorHandler,
	}
	return c, nil
}

// BaseURL returns the API base the client sends requests to.
func (c *Client) BaseURL() string { return c.baseURL.String() }

// CloseIdleConnections closes the keep-alive connections the client's
// transport holds idle (at shutdown, or in tests that check for leaks). The
// client stays usable.
func (c *Client) CloseIdleConnections() {
	if ci, ok := c.base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// Format prints the client without its credentials, whatever the verb.
func (c *Client) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "passivetotal.Client{base: %s, user: %s}", c.baseURL, c.username)
}

// NewRequest builds a request for path, relative to the base URL, with the
// query and an optional body encoded as JSON (a GET with a JSON body is
// allowed: some bulk endpoints want one). path is in escaped form: escape
// each dynamic segment with url.PathEscape, e.g.
// "articles/"+url.PathEscape(guid). Unescaped '?', '#', spaces or control
// characters, empty segments and "." or ".." segments are refused, so no
// value can change which resource is addressed. The request carries the
// Basic credentials, Accept: application/json and the User-Agent.
func (c *Client) NewRequest(method, path string, query url.Values, body any) (*http.Request, error) {
	if method == "" {
		return nil, errors.New("passivetotal: NewRequest: empty method")
	}
	u, err := c.buildURL(path, query)
	if err != nil {
		return nil, err
	}
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("passivetotal: NewRequest: encoding the body: %w", err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u.String(), r)
	if err != nil {
		return nil, fmt.Errorf("passivetotal: NewRequest: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Authorization", c.authHeader)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// buildURL joins an escaped relative path to the base URL and adds the
// query. See NewRequest for what is refused.
func (c *Client) buildURL(path string, query url.Values) (*url.URL, error) {
	for _, r := range path {
		if r <= ' ' || r == 0x7f || r == '?' || r == '#' {
			return nil, fmt.Errorf("passivetotal: path %q: %q must be escaped (url.PathEscape)", path, r)
		}
	}
	segs := splitPath(path)
	for _, seg := range segs {
		if seg == "" {
			return nil, fmt.Errorf("passivetotal: path %q: empty segment", path)
		}
		if _, err := url.PathUnescape(seg); err != nil {
			return nil, fmt.Errorf("passivetotal: path %q: bad escape: %w", path, err)
		}
		if isDotSegment(seg) {
			return nil, fmt.Errorf("passivetotal: path %q: dot segments are refused", path)
		}
	}
	escaped := c.baseURL.EscapedPath()
	if len(segs) > 0 {
		escaped += "/" + strings.Join(segs, "/")
	}
	unescaped, err := url.PathUnescape(escaped)
	if err != nil {
		return nil, fmt.Errorf("passivetotal: path %q: %w", path, err)
	}
	u := *c.baseURL
	u.Path, u.RawPath = unescaped, escaped
	u.RawQuery = query.Encode()
	return &u, nil
}

// Do sends req (built with NewRequest) through the client's whole stack
// (rate limit, retries, timeouts, observer) and decodes a JSON answer into
// v, unless v is nil; an io.Writer v receives the raw body instead. API
// failures come back as *ErrorResponse (a 2xx whose body has an "error"
// object included), unusable bodies as *DecodeError. Do does not go through
// the quota guard.
func (c *Client) Do(ctx context.Context, req *http.Request, v any) (*Response, error) {
	return c.do(ctx, req, false, v)
}

// get sends GET <base>/<path>?<query> through the whole stack and decodes
// the JSON body into v. path is already escaped, each dynamic segment with
// url.PathEscape. search reports whether the call spends an API search: the
// quota guard checks and counts those.
func (c *Client) get(ctx context.Context, path string, query url.Values, search bool, v any) (*Response, error) {
	req, err := c.NewRequest(http.MethodGet, path, query, nil)
	if err != nil {
		return nil, err
	}
	return c.do(ctx, req, search, v)
}

func (c *Client) do(ctx context.Context, req *http.Request, search bool, v any) (*Response, error) {
	if ctx == nil {
		return nil, errors.New("passivetotal: nil context")
	}
	if req == nil || req.URL == nil {
		return nil, errors.New("passivetotal: nil request")
	}
	if req.URL.Scheme == "http" && !c.insecureHTTP && !isLoopback(req.URL.Hostname()) {
		return nil, fmt.Errorf("passivetotal: %s %s: plain http to a non-loopback host is refused (WithInsecureHTTP)", req.Method, c.redactURL(req.URL))
	}
	if err := ctx.Err(); err != nil {
		return nil, c.requestError(req, 0, err)
	}
	endpoint := c.endpointFor(req.URL)
	if search {
		if err := c.admitSearch(ctx, endpoint); err != nil {
			return nil, err
		}
	}
	st := &callState{endpoint: endpoint}
	sent := req.WithContext(withCallState(ctx, st))
	if req.GetBody != nil {
		// A fresh copy of the body, so the same request can be sent again.
		body, err := req.GetBody()
		if err != nil {
			return nil, c.requestError(req, 0, err)
		}
		sent.Body = body
	}
	rreq, err := retryablehttp.FromRequest(sent)
	if err != nil {
		return nil, c.requestError(req, 0, err)
	}
	resp, err := c.rc.Do(rreq)
	if err != nil {
		return nil, c.requestError(req, st.attempts, err)
	}
	defer drainAndClose(resp.Body)

	// Hand back a copy of the request without the credentials.
	safeReq := req.Clone(ctx)
	safeReq.Header.Del("Authorization")
	resp.Request = safeReq
	r := &Response{Response: resp, Attempts: st.attempts}
	return r, c.handle(req, r, search, v)
}

// endpointFor labels a URL for logs and the observer.
func (c *Client) endpointFor(u *url.URL) string {
	p := u.EscapedPath()
	if base := c.baseURL.EscapedPath(); strings.HasPrefix(p, base+"/") || p == base {
		p = p[len(base):]
	}
	return endpointLabel(p)
}

// requestError wraps a failure that left no response.
func (c *Client) requestError(req *http.Request, attempts int, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		err = ue.Err
	}
	msg := fmt.Sprintf("passivetotal: %s %s", req.Method, c.redactURL(req.URL))
	if attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", attempts)
	}
	return &requestError{msg: c.scrub(msg + ": " + err.Error()), err: err}
}

// sameHostRedirects is the redirect policy of a client whose HTTP client has
// none: follow at most 10 redirects, all to the same scheme and host as the
// original request (an upgrade from http to https is allowed).
func sameHostRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	first := via[0].URL
	if req.URL.Host != first.Host || (req.URL.Scheme != first.Scheme && req.URL.Scheme != "https") {
		return ErrRedirectRefused
	}
	return nil
}
