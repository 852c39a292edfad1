package httpcore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Config describes one backend. Name, BaseURL and MaxResponseSize are
// required; every other zero value works.
type Config struct {
	// Name prefixes error texts and log messages ("passivetotal", "mdti").
	Name string
	// BaseURL is the API base, as returned by ParseBaseURL.
	BaseURL *url.URL
	// HTTPClient is copied, never modified; its Transport (a clone of
	// http.DefaultTransport when nil) becomes the bottom of the stack.
	// Without a CheckRedirect, SameHostRedirects applies.
	HTTPClient *http.Client
	// Limiter paces every attempt, retries included; nil: no limit.
	Limiter Limiter
	// Retry is the retry policy (see CheckRetryPolicy).
	Retry RetryPolicy
	// AttemptTimeout bounds one attempt, body included; zero: no bound.
	AttemptTimeout time.Duration
	// MaxResponseSize is the largest 2xx body read, in bytes.
	MaxResponseSize int64
	// InsecureHTTP allows plain http to a host that is not loopback.
	InsecureHTTP bool
	// UserAgent is sent on every request built by NewRequest.
	UserAgent string
	// Logger receives a Debug record per attempt and an Info record per
	// retry; nil discards them.
	Logger *slog.Logger
	// Observer receives every attempt; nil: none.
	Observer Observer
	// Auth sets the credentials of each attempt; nil: none.
	Auth Authorizer
	// Scrubber holds the secrets removed from errors, logs and the
	// Observer's errors; nil: a new empty one. Auth's credentials are
	// added to it as they are set.
	Scrubber *Scrubber
	// Dialect is what differs between the backends' APIs.
	Dialect Dialect
	// Quota estimates the searches left for Attempt.QuotaRemaining; nil:
	// unknown.
	Quota func(now time.Time) (remaining int, known bool)
	// Jitter picks the backoff wait below a ceiling; nil: FullJitter.
	// Tests make it predictable.
	Jitter func(ceiling time.Duration) time.Duration
}

// Dialect is what differs between the APIs' wire conventions. Every nil
// function has a default, named beside it.
type Dialect struct {
	// ParseError reads the server's message from an error body
	// (ParseErrorBody, which knows the PassiveTotal and Graph shapes).
	ParseError func(contentType string, body []byte) ErrorDetails
	// ErrorInSuccess reports whether a 2xx body is an error envelope
	// (nil: never).
	ErrorInSuccess func(body []byte) bool
	// RetryStatus reports whether a response is worth another attempt
	// (DefaultRetryStatus). It may peek at the body with PeekBody.
	RetryStatus func(resp *http.Response) bool
	// Endpoint labels a path relative to the base URL (escaped, leading
	// slash optional) for logs and the Observer (RouteLabels with no
	// routes: first segment only).
	Endpoint func(relPath string) string
	// QuotaMessages makes a 403 or 429 whose message speaks of a quota
	// match ErrQuotaExceeded (PassiveTotal). Without it no response does.
	QuotaMessages bool
}

// Client sends requests through the shared stack. It is safe for
// concurrent use.
type Client struct {
	name            string
	baseURL         *url.URL
	userAgent       string
	maxResponseSize int64
	insecureHTTP    bool
	retry           RetryPolicy
	logger          *slog.Logger
	observer        Observer
	scrubber        *Scrubber
	dialect         Dialect
	quota           func(time.Time) (int, bool)
	jitter          func(time.Duration) time.Duration
	rc              *retryablehttp.Client
	base            http.RoundTripper // bottom of the stack, for CloseIdleConnections
}

// Response is the last HTTP response of a call. Its body has already been
// read and closed; the request it carries has no Authorization header.
type Response struct {
	*http.Response
	// Attempts is the number of HTTP attempts the call made (1 when no
	// retry was needed).
	Attempts int
}

// New builds the stack described by cfg.
func New(cfg Config) (*Client, error) {
	switch {
	case cfg.Name == "":
		return nil, errors.New("httpcore: Config.Name is empty")
	case cfg.BaseURL == nil:
		return nil, errors.New("httpcore: Config.BaseURL is nil")
	case cfg.MaxResponseSize <= 0:
		return nil, errors.New("httpcore: Config.MaxResponseSize must be positive")
	}
	if err := CheckRetryPolicy(cfg.Retry); err != nil {
		return nil, fmt.Errorf("httpcore: Config.Retry: %w", err)
	}
	c := &Client{
		name:            cfg.Name,
		baseURL:         cfg.BaseURL,
		userAgent:       cfg.UserAgent,
		maxResponseSize: cfg.MaxResponseSize,
		insecureHTTP:    cfg.InsecureHTTP,
		retry:           cfg.Retry,
		logger:          cfg.Logger,
		observer:        cfg.Observer,
		scrubber:        cfg.Scrubber,
		dialect:         cfg.Dialect,
		quota:           cfg.Quota,
		jitter:          cfg.Jitter,
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	if c.scrubber == nil {
		c.scrubber = NewScrubber()
	}
	if c.jitter == nil {
		c.jitter = FullJitter
	}
	if c.dialect.ParseError == nil {
		c.dialect.ParseError = ParseErrorBody
	}
	if c.dialect.RetryStatus == nil {
		c.dialect.RetryStatus = DefaultRetryStatus
	}
	if c.dialect.Endpoint == nil {
		c.dialect.Endpoint = RouteLabels()
	}

	// The caller's client is copied, never modified: its Transport becomes
	// the bottom of our stack.
	var hc http.Client
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient
	}
	if hc.CheckRedirect == nil {
		hc.CheckRedirect = SameHostRedirects
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
	if cfg.AttemptTimeout > 0 {
		rt = &timeoutTransport{timeout: cfg.AttemptTimeout, next: rt}
	}
	// Read the body inside the attempt, so that a reset or an attempt
	// timeout while it arrives is retried like any failed attempt.
	rt = &bufferTransport{limit: cfg.MaxResponseSize, next: rt}
	if cfg.Auth != nil {
		rt = &authTransport{auth: cfg.Auth, base: c.baseURL, scrubber: c.scrubber, next: rt}
	}
	if cfg.Limiter != nil {
		rt = &limiterTransport{limiter: cfg.Limiter, next: rt}
	}
	hc.Transport = &observeTransport{c: c, next: rt}

	c.rc = &retryablehttp.Client{
		HTTPClient:   &hc,
		Logger:       nil, // retryablehttp would log URLs its own way; observeTransport logs
		RetryWaitMin: cfg.Retry.MinWait,
		RetryWaitMax: cfg.Retry.MaxWait,
		RetryMax:     cfg.Retry.MaxRetries,
		CheckRetry:   c.checkRetry,
		Backoff:      c.backoff,
		ErrorHandler: errorHandler,
	}
	return c, nil
}

// BaseURL returns the API base the client sends requests to.
func (c *Client) BaseURL() *url.URL { u := *c.baseURL; return &u }

// Scrubber returns the client's scrubber, to scrub text the backend builds
// itself or to add a secret it learns.
func (c *Client) Scrubber() *Scrubber { return c.scrubber }

// CloseIdleConnections closes the keep-alive connections the base
// transport holds idle. The client stays usable.
func (c *Client) CloseIdleConnections() {
	if ci, ok := c.base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// NewRequest builds a request for path, relative to the base URL, with the
// query and an optional body encoded as JSON. path is in escaped form:
// escape each dynamic segment with PathSegment or url.PathEscape. What
// BuildURL refuses is refused. The request carries Accept:
// application/json and the User-Agent; the credentials are set per
// attempt by the Authorizer.
func (c *Client) NewRequest(method, path string, query url.Values, body any) (*http.Request, error) {
	u, err := BuildURL(c.baseURL, path, query)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.name, c.scrubber.Error(err))
	}
	return c.newRequest(method, u, body)
}

// NewRequestURL builds a request for an absolute URL given by the server,
// such as Graph's @odata.nextLink, kept verbatim. It must stay on the base
// URL's scheme, host and path (see CheckSameOrigin).
func (c *Client) NewRequestURL(method, rawURL string, body any) (*http.Request, error) {
	u, err := CheckSameOrigin(c.baseURL, rawURL)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.name, c.scrubber.Error(err))
	}
	return c.newRequest(method, u, body)
}

func (c *Client) newRequest(method string, u *url.URL, body any) (*http.Request, error) {
	if method == "" {
		return nil, fmt.Errorf("%s: NewRequest: empty method", c.name)
	}
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("%s: NewRequest: encoding the body: %w", c.name, err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u.String(), r)
	if err != nil {
		return nil, fmt.Errorf("%s: NewRequest: %w", c.name, c.scrubber.Error(err))
	}
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// Do sends req through the whole stack (rate limit, retries, timeouts,
// observer) and decodes a JSON answer into v, unless v is nil; an
// io.Writer v receives the raw body instead. API failures come back as
// *ErrorResponse (a 2xx whose body the Dialect calls an error included),
// unusable bodies as *DecodeError.
func (c *Client) Do(ctx context.Context, req *http.Request, v any) (*Response, error) {
	return c.Send(ctx, req, v, nil)
}

// Send is Do with an admission check: admit (when not nil) runs once the
// request is found sendable and before the first attempt, with the
// request's endpoint label; its error ends the call unsent and is
// returned as is.
func (c *Client) Send(ctx context.Context, req *http.Request, v any, admit func(ctx context.Context, endpoint string) error) (*Response, error) {
	if ctx == nil {
		return nil, fmt.Errorf("%s: nil context", c.name)
	}
	if req == nil || req.URL == nil {
		return nil, fmt.Errorf("%s: nil request", c.name)
	}
	if req.URL.Scheme == "http" && !c.insecureHTTP && !IsLoopback(req.URL.Hostname()) {
		return nil, fmt.Errorf("%s: %s %s: plain http to a non-loopback host is refused (WithInsecureHTTP)", c.name, req.Method, c.RedactURL(req.URL))
	}
	if err := ctx.Err(); err != nil {
		return nil, c.requestError(req, 0, err)
	}
	endpoint := c.Endpoint(req.URL)
	if admit != nil {
		if err := admit(ctx, endpoint); err != nil {
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
	c.endAttempt(sent.Context())
	if err != nil {
		return nil, c.requestError(req, st.attempts, err)
	}
	defer drainAndClose(resp.Body)

	// Hand back a copy of the request without the credentials.
	safeReq := req.Clone(ctx)
	safeReq.Header.Del("Authorization")
	resp.Request = safeReq
	r := &Response{Response: resp, Attempts: st.attempts}
	return r, c.handle(req, r, v)
}

// Endpoint labels a URL for logs and the Observer, by the Dialect's
// Endpoint applied to its path relative to the base URL.
func (c *Client) Endpoint(u *url.URL) string {
	p := u.EscapedPath()
	if base := c.baseURL.EscapedPath(); len(p) >= len(base) && p[:len(base)] == base && (len(p) == len(base) || p[len(base)] == '/') {
		p = p[len(base):]
	}
	return c.scrubber.String(c.dialect.Endpoint(p))
}

// requestError wraps a failure that left no response.
func (c *Client) requestError(req *http.Request, attempts int, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		err = ue.Err
	}
	msg := fmt.Sprintf("%s: %s %s", c.name, req.Method, c.RedactURL(req.URL))
	if attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", attempts)
	}
	return &requestError{msg: c.scrubber.String(msg + ": " + err.Error()), err: err}
}
