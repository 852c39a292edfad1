package passivetotal

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// The stack under retryablehttp, top to bottom:
//
//	observeTransport  counts attempts, measures waits, logs, calls the Observer
//	limiterTransport  waits for a rate-limit token (ratelimit.go)
//	timeoutTransport  bounds one attempt, body included
//	base              the user's Transport, or a clone of http.DefaultTransport
//
// None of them implements CloseIdleConnections on purpose: retryablehttp
// calls it on every failed call, which would empty the keep-alive pool that
// the base transport shares between concurrent calls.

// callState follows one call through its attempts. Attempts of a call run
// one after another on the caller's goroutine, so it needs no lock.
type callState struct {
	endpoint    string
	attempts    int
	lastEnd     time.Time     // when the previous attempt ended
	limiterWait time.Duration // limiter wait of the current attempt
}

type callStateKey struct{}

func withCallState(ctx context.Context, st *callState) context.Context {
	return context.WithValue(ctx, callStateKey{}, st)
}

func stateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	return st
}

// observeTransport reports every attempt to the logger and the observer.
type observeTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t *observeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st := stateFrom(req.Context())
	if st == nil {
		// Not sent by Client.Do: nothing to account for.
		return t.next.RoundTrip(req)
	}
	st.attempts++
	st.limiterWait = 0
	start := time.Now()
	var backoff time.Duration
	if !st.lastEnd.IsZero() {
		backoff = start.Sub(st.lastEnd)
	}
	resp, err := t.next.RoundTrip(req)
	end := time.Now()
	st.lastEnd = end

	a := Attempt{
		Method:      req.Method,
		Endpoint:    st.endpoint,
		Number:      st.attempts,
		Err:         t.c.scrubErr(err),
		Duration:    end.Sub(start) - st.limiterWait,
		LimiterWait: st.limiterWait,
		BackoffWait: backoff,
	}
	if resp != nil {
		a.StatusCode = resp.StatusCode
	}
	a.QuotaRemaining, a.QuotaKnown = t.c.quota.estimate(end)
	t.c.report(req.Context(), req.URL, a)
	return resp, err
}

// report logs an attempt and hands it to the observer.
func (c *Client) report(ctx context.Context, u *url.URL, a Attempt) {
	if c.logger.Enabled(ctx, slog.LevelDebug) {
		attrs := []slog.Attr{
			slog.String("method", a.Method),
			slog.String("endpoint", a.Endpoint),
			slog.String("url", c.redactURL(u)),
			slog.Int("attempt", a.Number),
			slog.Int("status", a.StatusCode),
			slog.Duration("duration", a.Duration),
			slog.Duration("limiter_wait", a.LimiterWait),
			slog.Duration("backoff", a.BackoffWait),
		}
		if a.Err != nil {
			attrs = append(attrs, slog.String("error", c.scrub(a.Err.Error())))
		}
		c.logger.LogAttrs(ctx, slog.LevelDebug, "passivetotal attempt", attrs...)
	}
	if c.observer != nil {
		c.observer.ObserveAttempt(ctx, a)
	}
}

// timeoutTransport bounds one attempt, from sending the request until the
// response body is closed.
type timeoutTransport struct {
	timeout time.Duration
	next    http.RoundTripper
}

func (t *timeoutTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	ctx, cancel := context.WithTimeout(parent, t.timeout)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		if parent.Err() == nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, &attemptTimeoutError{timeout: t.timeout, err: err}
		}
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, ctx: ctx, parent: parent, timeout: t.timeout, cancel: cancel}
	return resp, nil
}

// cancelOnClose releases the attempt's timer with the body, and names a
// read cut short by the attempt timeout.
type cancelOnClose struct {
	io.ReadCloser
	ctx, parent context.Context
	timeout     time.Duration
	cancel      context.CancelFunc
}

func (b *cancelOnClose) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.parent.Err() == nil && errors.Is(b.ctx.Err(), context.DeadlineExceeded) {
		err = &attemptTimeoutError{timeout: b.timeout, err: err}
	}
	return n, err
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// attemptTimeoutError is one attempt running out of time while the call's
// context is still alive; it is retried. It matches
// context.DeadlineExceeded and is a net.Error-style timeout.
type attemptTimeoutError struct {
	timeout time.Duration
	err     error
}

func (e *attemptTimeoutError) Error() string {
	return "attempt timed out after " + e.timeout.String()
}
func (e *attemptTimeoutError) Timeout() bool   { return true }
func (e *attemptTimeoutError) Temporary() bool { return true }
func (e *attemptTimeoutError) Unwrap() []error {
	return []error{e.err, context.DeadlineExceeded}
}

// secretParams are query parameter names whose values never leave the
// client in an error or a log record.
var secretParams = []string{"key", "token", "secret", "password", "passwd", "auth", "signature", "sig"}

// redactURL prints a URL without user info, without secret query values,
// and with the API key removed wherever else it might hide.
func (c *Client) redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	r := *u
	r.User = nil
	if r.RawQuery != "" {
		q, err := url.ParseQuery(r.RawQuery)
		if err != nil {
			r.RawQuery = "REDACTED"
		} else {
			changed := false
			for name := range q {
				lower := strings.ToLower(name)
				for _, s := range secretParams {
					if strings.Contains(lower, s) {
						q[name] = []string{"REDACTED"}
						changed = true
						break
					}
				}
			}
			if changed {
				r.RawQuery = q.Encode()
			}
		}
	}
	return c.scrub(r.String())
}

// scrub removes the API key and the Basic credential from text that came
// from elsewhere (a server echoing the request, a transport error).
func (c *Client) scrub(s string) string {
	for _, secret := range c.secrets {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, "REDACTED")
		}
	}
	return s
}

// scrubErr returns err, or, when its text carries a secret, an error with
// that text scrubbed which still unwraps to err (so errors.Is and
// errors.As keep working). Used for errors handed to the caller's
// Observer, which may well log them.
func (c *Client) scrubErr(err error) error {
	if err == nil {
		return nil
	}
	text := err.Error()
	if scrubbed := c.scrub(text); scrubbed != text {
		return &requestError{msg: scrubbed, err: err}
	}
	return err
}

// scrubBytes is scrub for bodies.
func (c *Client) scrubBytes(b []byte) []byte {
	for _, secret := range c.secrets {
		if bytes.Contains(b, []byte(secret)) {
			b = bytes.ReplaceAll(b, []byte(secret), []byte("REDACTED"))
		}
	}
	return b
}

// longestSecret is the length of the longest text scrub removes.
func (c *Client) longestSecret() int {
	n := 0
	for _, s := range c.secrets {
		n = max(n, len(s))
	}
	return n
}

// minSecretPrefix is the shortest start of a secret that scrubCut removes
// from the end of a cut text: shorter ones say nothing about the secret,
// and a body may well end with a few of its characters by chance.
const minSecretPrefix = 4

// scrubCut scrubs b and cuts it to at most n bytes. Scrubbing before the
// cut removes a secret that the cut would split. When the text is cut, here
// or before (cut reports an earlier cut: a body kept up to a limit), a
// secret split by that earlier cut can only survive as the text's tail, so
// a tail that starts a secret is dropped too.
func (c *Client) scrubCut(b []byte, n int, cut bool) []byte {
	b = c.scrubBytes(b)
	if len(b) > n {
		b, cut = b[:n], true
	}
	if !cut {
		return b
	}
	for _, secret := range c.secrets {
		for k := len(secret) - 1; k >= minSecretPrefix; k-- {
			if bytes.HasSuffix(b, []byte(secret[:k])) {
				b = b[:len(b)-k]
				break
			}
		}
	}
	return b
}

// splitPath splits an escaped path into its segments, without empty ones
// at either end.
func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func trimSlash(p string) string { return strings.TrimRight(p, "/") }

// isDotSegment reports whether an escaped segment means "." or "..".
func isDotSegment(seg string) bool {
	u, err := url.PathUnescape(seg)
	if err != nil {
		return false
	}
	return u == "." || u == ".."
}

// isLoopback reports whether host (no port) is a loopback name or address.
func isLoopback(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(h)
	return err == nil && ip.IsLoopback()
}
