package httpcore

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy controls retries of one call. A call is tried at most
// MaxRetries+1 times. Waits grow exponentially from MinWait up to MaxWait
// with full jitter; a Retry-After header from the server replaces the
// computed wait but never exceeds MaxRetryAfter.
type RetryPolicy struct {
	MaxRetries    int           // retries after the first attempt; 0 disables retries
	MinWait       time.Duration // base of the exponential backoff
	MaxWait       time.Duration // cap of the exponential backoff
	MaxRetryAfter time.Duration // cap applied to a server's Retry-After
}

// DefaultRetryPolicy is 4 retries, 1 s doubling up to 30 s, Retry-After
// honoured up to 60 s.
var DefaultRetryPolicy = RetryPolicy{
	MaxRetries:    4,
	MinWait:       time.Second,
	MaxWait:       30 * time.Second,
	MaxRetryAfter: time.Minute,
}

// CheckRetryPolicy reports what is wrong with p, if anything.
func CheckRetryPolicy(p RetryPolicy) error {
	switch {
	case p.MaxRetries < 0:
		return errors.New("MaxRetries is negative")
	case p.MinWait < 0 || p.MaxWait < 0 || p.MaxRetryAfter < 0:
		return errors.New("a wait is negative")
	case p.MinWait > p.MaxWait:
		return fmt.Errorf("MinWait %v is larger than MaxWait %v", p.MinWait, p.MaxWait)
	}
	return nil
}

// DefaultRetryStatus retries 500, 502, 503, 504 and 429.
func DefaultRetryStatus(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout,
		http.StatusTooManyRequests:
		return true
	}
	return false
}

// checkRetry is retryablehttp's CheckRetry. It retries connection errors,
// attempt timeouts and the statuses the Dialect names; it never retries
// an ended context, a limiter refusal, an authorization failure, or an
// error that another attempt cannot fix (bad certificate, bad scheme,
// redirect loop).
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	c.endAttempt(ctx)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		if !retryableError(err) {
			return false, err
		}
		// http.Client's *url.Error quotes the raw URL, query and all: log
		// the cause only (the attempt's Debug record has the redacted URL).
		cause := err
		var ue *url.Error
		if errors.As(err, &ue) && ue.Err != nil {
			cause = ue.Err
		}
		c.logRetry(ctx, slog.String("error", c.scrubber.String(cause.Error())))
		return true, nil
	}
	if !c.dialect.RetryStatus(resp) {
		return false, nil
	}
	c.logRetry(ctx, slog.Int("status", resp.StatusCode))
	return true, nil
}

func (c *Client) logRetry(ctx context.Context, reason slog.Attr) {
	st := stateFrom(ctx)
	if st == nil || !c.logger.Enabled(ctx, slog.LevelInfo) {
		return
	}
	c.logger.LogAttrs(ctx, slog.LevelInfo, c.name+" retry",
		slog.String("endpoint", st.endpoint), slog.Int("attempt", st.attempts), reason)
}

// retryableError reports whether another attempt may succeed.
func retryableError(err error) bool {
	var (
		le  *limiterError
		ae  *authError
		rhe tls.RecordHeaderError
		tae tls.AlertError
		cve *tls.CertificateVerificationError
		uae x509.UnknownAuthorityError
		he  x509.HostnameError
		cie x509.CertificateInvalidError
	)
	// A TLS record that is not TLS (an https request to a plain http
	// server, http.ErrSchemeMismatch once http.Client names it) and a TLS
	// alert (no common protocol version or cipher, a refused certificate)
	// are configuration: the next attempt meets the same server.
	if errors.Is(err, http.ErrSchemeMismatch) || errors.As(err, &rhe) || errors.As(err, &tae) {
		return false
	}
	if errors.Is(err, ErrRedirectRefused) || errors.As(err, &le) || errors.As(err, &ae) ||
		errors.As(err, &cve) || errors.As(err, &uae) || errors.As(err, &he) || errors.As(err, &cie) {
		return false
	}
	msg := err.Error()
	for _, permanent := range []string{"unsupported protocol scheme", "stopped after", "invalid header", "net/http: nil Context"} {
		if strings.Contains(msg, permanent) {
			return false
		}
	}
	return true
}

// backoff is retryablehttp's Backoff: the server's Retry-After (seconds or
// HTTP date) when present, capped at MaxRetryAfter; otherwise exponential
// growth from min to max with full jitter (a uniform wait between zero and
// the exponential ceiling), so many clients do not retry in step.
func (c *Client) backoff(minWait, maxWait time.Duration, attemptNum int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(d, c.retry.MaxRetryAfter)
		}
	}
	ceiling := maxWait
	if attemptNum < 62 && minWait > 0 && minWait <= maxWait>>attemptNum {
		ceiling = minWait << attemptNum
	}
	return c.jitter(ceiling)
}

// FullJitter picks a wait uniformly in [0, ceiling].
func FullJitter(ceiling time.Duration) time.Duration {
	if ceiling <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

// ParseRetryAfter reads a Retry-After value: delay-seconds or an HTTP
// date. A date in the past means no wait; a delay is capped at a year.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(365*24*time.Hour/time.Second) {
			secs = int64(365 * 24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// errorHandler is retryablehttp's ErrorHandler: it hands the last response
// back to the client (so a 503 after every retry becomes an *ErrorResponse
// with the server's message) instead of retryablehttp's generic error, and
// closes the body of any response it does not return.
func errorHandler(resp *http.Response, err error, _ int) (*http.Response, error) {
	if resp != nil && err != nil {
		drainAndClose(resp.Body)
		return nil, err
	}
	if resp != nil {
		return resp, nil
	}
	if err == nil {
		err = errors.New("no response")
	}
	return nil, err
}

// drainAndClose reads what is left of a small body, so the connection can
// be reused, and closes it.
func drainAndClose(body io.ReadCloser) {
	if body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	_ = body.Close()
}
