package httpcore

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// Limiter paces requests. *rate.Limiter from golang.org/x/time/rate
// satisfies it. Wait blocks until one request may be sent, or returns an
// error (the context ended, or waiting would pass its deadline).
type Limiter interface {
	Wait(ctx context.Context) error
}

// limiterTransport waits on the limiter before every attempt. It sits under
// the retries, so a retry spends a token like any request.
type limiterTransport struct {
	limiter Limiter
	next    http.RoundTripper
}

func (t *limiterTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	start := time.Now()
	err := t.limiter.Wait(ctx)
	if st := stateFrom(ctx); st != nil {
		st.limiterWait += time.Since(start)
	}
	if err != nil {
		closeRequestBody(req)
		return nil, newLimiterError(ctx, err)
	}
	return t.next.RoundTrip(req)
}

// limiterError is a refusal by the limiter; it is never retried. When the
// limiter refused because the wait would pass the context's deadline
// (x/time/rate says so in words only), it also matches
// context.DeadlineExceeded.
type limiterError struct {
	err      error
	deadline bool
}

func newLimiterError(ctx context.Context, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// The context ended while waiting: it already says so.
		return &limiterError{err: err}
	}
	// x/time/rate refuses up front with "rate: Wait(n=1) would exceed
	// context deadline", an error that matches nothing.
	_, hasDeadline := ctx.Deadline()
	return &limiterError{err: err, deadline: hasDeadline && strings.Contains(err.Error(), "deadline")}
}

func (e *limiterError) Error() string {
	if e.deadline {
		return fmt.Sprintf("rate limiter: waiting for a token would exceed the context deadline: %v", e.err)
	}
	return fmt.Sprintf("rate limiter: %v", e.err)
}

func (e *limiterError) Unwrap() []error {
	if e.deadline && !errors.Is(e.err, context.DeadlineExceeded) {
		return []error{e.err, context.DeadlineExceeded}
	}
	return []error{e.err}
}

// closeRequestBody honours the RoundTripper contract (the body is closed
// even on error).
func closeRequestBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// NewRateLimiter returns the limiter of an option such as WithRateLimit: r
// requests per second with the given burst, nil (no limit) for rate.Inf.
func NewRateLimiter(r rate.Limit, burst int) (Limiter, error) {
	switch {
	case r == rate.Inf:
		return nil, nil
	case r <= 0:
		return nil, fmt.Errorf("rate %v must be positive (rate.Inf disables limiting)", r)
	case burst < 1:
		return nil, fmt.Errorf("burst %d must be at least 1", burst)
	}
	return rate.NewLimiter(r, burst), nil
}
