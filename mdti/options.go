package mdti

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/ptstix/passivetotal/internal/httpcore"
	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// Defaults used by NewClient when no option overrides them. The HTTP
// stack's defaults are the PassiveTotal client's: the same retry policy,
// attempt timeout and response size limit.
const (
	// DefaultBaseURL is Graph's v1.0 threat-intelligence root.
	DefaultBaseURL = "https://graph.microsoft.com/v1.0/security/threatIntelligence"
	// DefaultRateLimit and DefaultBurst are the client-side request rate:
	// far below Graph's global limits, polite for a tenant shared with
	// other apps. Retries spend tokens too.
	DefaultRateLimit rate.Limit = 10
	DefaultBurst     int        = 10
	// DefaultMaxResponseSize is the largest response body read (64 MiB).
	DefaultMaxResponseSize int64 = 64 << 20
	// DefaultAttemptTimeout bounds one HTTP attempt, the token request's
	// included.
	DefaultAttemptTimeout = 30 * time.Second
)

// defaultUserAgent names the SDK so a Graph operator can tell it apart.
const defaultUserAgent = "ptstix-mdti-go (+https://github.com/ptstix/passivetotal)"

// The HTTP stack's types, shared with the passivetotal package: one set
// of types (and sentinel errors) serves both backends.
type (
	// Response is the last HTTP response of a call, with its attempt
	// count; its body has been read and its request carries no
	// Authorization header.
	Response = httpcore.Response
	// ErrorResponse is a refusal by Graph; ErrorCode is Graph's error.code
	// ("Forbidden", "TooManyRequests", ...), RequestID its
	// innerError.request-id.
	ErrorResponse = httpcore.ErrorResponse
	// DecodeError is a 2xx body that cannot be used (not JSON, cut, too
	// large, not Graph's shape).
	DecodeError = httpcore.DecodeError
	// RetryPolicy controls retries: 429, 503 and 504 are retried with
	// backoff, Retry-After honoured up to MaxRetryAfter.
	RetryPolicy = httpcore.RetryPolicy
	// Observer receives one Attempt per HTTP attempt (for metrics).
	Observer = httpcore.Observer
	// Attempt describes one HTTP attempt; Endpoint labels Graph routes
	// like "/hosts/{id}/passiveDns".
	Attempt = httpcore.Attempt
	// Limiter is a client-side rate limiter (a *rate.Limiter fits).
	Limiter = httpcore.Limiter
)

// Option configures a Client. Options are applied in order by NewClient
// and can fail; NewClient reports the first failure.
type Option func(*settings) error

// settings collects the options before NewClient builds the client: the
// HTTP stack's, shared with the passivetotal package, and Graph's own.
type settings struct {
	httpcore.Settings
	tenantID, clientID, secret string
	tokenURL                   string
	scopes                     []string
	tokenSource                oauth2.TokenSource
	pageBudget                 int
}

func defaultSettings() settings {
	return settings{
		Settings: httpcore.NewSettings(httpcore.Defaults{
			BaseURL:         DefaultBaseURL,
			UserAgent:       defaultUserAgent,
			RateLimit:       DefaultRateLimit,
			Burst:           DefaultBurst,
			AttemptTimeout:  DefaultAttemptTimeout,
			MaxResponseSize: DefaultMaxResponseSize,
		}),
		tokenURL:   DefaultTokenURL,
		scopes:     []string{DefaultScope},
		pageBudget: DefaultPageBudget,
	}
}

// WithClientCredentials signs in as an Entra ID application with the
// client credentials grant: tenantID (a GUID or verified domain), the app's
// client ID and a client secret. Tokens are cached and refreshed before
// they expire, and again when Graph refuses one. The secret is sent only in
// the token request's form body and never appears in an error, a log
// record or an observer report.
func WithClientCredentials(tenantID, clientID, clientSecret string) Option {
	return func(s *settings) error {
		if tenantID == "" || clientID == "" || clientSecret == "" {
			return errors.New("WithClientCredentials: tenant ID, client ID and client secret are all required")
		}
		s.tenantID, s.clientID, s.secret = tenantID, clientID, clientSecret
		return nil
	}
}

// WithTokenURL replaces DefaultTokenURL; "{tenant}" in it is replaced by
// the tenant ID. Used with WithClientCredentials (a sovereign cloud, or a
// simulator's token endpoint).
func WithTokenURL(tokenURL string) Option {
	return func(s *settings) error {
		if tokenURL == "" {
			return errors.New("WithTokenURL: empty URL")
		}
		s.tokenURL = tokenURL
		return nil
	}
}

// WithTokenSource makes the client take its bearer tokens from ts instead
// of the client credentials flow: azidentity, a managed identity, a
// workload identity, a test. ts is wrapped in a cache that refreshes on
// expiry and when Graph refuses a token; see the package example for
// azidentity.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(s *settings) error {
		if ts == nil {
			return errors.New("WithTokenSource: nil token source")
		}
		s.tokenSource = ts
		return nil
	}
}

// WithBaseURL sets the API root, default DefaultBaseURL (the beta root, or
// a simulator such as mdtitest's BaseURL). Plain http:// is accepted only
// for loopback hosts unless WithInsecureHTTP is also given.
func WithBaseURL(base string) Option {
	return func(s *settings) error { return s.SetBaseURL(base) }
}

// WithPageBudget bounds how many pages one listing follows
// (DefaultPageBudget by default). Past it the listing yields ErrPageBudget
// after the items read.
func WithPageBudget(pages int) Option {
	return func(s *settings) error {
		if pages < 1 {
			return fmt.Errorf("WithPageBudget: %d pages: at least 1", pages)
		}
		s.pageBudget = pages
		return nil
	}
}

// WithInsecureHTTP allows plain http:// to a host that is not loopback,
// for the API and the token endpoint. Without it the bearer token and the
// secret are refused a clear-text trip.
func WithInsecureHTTP() Option {
	return func(s *settings) error { return s.SetInsecureHTTP() }
}

// WithHTTPClient sets the HTTP client the stack builds on (copied, never
// modified); the token request uses its transport too.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error { return s.SetHTTPClient(hc) }
}

// WithRateLimit limits requests to r per second with burst; rate.Inf
// turns client-side limiting off.
func WithRateLimit(r rate.Limit, burst int) Option {
	return func(s *settings) error { return s.SetRateLimit(r, burst) }
}

// WithLimiter installs a custom limiter (one shared with a PassiveTotal
// client, say); nil turns client-side limiting off.
func WithLimiter(l Limiter) Option {
	return func(s *settings) error { return s.SetLimiter(l) }
}

// WithRetryPolicy replaces the default policy (4 retries, 1 s doubling up
// to 30 s, Retry-After honoured up to 60 s).
func WithRetryPolicy(p RetryPolicy) Option {
	return func(s *settings) error { return s.SetRetryPolicy(p) }
}

// WithAttemptTimeout bounds each HTTP attempt, the token request's
// included; zero disables the bound (the call's context still applies).
func WithAttemptTimeout(d time.Duration) Option {
	return func(s *settings) error { return s.SetAttemptTimeout(d) }
}

// WithLogger sends the client's log records to l (nothing is logged by
// default). Records never carry a token or the secret.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error { return s.SetLogger(l) }
}

// WithObserver reports every attempt to o. See Observer.
func WithObserver(o Observer) Option {
	return func(s *settings) error { return s.SetObserver(o) }
}

// WithMaxResponseSize sets the largest response body read, in bytes.
func WithMaxResponseSize(n int64) Option {
	return func(s *settings) error { return s.SetMaxResponseSize(n) }
}

// WithUserAgent replaces the default User-Agent header.
func WithUserAgent(ua string) Option {
	return func(s *settings) error { return s.SetUserAgent(ua) }
}
