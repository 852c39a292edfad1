package httpcore

import (
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// newTestClient builds a client on cfg with the blanks filled: a name, a
// base URL on loopback, a size limit, and a jitter that is its ceiling.
func newTestClient(t testing.TB, cfg Config) *Client {
	t.Helper()
	if cfg.Name == "" {
		cfg.Name = "test"
	}
	if cfg.BaseURL == nil {
		cfg.BaseURL = &url.URL{Scheme: "http", Host: "127.0.0.1:1", Path: "/v1"}
	}
	if cfg.MaxResponseSize == 0 {
		cfg.MaxResponseSize = 1 << 20
	}
	if cfg.Jitter == nil {
		cfg.Jitter = func(d time.Duration) time.Duration { return d }
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestBackoffGrowth(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, Config{})
	var got []time.Duration
	for i := range 7 {
		got = append(got, c.backoff(time.Second, 10*time.Second, i, nil))
	}
	want := []time.Duration{1, 2, 4, 8, 10, 10, 10}
	for i := range want {
		want[i] *= time.Second
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ceilings (-want +got):\n%s", diff)
	}
	if d := c.backoff(time.Second, time.Minute, 200, nil); d != time.Minute {
		t.Errorf("huge attempt number: %v", d)
	}
}

func TestFullJitterBounds(t *testing.T) {
	t.Parallel()
	seen := map[bool]bool{}
	for range 1000 {
		d := FullJitter(time.Second)
		if d < 0 || d > time.Second {
			t.Fatalf("jitter %v out of [0, 1s]", d)
		}
		seen[d < 500*time.Millisecond] = true
	}
	if len(seen) != 2 {
		t.Error("jitter does not spread over the range")
	}
	if FullJitter(0) != 0 {
		t.Error("zero ceiling")
	}
}
