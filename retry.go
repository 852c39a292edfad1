package passivetotal

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// checkRetry is retryablehttp's CheckRetry. It retries connection errors,
// attempt timeouts, 500/502/503/504 and a 429 that is a throttle; it never
// retries other statuses, an ended context, a limiter refusal, or an error
// that another attempt cannot fix (bad certificate, bad scheme, redirect
// loop).
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		if !retryableError(err) {
			return false, err
		}
		c.logRetry(ctx, slog.String("error", c.scrub(err.Error())))
		return true, nil
	}
	switch resp.StatusCode {
	case http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
	case http.StatusTooManyRequests:
		if isQuotaResponse(resp) {
			return false, nil
		}
	default:
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
	c.logger.LogAttrs(ctx, slog.LevelInfo, "passivetotal retry",
		slog.String("endpoint", st.endpoint), slog.Int("attempt", st.attempts), reason)
}

// retryableError reports whether another attempt may succeed.
func retryableError(err error) bool {
	var (
		le  *limiterError
		cve *tls.CertificateVerificationError
		uae x509.UnknownAuthorityError
		he  x509.HostnameError
		cie x509.CertificateInvalidError
	)
	if errors.Is(err, ErrRedirectRefused) || errors.As(err, &le) || errors.As(err, &cve) ||
		errors.As(err, &uae) || errors.As(err, &he) || errors.As(err, &cie) {
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

// isQuotaResponse peeks at a 429's body to tell an exhausted quota (final)
// from a throttle (worth a retry). The body is put back for the caller.
func isQuotaResponse(resp *http.Response) bool {
	if resp.Body == nil {
		return false
	}
	orig := resp.Body
	buf, err := io.ReadAll(io.LimitReader(orig, maxErrorBody))
	var rest io.Reader = orig
	if err != nil {
		rest = errReader{err}
	}
	resp.Body = &peekedBody{Reader: io.MultiReader(bytes.NewReader(buf), rest), closer: orig}
	msg, dev, _ := parseErrorBody(resp.Header.Get("Content-Type"), buf)
	return isQuotaMessage(msg) || isQuotaMessage(dev)
}

// peekedBody replays what was read, then the rest of the original body.
type peekedBody struct {
	io.Reader
	closer io.Closer
}

func (b *peekedBody) Close() error { return b.closer.Close() }

// errReader ends a peeked body with the read error that stopped the peek.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// backoff is retryablehttp's Backoff: the server's Retry-After (seconds or
// HTTP date) when present, capped at MaxRetryAfter; otherwise exponential
// growth from min to max with full jitter (a uniform wait between zero and
// the exponential ceiling), so many clients do not retry in step.
func (c *Client) backoff(minWait, maxWait time.Duration, attemptNum int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(d, c.retry.MaxRetryAfter)
		}
	}
	ceiling := maxWait
	if attemptNum < 62 && minWait > 0 && minWait <= maxWait>>attemptNum {
		ceiling = minWait << attemptNum
	}
	return c.jitter(ceiling)
}

// fullJitter picks a wait uniformly in [0, ceiling].
func fullJitter(ceiling time.Duration) time.Duration {
	if ceiling <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

// parseRetryAfter reads a Retry-After value: delay-seconds or an HTTP date.
// A date in the past means no wait.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
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
