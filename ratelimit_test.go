package passivetotal

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"
)

func TestLimiterSpacesRequests(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, ft := newFakeClient(t, []reply{{status: 200, body: `{}`}}, WithRateLimit(2, 1))
		start := time.Now()
		for range 4 {
			if _, err := c.get(t.Context(), "dns/passive", nil, false, nil); err != nil {
				t.Fatal(err)
			}
		}
		want := []time.Duration{500 * time.Millisecond, 500 * time.Millisecond, 500 * time.Millisecond}
		if diff := cmp.Diff(want, ft.gaps()); diff != "" {
			t.Errorf("gaps between requests (-want +got):\n%s", diff)
		}
		if got := time.Since(start); got != 1500*time.Millisecond {
			t.Errorf("4 calls at 2/s took %v", got)
		}
	})
}

func TestRetriesSpendTokens(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		// Backoff is instant: only the limiter spaces the retry.
		c, ft := newFakeClient(t, []reply{{status: 503}, {status: 200, body: `{}`}},
			WithRateLimit(1, 1), WithRetryPolicy(noWait))
		if _, err := c.get(t.Context(), "dns/passive", nil, false, nil); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]time.Duration{time.Second}, ft.gaps()); diff != "" {
			t.Errorf("retry was not spaced by the limiter (-want +got):\n%s", diff)
		}
	})
}

func TestLimiterDeadlineMatchesDeadlineExceeded(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, ft := newFakeClient(t, []reply{{status: 200, body: `{}`}}, WithRateLimit(rate.Every(time.Minute), 1))
		if _, err := c.get(t.Context(), "dns/passive", nil, false, nil); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		_, err := c.get(ctx, "dns/passive", nil, false, nil)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want it to match context.DeadlineExceeded", err)
		}
		if got := time.Since(start); got != 0 {
			t.Errorf("the limiter waited %v before refusing; it should refuse at once", got)
		}
		if ft.calls() != 1 {
			t.Errorf("%d requests sent, want 1 (limiter errors are not retried)", ft.calls())
		}
	})
}

// failingLimiter refuses every wait.
type failingLimiter struct{ waits atomic.Int32 }

func (l *failingLimiter) Wait(context.Context) error {
	l.waits.Add(1)
	return errors.New("limiter closed")
}

func TestCustomLimiterErrorNotRetried(t *testing.T) {
	t.Parallel()
	lim := &failingLimiter{}
	c, ft := newFakeClient(t, []reply{{status: 200, body: `{}`}}, WithLimiter(lim))
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	_, err := c.get(ctx, "dns/passive", nil, false, nil)
	if err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v; a plain limiter error must not pass for a deadline", err)
	}
	if lim.waits.Load() != 1 || ft.calls() != 0 {
		t.Errorf("waits %d, requests %d; want 1 and 0", lim.waits.Load(), ft.calls())
	}
}

func TestLimiterCancelWhileWaiting(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, _ := newFakeClient(t, []reply{{status: 200, body: `{}`}}, WithRateLimit(rate.Every(time.Hour), 1))
		if _, err := c.get(t.Context(), "a", nil, false, nil); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(2*time.Second, cancel)
		// No deadline: x/time/rate waits, and the cancellation ends the wait.
		_, err := c.get(ctx, "a", nil, false, nil)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
	})
}
