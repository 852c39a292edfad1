package metrics

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/pttest"
)

// TestClientObserver wires Metrics into a real client talking to the simulator, which
// answers 503 twice before the real answer: the scrape counts three attempts, two of
// them retries, and the backoff slept between them.
func TestClientObserver(t *testing.T) {
	t.Parallel()
	sim := pttest.StartTB(t, pttest.Config{})
	sim.Inject(pttest.Fault{Kind: pttest.FaultStatus, Status: http.StatusServiceUnavailable, Endpoint: "/dns/passive", Times: 2})
	m := New(Options{Items: "entities"})
	c, err := passivetotal.NewClient(pttest.DefaultUsername, pttest.DefaultAPIKey,
		passivetotal.WithBaseURL(sim.BaseURL()),
		passivetotal.WithRetryPolicy(passivetotal.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond, MaxRetryAfter: time.Second}),
		passivetotal.WithObserver(m))
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	ctx := context.Background()
	if _, _, err := c.PassiveDNS(ctx, "example.com", nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Quota(ctx); err != nil {
		t.Fatal(err)
	}
	s := scrape(t, m)
	for _, tt := range []struct {
		key  []string
		want float64
	}{
		{[]string{"ptstix_api_requests_total", "endpoint", "/dns/passive", "outcome", "5xx"}, 2},
		{[]string{"ptstix_api_requests_total", "endpoint", "/dns/passive", "outcome", "2xx"}, 1},
		{[]string{"ptstix_api_retries_total", "endpoint", "/dns/passive"}, 2},
		{[]string{"ptstix_api_request_duration_seconds_count", "endpoint", "/dns/passive"}, 3},
		{[]string{"ptstix_api_requests_total", "endpoint", "/account/quota", "outcome", "2xx"}, 1},
	} {
		if got := s.Get(tt.key[0], tt.key[1:]...); got != tt.want {
			t.Errorf("%v = %v, want %v\n%s", tt.key, got, tt.want, s)
		}
	}
	if got := s.Get("ptstix_api_backoff_wait_seconds_total"); got <= 0 {
		t.Errorf("backoff wait = %v, want > 0", got)
	}
	if s.Get("ptstix_api_requests_total", "endpoint", "/dns/passive", "outcome", "error") != 0 {
		t.Error("a 503 counted as a transport error")
	}
}
