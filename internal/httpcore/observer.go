package httpcore

import (
	"context"
	"strings"
	"time"
)

// Observer receives one report per API attempt, for metrics or tracing. It
// is called synchronously on the calling goroutine, after the response body
// has been read (within the attempt) or the attempt fails, so it must be
// quick and safe for concurrent use (a Client serves many goroutines). The
// library imports no metrics package; an adapter to Prometheus or
// OpenTelemetry lives in the caller's code.
type Observer interface {
	ObserveAttempt(ctx context.Context, a Attempt)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(ctx context.Context, a Attempt)

// ObserveAttempt calls f.
func (f ObserverFunc) ObserveAttempt(ctx context.Context, a Attempt) { f(ctx, a) }

// Attempt describes one HTTP attempt of an API call.
type Attempt struct {
	// Method is the HTTP method.
	Method string
	// Endpoint is a stable, low-cardinality label for the API route, such
	// as "/dns/passive" or "/articles/{guid}"; never the full URL.
	Endpoint string
	// Number is 1 for the first attempt of a call, 2 for its first retry,
	// and so on. It is 0 when the quota guard refused the call unsent.
	Number int
	// StatusCode is the HTTP status, 0 when no response arrived.
	StatusCode int
	// Err is the transport error (connection failure, attempt timeout,
	// limiter refusal), or the guard's quota error when Number is 0. Its
	// text never carries the API key or the Authorization header.
	Err error
	// Duration is the time from sending to the end of the response body
	// (read within the attempt, up to the size limit), without the limiter
	// wait.
	Duration time.Duration
	// LimiterWait is the time this attempt waited on the rate limiter.
	LimiterWait time.Duration
	// BackoffWait is the time slept between the previous attempt and this
	// one; 0 on a first attempt.
	BackoffWait time.Duration
	// QuotaRemaining is the estimated number of API searches left (the last
	// quota answer minus the searches sent since); valid when QuotaKnown.
	QuotaRemaining int
	QuotaKnown     bool
}

// Retry reports whether the attempt is a retry.
func (a Attempt) Retry() bool { return a.Number > 1 }

// StatusClass labels the outcome: "2xx", "3xx", "4xx", "5xx", "error" when
// no response arrived, or "blocked" when the quota guard refused the call.
func (a Attempt) StatusClass() string {
	switch {
	case a.Number == 0:
		return "blocked"
	case a.StatusCode >= 100 && a.StatusCode <= 599:
		return string(rune('0'+a.StatusCode/100)) + "xx"
	default:
		return "error"
	}
}

// RouteLabels returns a Dialect.Endpoint that maps a path relative to the
// base URL (escaped, with or without a leading slash) to the first of
// routes it matches, such as "/articles/{guid}": a segment in braces
// matches any single segment. A path no route matches keeps its first
// segment only, followed by "/*" when there is more, so labels stay few
// whatever the path holds.
func RouteLabels(routes ...string) func(relPath string) string {
	parsed := make([][]string, len(routes))
	for i, r := range routes {
		parsed[i] = SplitPath(r)
	}
	return func(relPath string) string {
		segs := SplitPath(relPath)
		if len(segs) == 0 {
			return "/"
		}
		for i, parts := range parsed {
			if routeMatches(parts, segs) {
				return routes[i]
			}
		}
		first := "/" + sanitizeLabel(segs[0])
		if len(segs) == 1 {
			return first
		}
		return first + "/*"
	}
}

func routeMatches(parts, segs []string) bool {
	if len(parts) != len(segs) {
		return false
	}
	for i, p := range parts {
		if !strings.HasPrefix(p, "{") && p != segs[i] {
			return false
		}
	}
	return true
}

// sanitizeLabel keeps a label printable and short whatever the path holds.
func sanitizeLabel(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= 40 {
			break
		}
		if r == '-' || r == '_' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
