package main

import (
	"bytes"
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
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/examples/internal/testkit/bundletest"
	"github.com/ptstix/passivetotal/pttest"
)

var summaryLine = regexp.MustCompile(`^\s+(\d+)\s+(\S.*)$`)

// summaryBlock reads one "  title:" block of the closing summary, reasons as labels.
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

func runWithMetrics(t *testing.T, env map[string]string, h hooks, args ...string) (result, *metrics.Metrics) {
	t.Helper()
	var m *metrics.Metrics
	h.metrics = func(mm *metrics.Metrics, _ *metrics.Server) { m = mm }
	var out, errb bytes.Buffer
	code := runWith(context.Background(), args, cli.MapEnv(env), strings.NewReader(""), &out, &errb, h)
	return result{code, out.String(), errb.String()}, m
}

// Issue 10: after a -demo run the metrics equal the bundles written and the summary.
func TestMetricsAfterDemoRun(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	r, m := runWithMetrics(t, nil, hooks{}, "-demo", "-out", out,
		"-entity", "domain-name:example.com", "-entity", "ipv4-addr:198.51.100.7",
		"-max-tlp", "TLP:AMBER", "-entity", "ipv4-addr:203.0.113.9 TLP:RED")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadDir(t, out)
	s := scrape(t, m)
	if d := cmp.Diff(floatCounts(set.Counts()), s.ByLabel("ptstix_stix_objects_emitted_total", "type")); d != "" {
		t.Errorf("objects by type (-bundles +metrics):\n%s", d)
	}
	if got := s.Get("ptstix_entities_processed_total"); got != float64(len(set.Names)) {
		t.Errorf("entities processed = %v, %d bundles", got, len(set.Names))
	}
	if d := cmp.Diff(summaryBlock(r.stderr, "skips by reason"), s.ByLabel("ptstix_skips_total", "reason", "scope", metrics.ScopeObject)); d != "" {
		t.Errorf("record skips (-summary +metrics):\n%s", d)
	}
	itemSkips := summaryBlock(r.stderr, "entities skipped")
	if itemSkips["above the maximum TLP"] != 1 {
		t.Errorf("the summary does not list the TLP:RED entity as skipped:\n%s", r.stderr)
	}
	if d := cmp.Diff(itemSkips, s.ByLabel("ptstix_skips_total", "reason", "scope", metrics.ScopeItem)); d != "" {
		t.Errorf("entity skips (-summary +metrics):\n%s", d)
	}
	if got := s.Get("ptstix_api_requests_total", "endpoint", "/dns/passive", "outcome", "2xx"); got != 2 {
		t.Errorf("passive DNS requests = %v, want 2\n%s", got, s)
	}
}

// Issue 10: against the fault-injecting simulator, the requests the simulator saw are
// counted by endpoint and outcome, with the retries they caused.
func TestMetricsAgainstFaultySimulator(t *testing.T) {
	t.Parallel()
	sim := startSim(t, pttest.Config{})
	sim.Inject(pttest.Fault{Kind: pttest.FaultStatus, Status: http.StatusServiceUnavailable, Endpoint: "/dns/passive", Times: 2})
	fast := passivetotal.WithRetryPolicy(passivetotal.RetryPolicy{MaxRetries: 4, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond, MaxRetryAfter: 50 * time.Millisecond})
	out := filepath.Join(t.TempDir(), "out")
	r, m := runWithMetrics(t, simEnv(sim), hooks{client: []passivetotal.Option{fast}},
		"-out", out, "-concurrency", "1", "-entity", "domain-name:example.com", "-entity", "ipv4-addr:198.51.100.7")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	sim.WaitIdle()
	s := scrape(t, m)
	want := map[string]float64{}
	for _, req := range sim.Requests() {
		want[req.Endpoint+" "+strconv.Itoa(req.Status/100)+"xx"]++
	}
	got := map[string]float64{}
	for _, ep := range []string{"/dns/passive", "/account/quota"} {
		for class, v := range s.ByLabel("ptstix_api_requests_total", "outcome", "endpoint", ep) {
			got[ep+" "+class] = v
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("requests (-simulator +metrics):\n%s", d)
	}
	if got := s.Get("ptstix_api_retries_total", "endpoint", "/dns/passive"); got != 2 {
		t.Errorf("retries = %v, want 2", got)
	}
	if d := cmp.Diff(floatCounts(bundletest.ReadDir(t, out).Counts()), s.ByLabel("ptstix_stix_objects_emitted_total", "type")); d != "" {
		t.Errorf("objects by type (-bundles +metrics):\n%s", d)
	}
	if d := cmp.Diff(summaryBlock(r.stderr, "skips by reason"), s.ByLabel("ptstix_skips_total", "reason", "scope", metrics.ScopeObject)); d != "" {
		t.Errorf("record skips (-summary +metrics):\n%s", d)
	}
	if !s.Has("ptstix_api_quota_remaining") {
		t.Error("quota left not recorded")
	}
}
