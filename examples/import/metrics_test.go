package main

import (
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/examples/internal/testkit/bundletest"
	"github.com/ptstix/passivetotal/pttest"
)

var summaryLine = regexp.MustCompile(`^\s+(\d+)\s+(\S.*)$`)

// summaryBlock reads one "  title:" block of the closing summary.
func summaryBlock(stderr, title string) map[string]float64 {
	m := map[string]float64{}
	in := false
	for _, line := range strings.Split(stderr, "\n") {
		switch {
		case line == "  "+title+":":
			in = true
		case in && summaryLine.MatchString(line):
			g := summaryLine.FindStringSubmatch(line)
			n, _ := strconv.Atoi(g[1])
			m[metrics.ReasonLabel(g[2])] += float64(n)
		default:
			in = false
		}
	}
	return m
}

// Issue 10: after a -demo run, the metrics equal the bundles written and the summary.
func TestMetricsAfterDemoRun(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	var m *metrics.Metrics
	r := runImportWith(t, context.Background(), hooks{metrics: capture(&m)}, nil, "-demo", "-out", out)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadDir(t, out)
	s := scrape(t, m)
	if d := cmp.Diff(floatCounts(set.Counts()), s.ByLabel("ptstix_stix_objects_emitted_total", "type")); d != "" {
		t.Errorf("objects by type (-bundles +metrics):\n%s", d)
	}
	if got := s.Get("ptstix_bundles_sent_total"); got != float64(len(set.Names)) {
		t.Errorf("bundles_sent = %v, %d files", got, len(set.Names))
	}
	// The demo feed has quirks: the mapping skips some elements and the summary lists
	// them by reason; the metrics say the same.
	wantSkips := summaryBlock(r.stderr, "skips by reason")
	if len(wantSkips) == 0 {
		t.Log("the demo run skipped nothing; skip comparison is trivial")
	}
	if d := cmp.Diff(wantSkips, s.ByLabel("ptstix_skips_total", "reason", "scope", metrics.ScopeObject)); d != "" {
		t.Errorf("object skips (-summary +metrics):\n%s", d)
	}
	if d := cmp.Diff(summaryBlock(r.stderr, "articles skipped"), s.ByLabel("ptstix_skips_total", "reason", "scope", metrics.ScopeItem)); d != "" {
		t.Errorf("article skips (-summary +metrics):\n%s", d)
	}
	if s.Sum("ptstix_api_requests_total", "endpoint", "/articles", "outcome", "2xx") == 0 {
		t.Errorf("no /articles request counted:\n%s", s)
	}
	if got := s.Sum("ptstix_api_retries_total"); got != 0 {
		t.Errorf("retries = %v on a clean simulator", got)
	}
	if s.Get("ptstix_last_success_timestamp_seconds") == 0 || s.Get("ptstix_runs_total", "outcome", "success") != 1 {
		t.Errorf("run not recorded as a success:\n%s", s)
	}
}

// Issue 10: against the fault-injecting simulator, every attempt the simulator saw is
// counted, by endpoint and outcome, and the retries and backoff too.
func TestMetricsAgainstFaultySimulator(t *testing.T) {
	t.Parallel()
	sim := pttest.StartTB(t, pttest.Config{})
	sim.Inject(
		pttest.Fault{Kind: pttest.FaultStatus, Status: http.StatusServiceUnavailable, Endpoint: "/articles", Times: 2},
		pttest.Fault{Kind: pttest.FaultThrottle, RetryAfter: pttest.RetryAfterSeconds(0), Endpoint: "/articles", Every: 3, Times: 1},
	)
	fast := passivetotal.WithRetryPolicy(passivetotal.RetryPolicy{MaxRetries: 4, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond, MaxRetryAfter: 50 * time.Millisecond})
	var m *metrics.Metrics
	out := filepath.Join(t.TempDir(), "out")
	r := runImportWith(t, context.Background(), hooks{metrics: capture(&m), client: []passivetotal.Option{fast}}, simEnv(sim), "-once", "-out", out)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	sim.WaitIdle()
	s := scrape(t, m)

	// What the simulator answered, by endpoint and status class.
	want := map[string]float64{}
	faults := 0
	for _, req := range sim.Requests() {
		want[req.Endpoint+" "+strconv.Itoa(req.Status/100)+"xx"]++
		if req.Fault != pttest.FaultNone {
			faults++
		}
	}
	got := map[string]float64{}
	for _, ep := range []string{"/articles", "/account/quota"} {
		for class, v := range s.ByLabel("ptstix_api_requests_total", "outcome", "endpoint", ep) {
			got[ep+" "+class] = v
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("requests (-simulator +metrics):\n%s", d)
	}
	if faults != 3 {
		t.Errorf("%d faults applied, want 3", faults)
	}
	if got := s.Get("ptstix_api_retries_total", "endpoint", "/articles"); got != float64(faults) {
		t.Errorf("retries = %v, want %d (one per fault)", got, faults)
	}
	if s.Get("ptstix_api_backoff_wait_seconds_total") <= 0 {
		t.Error("no backoff time counted")
	}
	if d := cmp.Diff(floatCounts(bundletest.ReadDir(t, out).Counts()), s.ByLabel("ptstix_stix_objects_emitted_total", "type")); d != "" {
		t.Errorf("objects by type (-bundles +metrics):\n%s", d)
	}
	if d := cmp.Diff(summaryBlock(r.stderr, "skips by reason"), s.ByLabel("ptstix_skips_total", "reason", "scope", metrics.ScopeObject)); d != "" {
		t.Errorf("object skips (-summary +metrics):\n%s", d)
	}
	if !s.Has("ptstix_api_quota_remaining") || !s.Has("ptstix_api_quota_limit") {
		t.Error("quota not recorded")
	}
}
