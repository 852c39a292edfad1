package passivetotal

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/ptstix/passivetotal/internal/httpcore"
	"golang.org/x/time/rate"
)

// Defaults used by NewClient when no option overrides them.
const (
	// DefaultBaseURL is the RiskIQ-branded base of the v2 API. The original
	// https://api.passivetotal.org/v2 serves the same resources.
	DefaultBaseURL = "https://api.riskiq.net/pt/v2"

	// DefaultAttemptTimeout bounds one HTTP attempt (headers and body). The
	// official SDK used 30 s; the service was known to take that long.
	DefaultAttemptTimeout = 30 * time.Second

	// DefaultRateLimit and DefaultBurst are the client-side request rate:
	// requests per second and burst size. Retries spend tokens too.
	DefaultRateLimit rate.Limit = 10
	DefaultBurst     int        = 10

	// DefaultMaxResponseSize is the largest response body the client reads.
	DefaultMaxResponseSize int64 = 64 << 20

	// DefaultQuotaGuardMaxAge is how long the quota guard trusts a quota
	// answer when WithQuotaGuard is given zero.
	DefaultQuotaGuardMaxAge = 5 * time.Minute

	// Version is the SDK version reported in the default User-Agent.
	Version = "0.1.0"
)

// defaultUserAgent names the SDK so a server operator can tell it apart.
const defaultUserAgent = "ptstix-passivetotal-go/" + Version + " (+https://github.com/ptstix/passivetotal)"

// RetryPolicy controls retries of one call. A call is tried at most
// MaxRetries+1 times. Waits grow exponentially from MinWait up to MaxWait
// with full jitter; a Retry-After header from the server replaces the
// computed wait but never exceeds MaxRetryAfter.
type RetryPolicy = httpcore.RetryPolicy

// DefaultRetryPolicy is the policy NewClient uses: 4 retries, 1 s doubling up
// to 30 s, Retry-After honoured up to 60 s.
var DefaultRetryPolicy = httpcore.DefaultRetryPolicy

// Option configures a Client. Options are applied in order by NewClient and
// can fail; NewClient reports the first failure.
type Option func(*settings) error

// settings collects the options before NewClient builds the stack: the
// HTTP stack's, shared with mdti, and the quota guard's.
type settings struct {
	httpcore.Settings
	guard       bool
	guardMaxAge time.Duration
	jitter      func(ceiling time.Duration) time.Duration // nil: full jitter; tests make it predictable
}

func defaultSettings() settings {
	return settings{Settings: httpcore.NewSettings(httpcore.Defaults{
		BaseURL:         DefaultBaseURL,
		UserAgent:       defaultUserAgent,
		RateLimit:       DefaultRateLimit,
		Burst:           DefaultBurst,
		AttemptTimeout:  DefaultAttemptTimeout,
		MaxResponseSize: DefaultMaxResponseSize,
		Retry:           &DefaultRetryPolicy,
	})}
}

// WithBaseURL sets the API base, including scheme, host and path prefix:
// "https://api.riskiq.net/pt/v2" (the default), "https://api.passivetotal.org/v2",
// or a local simulator such as "http://127.0.0.1:8080/v2". A plain http URL
// is accepted only for loopback hosts unless WithInsecureHTTP is also given.
// The URL must not carry credentials, a query or a fragment.
func WithBaseURL(base string) Option {
	return func(s *settings) error { return s.SetBaseURL(base) }
}

// WithHTTPClient sets the HTTP client the SDK builds on. The client is copied
// and never modified; its Transport (http.DefaultTransport when nil) becomes
// the bottom of the SDK's stack, and its Jar and CheckRedirect are kept (without
// a CheckRedirect, redirects to another host are refused: ErrRedirectRefused). A
// Timeout set on it bounds each attempt including the rate-limiter wait, so
// prefer WithAttemptTimeout.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error { return s.SetHTTPClient(hc) }
}

// WithRateLimit limits requests to r per second with the given burst, using
// golang.org/x/time/rate. Every attempt, retries included, takes a token.
// rate.Inf turns client-side limiting off.
func WithRateLimit(r rate.Limit, burst int) Option {
	return func(s *settings) error { return s.SetRateLimit(r, burst) }
}

// WithLimiter installs a custom limiter (a *rate.Limiter shared between
// clients, a concurrency gate, ...). Wait is called before every attempt.
// A nil limiter turns client-side limiting off.
func WithLimiter(l Limiter) Option {
	return func(s *settings) error { return s.SetLimiter(l) }
}

// WithRetryPolicy replaces DefaultRetryPolicy. See RetryPolicy.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(s *settings) error { return s.SetRetryPolicy(p) }
}

// WithAttemptTimeout bounds each HTTP attempt, from sending the request to
// closing the response body; a timed-out attempt is retried. Zero disables
// the per-attempt bound (the call's context still applies).
func WithAttemptTimeout(d time.Duration) Option {
	return func(s *settings) error { return s.SetAttemptTimeout(d) }
}

// WithLogger sends the SDK's log records (one Debug record per attempt, Info
// for retries) to l. Records never carry the API key or the Authorization
// header. By default nothing is logged.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error { return s.SetLogger(l) }
}

// WithUserAgent replaces the default User-Agent header.
func WithUserAgent(ua string) Option {
	return func(s *settings) error { return s.SetUserAgent(ua) }
}

// WithMaxResponseSize sets the largest response body the client reads, in
// bytes. A larger body fails with an error matching ErrResponseTooLarge.
func WithMaxResponseSize(n int64) Option {
	return func(s *settings) error { return s.SetMaxResponseSize(n) }
}

// WithInsecureHTTP allows a plain http:// base URL to a host that is not
// loopback. Without it NewClient refuses such a URL, because the Basic
// credentials would cross the network in clear text.
func WithInsecureHTTP() Option {
	return func(s *settings) error { return s.SetInsecureHTTP() }
}

// WithQuotaGuard turns on the quota guard: before a call that spends an API
// search, the client checks GET /account/quota (cached for maxAge, and never
// past the quota's next reset), counts the searches it lets through, and
// fails fast with a *QuotaExceededError (matching ErrQuotaExceeded) instead
// of sending a request the server would refuse. Zero means
// DefaultQuotaGuardMaxAge.
func WithQuotaGuard(maxAge time.Duration) Option {
	return func(s *settings) error {
		if maxAge < 0 {
			return fmt.Errorf("WithQuotaGuard: negative max age %v", maxAge)
		}
		if maxAge == 0 {
			maxAge = DefaultQuotaGuardMaxAge
		}
		s.guard = true
		s.guardMaxAge = maxAge
		return nil
	}
}

// WithObserver reports every API attempt to o (for metrics). See Observer.
func WithObserver(o Observer) Option {
	return func(s *settings) error { return s.SetObserver(o) }
}
