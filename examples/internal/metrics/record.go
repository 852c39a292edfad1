package metrics

import (
	"context"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
)

// Both interfaces are what the programs plug Metrics into.
var (
	_ passivetotal.Observer = (*Metrics)(nil)
	_ cli.Observer          = (*Metrics)(nil)
)

// ObserveAttempt counts one PassiveTotal API attempt; it implements
// passivetotal.Observer, so pass m to passivetotal.WithObserver.
func (m *Metrics) ObserveAttempt(_ context.Context, a passivetotal.Attempt) {
	ep := a.Endpoint
	if ep == "" {
		ep = "unknown"
	}
	m.apiRequests.WithLabelValues(ep, a.StatusClass()).Inc()
	if a.Retry() {
		m.apiRetries.WithLabelValues(ep).Inc()
	}
	if a.Number > 0 { // an attempt the guard blocked was never sent: no latency
		m.apiDuration.WithLabelValues(ep).Observe(a.Duration.Seconds())
	}
	if a.LimiterWait > 0 {
		m.limiterWait.Add(a.LimiterWait.Seconds())
	}
	if a.BackoffWait > 0 {
		m.backoffWait.Add(a.BackoffWait.Seconds())
	}
	if a.QuotaKnown {
		m.quotaRemaining.WithLabelValues().Set(float64(a.QuotaRemaining))
	}
}

// Observe counts one run event; it implements cli.Observer, so add m to the program's
// cli.Observers next to the summary. The counts then match the summary's: items done,
// items skipped and mapping skips by reason, bundles, objects by type, errors.
func (m *Metrics) Observe(e cli.Event) {
	switch e.Kind {
	case cli.RunStarted:
		m.SetState(StateRunning)
	case cli.RunFinished:
		m.RunFinished(e.Time, e.Err)
	case cli.ItemDone:
		m.Processed(1)
	case cli.ItemSkipped:
		m.Skipped(ScopeItem, e.Reason)
	case cli.ObjectSkipped:
		m.Skipped(ScopeObject, e.Reason)
	case cli.BundleWritten:
		m.BundleSent(e.Objects)
	case cli.Quota:
		m.SetQuota(e.Remaining, e.Limit)
	case cli.Error:
		m.Error("item")
	}
}

// Processed counts n items (articles, entities) handled and delivered.
func (m *Metrics) Processed(n int) {
	if n > 0 {
		m.processed.Add(float64(n))
	}
}

// Skipped counts one thing left out: scope is ScopeItem or ScopeObject, reason is
// normalised with ReasonLabel and bounded to a few dozen values per scope.
func (m *Metrics) Skipped(scope, reason string) {
	m.skips.WithLabelValues(scope, m.reasonLabel(scope, reason)).Inc()
}

// BundleSent counts one delivered bundle and its objects by STIX type.
func (m *Metrics) BundleSent(objectsByType map[string]int) {
	m.bundles.Inc()
	for t, n := range objectsByType {
		if n > 0 {
			m.objects.WithLabelValues(t).Add(float64(n))
		}
	}
}

// Error counts one error of the given kind: "run", "item", "send", or a short word of
// the program's own (keep the set small: it is a label).
func (m *Metrics) Error(kind string) { m.errors.WithLabelValues(kind).Inc() }

// RunFinished records the end of a run at t (now when zero): a success sets the last
// success time, a failure counts an error of kind "run". The connector becomes idle.
func (m *Metrics) RunFinished(t time.Time, err error) {
	if err != nil {
		m.runs.WithLabelValues("failure").Inc()
		m.Error("run")
	} else {
		m.runs.WithLabelValues("success").Inc()
		m.Success(t)
	}
	m.SetState(StateIdle)
}

// Success sets ptstix_last_success_timestamp_seconds to t (now when zero). A time
// older than the one already recorded is ignored: enrichments finish out of order.
func (m *Metrics) Success(t time.Time) {
	if t.IsZero() {
		t = time.Now()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if t.After(m.lastSucc) {
		m.lastSucc = t
		m.lastSuccess.WithLabelValues().Set(float64(t.UnixNano()) / 1e9)
	}
}

// LastSuccess is the time of the last success, zero when none.
func (m *Metrics) LastSuccess() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lastSucc
}

// SetQuota records the searches left and the period's limit, as reported by the
// account quota call (the observer updates the remaining count between such calls).
func (m *Metrics) SetQuota(remaining, limit int) {
	m.quotaRemaining.WithLabelValues().Set(float64(remaining))
	if limit > 0 {
		m.quotaLimit.WithLabelValues().Set(float64(limit))
	}
}
