package mdti_test

import (
	"bytes"
	"log/slog"
	"sync"
	"testing"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
	"golang.org/x/time/rate"
)

// fastRetries keeps retried tests quick.
var fastRetries = passivetotal.RetryPolicy{MaxRetries: 4, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond, MaxRetryAfter: 10 * time.Millisecond}

// start runs a simulator and a client signed in to it with client
// credentials.
func start(t *testing.T, cfg mdtitest.Config, opts ...mdti.Option) (*mdtitest.Server, *mdti.Client) {
	t.Helper()
	sim := mdtitest.StartTB(t, cfg)
	c := newClient(t, sim, opts...)
	return sim, c
}

func newClient(t *testing.T, sim *mdtitest.Server, opts ...mdti.Option) *mdti.Client {
	t.Helper()
	return newClientTB(t, sim, opts...)
}

func newClientTB(t testing.TB, sim *mdtitest.Server, opts ...mdti.Option) *mdti.Client {
	t.Helper()
	cfg := sim.Config()
	all := append([]mdti.Option{
		mdti.WithBaseURL(sim.BaseURL()),
		mdti.WithTokenURL(sim.TokenURL()),
		mdti.WithClientCredentials(cfg.TenantID, cfg.ClientID, cfg.ClientSecret),
		mdti.WithRateLimit(rate.Inf, 1),
		mdti.WithRetryPolicy(fastRetries),
	}, opts...)
	c, err := mdti.NewClient(all...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// logBuffer is a concurrency-safe log sink for checking what was logged.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
