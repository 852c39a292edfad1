package mdti

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// DefaultBaseURL is Graph's v1.0 threat-intelligence root.
const DefaultBaseURL = "https://graph.microsoft.com/v1.0/security/threatIntelligence"

// Option configures a Client. Options are applied in order by NewClient
// and can fail; NewClient reports the first failure.
type Option func(*settings) error

// settings collects the options before NewClient builds the client.
type settings struct {
	baseURL                    string
	tenantID, clientID, secret string
	tokenURL                   string
	scopes                     []string
	tokenSource                oauth2.TokenSource
	pageBudget                 int
	insecureHTTP               bool
	httpClient                 *http.Client
	attemptTimeout             time.Duration
	logger                     *slog.Logger
	stack                      []passivetotal.Option // options of the shared HTTP stack
}

func defaultSettings() settings {
	return settings{
		baseURL:        DefaultBaseURL,
		tokenURL:       DefaultTokenURL,
		scopes:         []string{DefaultScope},
		pageBudget:     DefaultPageBudget,
		attemptTimeout: passivetotal.DefaultAttemptTimeout,
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
	return func(s *settings) error {
		if base == "" {
			return errors.New("WithBaseURL: empty URL")
		}
		s.baseURL = base
		return nil
	}
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
// secret would be refused a clear-text trip.
func WithInsecureHTTP() Option {
	return func(s *settings) error {
		s.insecureHTTP = true
		s.stack = append(s.stack, passivetotal.WithInsecureHTTP())
		return nil
	}
}

// The options below configure the HTTP stack the Graph client shares with
// the PassiveTotal client: they mean exactly what the passivetotal options
// of the same name mean.

// WithHTTPClient sets the HTTP client the stack builds on (copied, never
// modified). The token request uses its transport too.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil client")
		}
		s.httpClient = hc
		s.stack = append(s.stack, passivetotal.WithHTTPClient(hc))
		return nil
	}
}

// WithRateLimit limits requests to r per second with burst; rate.Inf
// turns client-side limiting off.
func WithRateLimit(r rate.Limit, burst int) Option {
	return stackOption(passivetotal.WithRateLimit(r, burst))
}

// WithRetryPolicy replaces passivetotal.DefaultRetryPolicy: 429, 500, 502,
// 503 and 504 are retried, a Retry-After honoured up to MaxRetryAfter.
func WithRetryPolicy(p passivetotal.RetryPolicy) Option {
	return stackOption(passivetotal.WithRetryPolicy(p))
}

// WithAttemptTimeout bounds each HTTP attempt, the token request's
// included; zero disables the bound.
func WithAttemptTimeout(d time.Duration) Option {
	return func(s *settings) error {
		if d < 0 {
			return fmt.Errorf("WithAttemptTimeout: negative duration %v", d)
		}
		s.attemptTimeout = d
		s.stack = append(s.stack, passivetotal.WithAttemptTimeout(d))
		return nil
	}
}

// WithLogger sends the client's log records to l (nothing is logged by
// default). Records never carry a token or the secret.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error {
		if l == nil {
			return errors.New("WithLogger: nil logger")
		}
		s.logger = l
		s.stack = append(s.stack, passivetotal.WithLogger(l))
		return nil
	}
}

// WithObserver reports every attempt to o, as the PassiveTotal client
// does; Graph routes are labelled like "/hosts/{id}/passiveDns".
func WithObserver(o passivetotal.Observer) Option {
	return stackOption(passivetotal.WithObserver(o))
}

// WithMaxResponseSize sets the largest response body read, in bytes.
func WithMaxResponseSize(n int64) Option {
	return stackOption(passivetotal.WithMaxResponseSize(n))
}

// WithUserAgent replaces the default User-Agent header.
func WithUserAgent(ua string) Option {
	return stackOption(passivetotal.WithUserAgent(ua))
}

// stackOption passes a shared-stack option through; NewClient reports its
// error, if any.
func stackOption(o passivetotal.Option) Option {
	return func(s *settings) error {
		s.stack = append(s.stack, o)
		return nil
	}
}
