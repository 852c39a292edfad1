package httpcore

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/time/rate"
)

// Settings collects the options both clients take for their HTTP stack. Each
// public With... option of passivetotal and mdti calls one setter; the
// setters validate, and their errors name the public option, so both
// packages report the same text for the same mistake.
type Settings struct {
	BaseURL         string
	HTTPClient      *http.Client
	Limiter         Limiter
	Retry           RetryPolicy
	AttemptTimeout  time.Duration
	Logger          *slog.Logger
	UserAgent       string
	MaxResponseSize int64
	InsecureHTTP    bool
	Observer        Observer
}

// Defaults are a client's starting values; each package passes its own
// exported Default* constants.
type Defaults struct {
	BaseURL         string
	UserAgent       string
	RateLimit       rate.Limit
	Burst           int
	AttemptTimeout  time.Duration
	MaxResponseSize int64
	// Retry is the package's own default policy when it exports one for
	// users to change (passivetotal.DefaultRetryPolicy); it is read when
	// the client is built. Nil: DefaultRetryPolicy.
	Retry *RetryPolicy
}

// NewSettings returns the settings before any option.
func NewSettings(d Defaults) Settings {
	retry := DefaultRetryPolicy
	if d.Retry != nil {
		retry = *d.Retry
	}
	return Settings{
		BaseURL:         d.BaseURL,
		Limiter:         rate.NewLimiter(d.RateLimit, d.Burst),
		Retry:           retry,
		AttemptTimeout:  d.AttemptTimeout,
		UserAgent:       d.UserAgent,
		MaxResponseSize: d.MaxResponseSize,
	}
}

// Config returns the stack's configuration for these settings and the
// parsed base; the caller adds what is its own (Name, Auth, Scrubber,
// Dialect, Quota, Jitter).
func (s *Settings) Config(base *url.URL) Config {
	return Config{
		BaseURL:         base,
		HTTPClient:      s.HTTPClient,
		Limiter:         s.Limiter,
		Retry:           s.Retry,
		AttemptTimeout:  s.AttemptTimeout,
		MaxResponseSize: s.MaxResponseSize,
		InsecureHTTP:    s.InsecureHTTP,
		UserAgent:       s.UserAgent,
		Logger:          s.Logger,
		Observer:        s.Observer,
	}
}

// SetBaseURL is WithBaseURL; the URL itself is checked by ParseBaseURL
// once every option is known (WithInsecureHTTP may follow it).
func (s *Settings) SetBaseURL(base string) error {
	if base == "" {
		return errors.New("WithBaseURL: empty URL")
	}
	s.BaseURL = base
	return nil
}

// SetHTTPClient is WithHTTPClient.
func (s *Settings) SetHTTPClient(hc *http.Client) error {
	if hc == nil {
		return errors.New("WithHTTPClient: nil client")
	}
	s.HTTPClient = hc
	return nil
}

// SetRateLimit is WithRateLimit.
func (s *Settings) SetRateLimit(r rate.Limit, burst int) error {
	l, err := NewRateLimiter(r, burst)
	if err != nil {
		return fmt.Errorf("WithRateLimit: %w", err)
	}
	s.Limiter = l
	return nil
}

// SetLimiter is WithLimiter; nil turns client-side limiting off.
func (s *Settings) SetLimiter(l Limiter) error {
	s.Limiter = l
	return nil
}

// SetRetryPolicy is WithRetryPolicy.
func (s *Settings) SetRetryPolicy(p RetryPolicy) error {
	if err := CheckRetryPolicy(p); err != nil {
		return fmt.Errorf("WithRetryPolicy: %w", err)
	}
	s.Retry = p
	return nil
}

// SetAttemptTimeout is WithAttemptTimeout; zero disables the bound.
func (s *Settings) SetAttemptTimeout(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("WithAttemptTimeout: negative duration %v", d)
	}
	s.AttemptTimeout = d
	return nil
}

// SetLogger is WithLogger.
func (s *Settings) SetLogger(l *slog.Logger) error {
	if l == nil {
		return errors.New("WithLogger: nil logger")
	}
	s.Logger = l
	return nil
}

// SetUserAgent is WithUserAgent.
func (s *Settings) SetUserAgent(ua string) error {
	if ua == "" {
		return errors.New("WithUserAgent: empty User-Agent")
	}
	s.UserAgent = ua
	return nil
}

// SetMaxResponseSize is WithMaxResponseSize.
func (s *Settings) SetMaxResponseSize(n int64) error {
	if n <= 0 {
		return fmt.Errorf("WithMaxResponseSize: size %d must be positive", n)
	}
	s.MaxResponseSize = n
	return nil
}

// SetInsecureHTTP is WithInsecureHTTP.
func (s *Settings) SetInsecureHTTP() error {
	s.InsecureHTTP = true
	return nil
}

// SetObserver is WithObserver.
func (s *Settings) SetObserver(o Observer) error {
	if o == nil {
		return errors.New("WithObserver: nil observer")
	}
	s.Observer = o
	return nil
}
