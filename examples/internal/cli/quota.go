package cli

import (
	"context"
	"log/slog"
	"time"

	"github.com/ptstix/passivetotal"
)

// ReportQuota asks the API for the searches left (GET /account/quota spends none) and
// reports them as a Quota event, for the closing summary. A failure is logged at debug
// level only: the summary then says the quota is unknown.
func ReportQuota(ctx context.Context, c *passivetotal.Client, o Observer, log *slog.Logger) {
	if c == nil { // a backend without a quota (Graph)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	q, _, err := c.Quota(ctx)
	if err != nil {
		log.Debug("quota unknown", "error", err)
		return
	}
	b, scope := q.Binding()
	if b == nil {
		return
	}
	log.Debug("quota", "scope", scope, "remaining", q.Remaining(), "limit", b.Limits.SearchAPI, "next_reset", q.NextReset())
	o.Observe(Event{Kind: Quota, Remaining: q.Remaining(), Limit: b.Limits.SearchAPI})
}
