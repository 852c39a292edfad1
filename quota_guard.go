package passivetotal

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// quotaTracker remembers the last quota answer and the searches sent since,
// for the observer's estimate and, when enabled, for the quota guard.
type quotaTracker struct {
	guard  bool
	maxAge time.Duration
	// refresh admits one guard refresh at a time; callers wait on it with
	// their context.
	refresh chan struct{}

	mu        sync.Mutex
	q         *Quota
	fetched   time.Time
	spent     int  // searches sent since fetched
	exhausted bool // the server refused a search for quota since fetched
}

func newQuotaTracker(guard bool, maxAge time.Duration) *quotaTracker {
	return &quotaTracker{guard: guard, maxAge: maxAge, refresh: make(chan struct{}, 1)}
}

// store records a fresh quota answer.
func (t *quotaTracker) store(q *Quota, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.q, t.fetched, t.spent, t.exhausted = q, now, 0, false
}

// validLocked reports whether the stored answer still describes the
// current quota interval. A next_reset that had already passed when the
// answer arrived (archives, replays, simulators) is ignored.
func (t *quotaTracker) validLocked(now time.Time) bool {
	if t.q == nil {
		return false
	}
	reset := t.q.NextReset()
	return reset.IsZero() || !reset.After(t.fetched) || now.Before(reset)
}

// freshLocked adds the guard's age limit to validLocked.
func (t *quotaTracker) freshLocked(now time.Time) bool {
	return t.validLocked(now) && now.Sub(t.fetched) < t.maxAge
}

// estimate is the searches left as far as the client knows.
func (t *quotaTracker) estimate(now time.Time) (int, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.validLocked(now) {
		return 0, false
	}
	if t.exhausted {
		return 0, true
	}
	return max(t.q.Remaining()-t.spent, 0), true
}

// nextReset is the stored answer's reset time, zero when unknown or past.
func (t *quotaTracker) nextReset(now time.Time) time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.validLocked(now) {
		return time.Time{}
	}
	reset := t.q.NextReset()
	if !reset.After(now) {
		return time.Time{}
	}
	return reset
}

// markExhausted records a quota refusal by the server.
func (t *quotaTracker) markExhausted() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.exhausted = true
}

// admitSearch is called before a call that spends a search. Without the
// guard it only counts the search. With it, it refreshes the quota when the
// cached answer is too old or past its reset, and refuses the call, unsent,
// when no search is left.
func (c *Client) admitSearch(ctx context.Context, endpoint string) error {
	t := c.quota
	if !t.guard {
		t.mu.Lock()
		t.spent++
		t.mu.Unlock()
		return nil
	}
	select {
	case t.refresh <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-t.refresh }()

	t.mu.Lock()
	fresh := t.freshLocked(time.Now())
	t.mu.Unlock()
	if !fresh {
		if _, _, err := c.Quota(ctx); err != nil {
			return fmt.Errorf("passivetotal: quota guard: checking the quota: %w", err)
		}
	}

	now := time.Now()
	t.mu.Lock()
	block, scope := t.q.Binding()
	left := max(t.q.Remaining()-t.spent, 0)
	if !t.exhausted && left > 0 {
		t.spent++
		t.mu.Unlock()
		return nil
	}
	qe := &QuotaExceededError{Scope: scope}
	if block != nil {
		qe.Count = block.Counts.SearchAPI + t.spent
		qe.Limit = block.Limits.SearchAPI
		if r := block.NextReset.Time; r.After(now) {
			qe.NextReset = r
		}
	}
	t.mu.Unlock()

	if c.logger.Enabled(ctx, slog.LevelInfo) {
		c.logger.LogAttrs(ctx, slog.LevelInfo, "passivetotal quota guard refused a search",
			slog.String("endpoint", endpoint), slog.String("scope", scope),
			slog.Time("next_reset", qe.NextReset))
	}
	if c.observer != nil {
		c.observer.ObserveAttempt(ctx, Attempt{Method: "GET", Endpoint: endpoint, Err: qe, QuotaKnown: true})
	}
	return qe
}
