package passivetotal

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ptstix/passivetotal/internal/httpcore"
)

// Client talks to the PassiveTotal v2 API. It is safe for concurrent use;
// create one per account and share it.
type Client struct {
	core       *httpcore.Client // request building, retries, limits, scrubbing, observer
	username   string
	authHeader string // "Basic ...", set on every request, never logged
	logger     *slog.Logger
	observer   Observer
	quota      *quotaTracker
}

// Response is the last HTTP response of a call. Its body has already been
// read and closed; the request it carries has no Authorization header.
type Response = httpcore.Response

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
	token := base64.StdEncoding.EncodeToString([]byte(username + ":" + apiKey))
	scrubber := httpcore.NewScrubber(token, apiKey)
	base, err := httpcore.ParseBaseURL(s.BaseURL, s.InsecureHTTP)
	if err != nil {
		// A key pasted into the base URL's path would be shown otherwise.
		return nil, fmt.Errorf("passivetotal: NewClient: %w", scrubber.Error(err))
	}

	c := &Client{
		username:   username,
		authHeader: "Basic " + token,
		logger:     s.Logger,
		observer:   s.Observer,
		quota:      newQuotaTracker(s.guard, s.guardMaxAge),
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	cfg := s.Config(base)
	cfg.Name = "passivetotal"
	cfg.Logger = c.logger
	cfg.Auth = httpcore.BasicAuth(username, apiKey)
	cfg.Scrubber = scrubber
	cfg.Dialect = httpcore.Dialect{
		ErrorInSuccess: hasErrorObject,
		RetryStatus:    retryStatus,
		Endpoint:       endpointLabel,
		QuotaMessages:  true,
	}
	cfg.Quota = c.quota.estimate
	cfg.Jitter = s.jitter
	c.core, err = httpcore.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("passivetotal: NewClient: %w", err)
	}
	return c, nil
}

// BaseURL returns the API base the client sends requests to.
func (c *Client) BaseURL() string { return c.core.BaseURL().String() }

// CloseIdleConnections closes the keep-alive connections the client's
// transport holds idle (at shutdown, or in tests that check for leaks). The
// client stays usable.
func (c *Client) CloseIdleConnections() { c.core.CloseIdleConnections() }

// Format prints the client without its credentials, whatever the verb.
func (c *Client) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "passivetotal.Client{base: %s, user: %s}", c.core.BaseURL(), c.username)
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
	req, err := c.core.NewRequest(method, path, query, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", c.authHeader)
	return req, nil
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
	var admit func(context.Context, string) error
	if search {
		admit = c.admitSearch
	}
	resp, err := c.core.Send(ctx, req, v, admit)
	if er, ok := err.(*ErrorResponse); ok {
		err = c.apiError(er, search)
	}
	return resp, err
}

// apiError wraps a quota refusal in a *QuotaExceededError (with the reset
// time when the client knows it) and records it for the guard.
func (c *Client) apiError(er *ErrorResponse, search bool) error {
	if !errors.Is(er, ErrQuotaExceeded) {
		return er
	}
	now := time.Now()
	er.QuotaReset = c.quota.nextReset(now)
	qe := &QuotaExceededError{Response: er, NextReset: er.QuotaReset}
	c.quota.mu.Lock()
	if block, scope := c.quota.q.Binding(); block != nil && c.quota.validLocked(now) {
		qe.Scope, qe.Count, qe.Limit = scope, block.Counts.SearchAPI+c.quota.spent, block.Limits.SearchAPI
	}
	c.quota.mu.Unlock()
	if search {
		c.quota.markExhausted()
	}
	return qe
}

// retryStatus is the PassiveTotal retry rule: 500, 502, 503 and 504, and a
// 429 that is a throttle; a 429 whose message speaks of the quota is final.
func retryStatus(resp *http.Response) bool {
	if resp.StatusCode == http.StatusTooManyRequests {
		d := httpcore.ParseErrorBody(resp.Header.Get("Content-Type"), httpcore.PeekBody(resp, httpcore.MaxErrorBody))
		return !httpcore.IsQuotaMessage(d.Message) && !httpcore.IsQuotaMessage(d.DeveloperMessage)
	}
	return httpcore.DefaultRetryStatus(resp)
}
