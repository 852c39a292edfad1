package metrics

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/testkit/metricstest"
)

// scrape serves m through its real handler and parses /metrics.
func scrape(t *testing.T, m *Metrics) metricstest.Samples {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	return metricstest.Scrape(t, srv.URL+"/metrics")
}

func TestObserveAttempt(t *testing.T) {
	t.Parallel()
	errConn := errors.New("connection refused")
	tests := []struct {
		name     string
		attempts []passivetotal.Attempt
		want     map[string]float64 // series key -> value; others unchecked
		absent   []string
	}{
		{
			name: "one success",
			attempts: []passivetotal.Attempt{
				{Method: "GET", Endpoint: "/dns/passive", Number: 1, StatusCode: 200, Duration: 200 * time.Millisecond, LimiterWait: 50 * time.Millisecond},
			},
			want: map[string]float64{
				`ptstix_api_requests_total{endpoint="/dns/passive",outcome="2xx"}`:   1,
				`ptstix_api_request_duration_seconds_count{endpoint="/dns/passive"}`: 1,
				`ptstix_api_request_duration_seconds_sum{endpoint="/dns/passive"}`:   0.2,
				`ptstix_api_ratelimit_wait_seconds_total`:                            0.05,
				`ptstix_api_backoff_wait_seconds_total`:                              0,
			},
			absent: []string{`ptstix_api_retries_total{endpoint="/dns/passive"}`, "ptstix_api_quota_remaining"},
		},
		{
			name: "two 503 then success, quota known",
			attempts: []passivetotal.Attempt{
				{Endpoint: "/dns/passive", Number: 1, StatusCode: 503, Duration: time.Millisecond},
				{Endpoint: "/dns/passive", Number: 2, StatusCode: 503, Duration: time.Millisecond, BackoffWait: time.Second},
				{Endpoint: "/dns/passive", Number: 3, StatusCode: 200, Duration: time.Millisecond, BackoffWait: 2 * time.Second, QuotaKnown: true, QuotaRemaining: 41},
			},
			want: map[string]float64{
				`ptstix_api_requests_total{endpoint="/dns/passive",outcome="5xx"}`:   2,
				`ptstix_api_requests_total{endpoint="/dns/passive",outcome="2xx"}`:   1,
				`ptstix_api_retries_total{endpoint="/dns/passive"}`:                  2,
				`ptstix_api_request_duration_seconds_count{endpoint="/dns/passive"}`: 3,
				`ptstix_api_backoff_wait_seconds_total`:                              3,
				`ptstix_api_quota_remaining`:                                         41,
			},
		},
		{
			name: "transport error, guard refusal, unknown endpoint",
			attempts: []passivetotal.Attempt{
				{Endpoint: "/articles", Number: 1, Err: errConn},
				{Endpoint: "/dns/passive", Number: 0, Err: passivetotal.ErrQuotaExceeded},
				{Number: 1, StatusCode: 404},
			},
			want: map[string]float64{
				`ptstix_api_requests_total{endpoint="/articles",outcome="error"}`:      1,
				`ptstix_api_requests_total{endpoint="/dns/passive",outcome="blocked"}`: 1,
				`ptstix_api_requests_total{endpoint="unknown",outcome="4xx"}`:          1,
				`ptstix_api_request_duration_seconds_count{endpoint="/articles"}`:      1,
			},
			// A call the guard refused was never sent: no latency sample.
			absent: []string{`ptstix_api_request_duration_seconds_count{endpoint="/dns/passive"}`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := New(Options{Items: "entities"})
			for _, a := range tt.attempts {
				m.ObserveAttempt(context.Background(), a)
			}
			s := scrape(t, m)
			got := map[string]float64{}
			for k := range tt.want {
				got[k] = s[k]
			}
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(approx)); diff != "" {
				t.Errorf("samples (-want +got):\n%s\nscrape:\n%s", diff, s)
			}
			for _, k := range tt.absent {
				if _, ok := s[k]; ok {
					t.Errorf("%s present, want absent", k)
				}
			}
		})
	}
}

func approx(a, b float64) bool {
	d := a - b
	return d < 1e-9 && d > -1e-9
}

func TestObserveEvents(t *testing.T) {
	t.Parallel()
	m := New(Options{Items: "articles"})
	sum := cli.NewSummary("articles")
	obs := cli.Observers{sum, m}
	finished := time.Date(2024, 4, 12, 13, 53, 14, 0, time.UTC)

	obs.Observe(cli.Event{Kind: cli.RunStarted})
	if got := m.State(); got != StateRunning {
		t.Errorf("state after RunStarted = %q, want running", got)
	}
	obs.Observe(cli.Event{Kind: cli.BundleWritten, Objects: map[string]int{"report": 1, "indicator": 3, "identity": 1}})
	obs.Observe(cli.Event{Kind: cli.ItemDone, Item: "a1"})
	obs.Observe(cli.Event{Kind: cli.ObjectSkipped, Item: "x", Reason: `unsupported indicator type "yara"`})
	obs.Observe(cli.Event{Kind: cli.ObjectSkipped, Item: "y", Reason: `unsupported indicator type "sigma"`})
	obs.Observe(cli.Event{Kind: cli.ObjectSkipped, Item: "z", Reason: "no valid firstSeen"})
	obs.Observe(cli.Event{Kind: cli.BundleWritten, Objects: map[string]int{"report": 1, "indicator": 2}})
	obs.Observe(cli.Event{Kind: cli.ItemDone, Item: "a2"})
	obs.Observe(cli.Event{Kind: cli.ItemSkipped, Item: "a3", Reason: "mapping: no valid publishedDate or createdDate"})
	obs.Observe(cli.Event{Kind: cli.Error, Err: errors.New("page 3: 502")})
	obs.Observe(cli.Event{Kind: cli.Quota, Remaining: 990, Limit: 1000})
	obs.Observe(cli.Event{Kind: cli.RunFinished, Time: finished})

	s := scrape(t, m)
	tot := sum.Totals()

	// The metrics count what the summary counts.
	if got, want := s.Get("ptstix_articles_processed_total"), float64(tot.Done); got != want {
		t.Errorf("processed = %v, want %v", got, want)
	}
	if got, want := s.Get("ptstix_bundles_sent_total"), float64(tot.Bundles); got != want {
		t.Errorf("bundles = %v, want %v", got, want)
	}
	if diff := cmp.Diff(floats(tot.Objects, false), s.ByLabel("ptstix_stix_objects_emitted_total", "type")); diff != "" {
		t.Errorf("objects by type (-summary +metrics):\n%s", diff)
	}
	if diff := cmp.Diff(floats(tot.Skips, true), s.ByLabel("ptstix_skips_total", "reason", "scope", ScopeObject)); diff != "" {
		t.Errorf("object skips (-summary +metrics):\n%s", diff)
	}
	if diff := cmp.Diff(floats(tot.Skipped, true), s.ByLabel("ptstix_skips_total", "reason", "scope", ScopeItem)); diff != "" {
		t.Errorf("item skips (-summary +metrics):\n%s", diff)
	}
	want := map[string]float64{
		`ptstix_skips_total{reason="unsupported indicator type \"…\"",scope="object"}`: 2,
		`ptstix_errors_total{kind="item"}`:                                             1,
		`ptstix_runs_total{outcome="success"}`:                                         1,
		`ptstix_runs_total{outcome="failure"}`:                                         0,
		`ptstix_last_success_timestamp_seconds`:                                        float64(finished.Unix()),
		`ptstix_api_quota_remaining`:                                                   990,
		`ptstix_api_quota_limit`:                                                       1000,
		`ptstix_connector_state{state="idle"}`:                                         1,
		`ptstix_connector_state{state="running"}`:                                      0,
		`ptstix_connector_state{state="stopped"}`:                                      0,
	}
	for k, v := range want {
		if got, ok := s[k]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, v)
		}
	}
	if s.Has("ptstix_entities_processed_total") {
		t.Error("the importer's metrics name entities")
	}

	// A failed run counts an error and keeps the last success.
	m.Observe(cli.Event{Kind: cli.RunStarted})
	m.Observe(cli.Event{Kind: cli.RunFinished, Time: finished.Add(time.Hour), Err: errors.New("boom")})
	s = scrape(t, m)
	if got := s.Get("ptstix_runs_total", "outcome", "failure"); got != 1 {
		t.Errorf("failed runs = %v, want 1", got)
	}
	if got := s.Get("ptstix_errors_total", "kind", "run"); got != 1 {
		t.Errorf("run errors = %v, want 1", got)
	}
	if got := s.Get("ptstix_last_success_timestamp_seconds"); got != float64(finished.Unix()) {
		t.Errorf("last success moved on failure: %v", got)
	}
}

// floats converts summary counts to metric values, with reasons as labels.
func floats(m map[string]int, reasons bool) map[string]float64 {
	out := map[string]float64{}
	for k, v := range m {
		if reasons {
			k = ReasonLabel(k)
		}
		if v != 0 {
			out[k] += float64(v)
		}
	}
	return out
}

func TestAbsentUntilKnown(t *testing.T) {
	t.Parallel()
	s := scrape(t, New(Options{}))
	for _, name := range []string{"ptstix_api_quota_remaining", "ptstix_api_quota_limit", "ptstix_last_success_timestamp_seconds"} {
		if s.Has(name) {
			t.Errorf("%s is exported before it is known: a 0 would read as a real value", name)
		}
	}
	if !s.Has("ptstix_items_processed_total") {
		t.Errorf("default items name missing; have %v", s.Names())
	}
	if got := s.Get("ptstix_connector_state", "state", "idle"); got != 1 {
		t.Errorf("a new connector is not idle: %v", got)
	}
}

func TestSuccessKeepsNewest(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	t1 := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	m.Success(t1)
	m.Success(t1.Add(-time.Hour)) // an enrichment that started earlier finished later
	if got := m.LastSuccess(); !got.Equal(t1) {
		t.Errorf("LastSuccess = %v, want %v", got, t1)
	}
}

func TestStates(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	for _, st := range []State{StateRunning, StateIdle, StateStopped} {
		m.SetState(st)
		s := scrape(t, m)
		got := s.ByLabel("ptstix_connector_state", "state")
		if diff := cmp.Diff(map[string]float64{string(st): 1}, got); diff != "" {
			t.Errorf("state %s (-want +got):\n%s", st, diff)
		}
	}
}

// TestLint runs promlint, Prometheus' own naming checks (_total on counters, base
// units, help text), over every metric with a sample.
func TestLint(t *testing.T) {
	t.Parallel()
	m := New(Options{Items: "articles", Runtime: true})
	m.ObserveAttempt(context.Background(), passivetotal.Attempt{Endpoint: "/articles", Number: 2, StatusCode: 200, BackoffWait: time.Second, QuotaKnown: true})
	m.Observe(cli.Event{Kind: cli.BundleWritten, Objects: map[string]int{"report": 1}})
	m.Observe(cli.Event{Kind: cli.ObjectSkipped, Reason: "r"})
	m.Observe(cli.Event{Kind: cli.Error})
	m.Observe(cli.Event{Kind: cli.Quota, Remaining: 1, Limit: 2})
	m.Observe(cli.Event{Kind: cli.RunFinished})
	problems, err := promlint.NewWithMetricFamilies(mustGather(t, m)).Lint()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if strings.HasPrefix(p.Metric, Namespace+"_") {
			t.Errorf("promlint: %s: %s", p.Metric, p.Text)
		}
	}
}

func mustGather(t *testing.T, m *Metrics) []*dto.MetricFamily {
	t.Helper()
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	return fams
}
