package httpcore

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"
)

func TestSettingsSetters(t *testing.T) {
	t.Parallel()
	hc := &http.Client{}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	obs := ObserverFunc(func(context.Context, Attempt) {})
	policy := RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond, MaxWait: time.Second}
	tests := []struct {
		name    string
		set     func(*Settings) error
		wantErr string
		check   func(Settings) bool
	}{
		{"base", func(s *Settings) error { return s.SetBaseURL("https://x/v2") }, "", func(s Settings) bool { return s.BaseURL == "https://x/v2" }},
		{"empty base", func(s *Settings) error { return s.SetBaseURL("") }, "WithBaseURL: empty URL", nil},
		{"http client", func(s *Settings) error { return s.SetHTTPClient(hc) }, "", func(s Settings) bool { return s.HTTPClient == hc }},
		{"nil http client", func(s *Settings) error { return s.SetHTTPClient(nil) }, "WithHTTPClient: nil client", nil},
		{"rate off", func(s *Settings) error { return s.SetRateLimit(rate.Inf, 0) }, "", func(s Settings) bool { return s.Limiter == nil }},
		{"zero rate", func(s *Settings) error { return s.SetRateLimit(0, 1) }, "WithRateLimit: rate 0 must be positive (rate.Inf disables limiting)", nil},
		{"nil limiter", func(s *Settings) error { return s.SetLimiter(nil) }, "", func(s Settings) bool { return s.Limiter == nil }},
		{"retry", func(s *Settings) error { return s.SetRetryPolicy(policy) }, "", func(s Settings) bool { return s.Retry == policy }},
		{"negative retries", func(s *Settings) error { return s.SetRetryPolicy(RetryPolicy{MaxRetries: -1}) }, "WithRetryPolicy: ", nil},
		{"timeout off", func(s *Settings) error { return s.SetAttemptTimeout(0) }, "", func(s Settings) bool { return s.AttemptTimeout == 0 }},
		{"negative timeout", func(s *Settings) error { return s.SetAttemptTimeout(-time.Second) }, "WithAttemptTimeout: negative duration -1s", nil},
		{"logger", func(s *Settings) error { return s.SetLogger(logger) }, "", func(s Settings) bool { return s.Logger == logger }},
		{"nil logger", func(s *Settings) error { return s.SetLogger(nil) }, "WithLogger: nil logger", nil},
		{"user agent", func(s *Settings) error { return s.SetUserAgent("x/1") }, "", func(s Settings) bool { return s.UserAgent == "x/1" }},
		{"empty user agent", func(s *Settings) error { return s.SetUserAgent("") }, "WithUserAgent: empty User-Agent", nil},
		{"size", func(s *Settings) error { return s.SetMaxResponseSize(7) }, "", func(s Settings) bool { return s.MaxResponseSize == 7 }},
		{"zero size", func(s *Settings) error { return s.SetMaxResponseSize(0) }, "WithMaxResponseSize: size 0 must be positive", nil},
		{"insecure", func(s *Settings) error { return s.SetInsecureHTTP() }, "", func(s Settings) bool { return s.InsecureHTTP }},
		{"observer", func(s *Settings) error { return s.SetObserver(obs) }, "", func(s Settings) bool { return s.Observer != nil }},
		{"nil observer", func(s *Settings) error { return s.SetObserver(nil) }, "WithObserver: nil observer", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := NewSettings(Defaults{BaseURL: "https://d/", UserAgent: "d", RateLimit: 1, Burst: 1, AttemptTimeout: time.Second, MaxResponseSize: 9})
			before := s
			err := tt.set(&s)
			if tt.wantErr != "" {
				if err == nil || len(err.Error()) < len(tt.wantErr) || err.Error()[:len(tt.wantErr)] != tt.wantErr {
					t.Fatalf("error %v, want it to start with %q", err, tt.wantErr)
				}
				if s.BaseURL != before.BaseURL || s.HTTPClient != before.HTTPClient || s.Limiter != before.Limiter ||
					s.AttemptTimeout != before.AttemptTimeout || s.MaxResponseSize != before.MaxResponseSize || s.UserAgent != before.UserAgent {
					t.Errorf("a refused setting changed the settings: %+v", s)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(s) {
				t.Errorf("not applied: %+v", s)
			}
		})
	}
}

func TestSettingsConfig(t *testing.T) {
	t.Parallel()
	s := NewSettings(Defaults{BaseURL: "https://d/v2", UserAgent: "ua/1", RateLimit: 5, Burst: 2, AttemptTimeout: 3 * time.Second, MaxResponseSize: 11})
	if err := s.SetInsecureHTTP(); err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("https://d/v2")
	c := s.Config(base)
	type view struct {
		Base, UA         string
		Timeout          time.Duration
		Size             int64
		Insecure         bool
		Retry            RetryPolicy
		Limit            rate.Limit
		Burst            int
		Name             string
		HasAuth, HasHTTP bool
	}
	l := c.Limiter.(*rate.Limiter)
	got := view{c.BaseURL.String(), c.UserAgent, c.AttemptTimeout, c.MaxResponseSize, c.InsecureHTTP, c.Retry, l.Limit(), l.Burst(), c.Name, c.Auth != nil, c.HTTPClient != nil}
	want := view{"https://d/v2", "ua/1", 3 * time.Second, 11, true, DefaultRetryPolicy, 5, 2, "", false, false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Config (-want +got):\n%s", diff)
	}
}
