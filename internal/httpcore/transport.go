package httpcore

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// callState follows one call through its attempts. Attempts of a call run
// one after another on the caller's goroutine, so it needs no lock. An
// attempt is one http.Client.Do: the redirect hops it follows belong to
// it, so they count neither as attempts nor as retries.
type callState struct {
	endpoint     string
	attempts     int
	attemptStart time.Time     // when the current attempt's first hop was sent
	backoff      time.Duration // wait between the previous attempt and this one
	lastEnd      time.Time     // when the previous hop ended
	limiterWait  time.Duration // limiter waits of the current attempt's hops
	pending      *Attempt      // the current attempt, reported when it ends
	pendingURL   *url.URL      // the URL of its last hop
}

type callStateKey struct{}

func withCallState(ctx context.Context, st *callState) context.Context {
	return context.WithValue(ctx, callStateKey{}, st)
}

func stateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	return st
}

// observeTransport measures every attempt for the logger and the observer.
// It sees each redirect hop (http.Client calls it once per hop, and marks
// a hop by setting req.Response to the redirect that caused it), so it
// keeps the attempt open; endAttempt reports it once http.Client.Do has
// returned.
type observeTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t *observeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st := stateFrom(req.Context())
	if st == nil {
		// Not sent by Client.Send: nothing to account for.
		return t.next.RoundTrip(req)
	}
	if req.Response == nil { // a new attempt, not a redirect hop
		st.attempts++
		st.limiterWait = 0
		st.attemptStart = time.Now()
		st.backoff = 0
		if !st.lastEnd.IsZero() {
			st.backoff = st.attemptStart.Sub(st.lastEnd)
		}
	}
	resp, err := t.next.RoundTrip(req)
	end := time.Now()
	st.lastEnd = end

	a := &Attempt{
		Method:      req.Method,
		Endpoint:    st.endpoint,
		Number:      st.attempts,
		Err:         t.c.scrubber.Error(err),
		Duration:    end.Sub(st.attemptStart) - st.limiterWait,
		LimiterWait: st.limiterWait,
		BackoffWait: st.backoff,
	}
	if resp != nil {
		a.StatusCode = resp.StatusCode
	}
	if t.c.quota != nil {
		a.QuotaRemaining, a.QuotaKnown = t.c.quota(end)
	}
	st.pending, st.pendingURL = a, req.URL
	return resp, err
}

// endAttempt reports the attempt that just ended, if not yet reported. It
// runs in checkRetry, which retryablehttp calls after every attempt, and
// once more when the call returns.
func (c *Client) endAttempt(ctx context.Context) {
	st := stateFrom(ctx)
	if st == nil || st.pending == nil {
		return
	}
	a, u := *st.pending, st.pendingURL
	st.pending, st.pendingURL = nil, nil
	c.report(ctx, u, a)
}

// report logs an attempt and hands it to the observer.
func (c *Client) report(ctx context.Context, u *url.URL, a Attempt) {
	if c.logger.Enabled(ctx, slog.LevelDebug) {
		attrs := []slog.Attr{
			slog.String("method", a.Method),
			slog.String("endpoint", a.Endpoint),
			slog.String("url", c.RedactURL(u)),
			slog.Int("attempt", a.Number),
			slog.Int("status", a.StatusCode),
			slog.Duration("duration", a.Duration),
			slog.Duration("limiter_wait", a.LimiterWait),
			slog.Duration("backoff", a.BackoffWait),
		}
		if a.Err != nil {
			attrs = append(attrs, slog.String("error", c.scrubber.String(a.Err.Error())))
		}
		c.logger.LogAttrs(ctx, slog.LevelDebug, c.name+" attempt", attrs...)
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
