package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/testkit/bundletest"
	"github.com/ptstix/passivetotal/pttest"
	"github.com/ptstix/passivetotal/stix"
)

type result struct {
	code           int
	stdout, stderr string
}

func runEnrich(t *testing.T, ctx context.Context, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(ctx, args, cli.MapEnv(env), strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

// simEnv is the environment of a run against sim, with the old enricher's names.
func simEnv(sim *pttest.Server) map[string]string {
	return map[string]string{
		"PASSIVETOTAL_BASE_URL": sim.BaseURL(),
		"RISKIQ_USERNAME":       pttest.DefaultUsername,
		"RISKIQ_API_KEY":        pttest.DefaultAPIKey,
	}
}

// startSim starts a simulator whose data end today, so the default P30D window holds
// records.
func startSim(t *testing.T, cfg pttest.Config) *pttest.Server {
	cfg.Epoch = time.Now().UTC().Truncate(24 * time.Hour)
	return pttest.StartTB(t, cfg)
}

func TestEnrichAgainstSimulator(t *testing.T) {
	t.Parallel()
	sim := startSim(t, pttest.Config{})
	dir := t.TempDir()
	list := "# a list\nipv6-addr:2001:db8::1\n\nwww.example.net\n198.51.100.20 TLP:GREEN\n"
	r := runEnrich(t, t.Context(), simEnv(sim), list,
		"-entity", "domain-name:Example.COM.", "-entity", "ipv4-addr:198.51.100.7", "-entities", "-",
		"-concurrency", "3", "-out", dir)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadDir(t, dir)
	want := []string{
		"domain-name-example.com.json", "domain-name-www.example.net.json",
		"ipv4-addr-198.51.100.20.json", "ipv4-addr-198.51.100.7.json", "ipv6-addr-2001_db8__1-",
	}
	if len(set.Names) != len(want) {
		t.Fatalf("files %v, want %v", set.Names, want)
	}
	for i, w := range want {
		if !strings.HasPrefix(set.Names[i], w) {
			t.Errorf("file %d = %s, want %s...", i, set.Names[i], w)
		}
	}
	counts := set.Counts()
	if counts["relationship"] == 0 || counts["domain-name"] == 0 || counts["identity"] != len(want) {
		t.Errorf("objects by type %v", counts)
	}
	if d := cmp.Diff(counts, bundletest.SummaryCounts(t, r.stderr)); d != "" {
		t.Errorf("summary differs from the files (-files +summary):\n%s", d)
	}
	// The GREEN entity's new objects are marked GREEN, never lower.
	for _, o := range set.Bundles["ipv4-addr-198.51.100.20.json"].Objects {
		if rel, ok := o.(*stix.Relationship); ok && !slicesContains(rel.ObjectMarkingRefs, stix.TLPGreen.ID()) {
			t.Errorf("relationship %s marked %v, want TLP:GREEN", rel.ID, rel.ObjectMarkingRefs)
		}
	}
	// Every lookup asked for the last 30 days, and the guard checked the quota.
	n := 0
	for _, rq := range sim.Requests() {
		if rq.Endpoint == "/dns/passive" {
			n++
			if !strings.Contains(rq.Query, "start=") {
				t.Errorf("lookup without a window: %s", rq.Query)
			}
		}
	}
	if n != len(want) || sim.RequestCount("/account/quota") == 0 {
		t.Errorf("%d lookups and %d quota checks", n, sim.RequestCount("/account/quota"))
	}
	if !strings.Contains(r.stderr, "quota left: 995 of 1000 searches") {
		t.Errorf("summary quota line:\n%s", r.stderr)
	}
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestEnrichDemoToStdout(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"-demo", "-out", "-"},
		{"-demo", "-once", "-out", "-"}, // the importer's -once is accepted too
	} {
		r := runEnrich(t, t.Context(), nil, "", args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d, stderr:\n%s", args, r.code, r.stderr)
		}
		set := bundletest.ReadStream(t, []byte(r.stdout))
		if len(set.Names) != 1 || set.Counts()["relationship"] == 0 {
			t.Errorf("%v: demo wrote %d bundles, counts %v", args, len(set.Names), set.Counts())
		}
	}
}

func TestEnrichMaxTLP(t *testing.T) {
	t.Parallel()
	sim := startSim(t, pttest.Config{})
	dir := t.TempDir()
	env := simEnv(sim)
	env["RISKIQ_MAX_TLP"] = "TLP:AMBER"
	r := runEnrich(t, t.Context(), env, "", "-entity", "secret.example.com TLP:RED", "-entity", "ok.example.com TLP:AMBER", "-out", dir)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadDir(t, dir)
	if d := cmp.Diff([]string{"domain-name-ok.example.com.json"}, set.Names); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	for _, rq := range sim.Requests() {
		if strings.Contains(rq.Query, "secret") {
			t.Errorf("an entity above the maximum TLP was sent to the API: %s", rq.Query)
		}
	}
	if !strings.Contains(r.stderr, "above the maximum TLP") {
		t.Errorf("the skip is not reported:\n%s", r.stderr)
	}
}

func TestEnrichQuotaExhausted(t *testing.T) {
	t.Parallel()
	sim := startSim(t, pttest.Config{QuotaLimit: 2})
	dir := t.TempDir()
	r := runEnrich(t, t.Context(), simEnv(sim), "a.example.com\nb.example.com\nc.example.com\nd.example.com\n", "-entities", "-", "-concurrency", "1", "-out", dir)
	if r.code != cli.ExitFailure {
		t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, cli.ExitFailure, r.stderr)
	}
	if !strings.Contains(r.stderr, "search quota exhausted") || !strings.Contains(r.stderr, "quota left: 0 of 2 searches") {
		t.Errorf("stderr does not explain the quota:\n%s", r.stderr)
	}
	if got := len(bundletest.ReadDir(t, dir).Names); got != 2 {
		t.Errorf("%d bundles, want the 2 the quota allowed", got)
	}
	if n := sim.RequestCount("/dns/passive"); n != 2 {
		t.Errorf("%d lookups sent, want 2: the guard refuses before sending", n)
	}
}

// cancelSink stops the run after the first bundle, like a SIGINT.
type cancelSink struct {
	cli.Sink
	cancel context.CancelFunc
	n      atomic.Int32
}

func (s *cancelSink) WriteBundle(ctx context.Context, kind, name string, b *stix.Bundle) error {
	err := s.Sink.WriteBundle(ctx, kind, name, b)
	if s.n.Add(1) == 1 {
		s.cancel()
	}
	return err
}

func TestEnrichInterrupted(t *testing.T) {
	t.Parallel()
	sim := startSim(t, pttest.Config{})
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cs := &cancelSink{cancel: cancel}
	h := hooks{wrapSink: func(s cli.Sink) cli.Sink { cs.Sink = s; return cs }}
	var out, errb bytes.Buffer
	list := strings.NewReader("a.example.com\nb.example.com\nc.example.com\nd.example.com\ne.example.com\n")
	code := runWith(ctx, []string{"-entities", "-", "-concurrency", "1", "-out", dir}, cli.MapEnv(simEnv(sim)), list, &out, &errb, h)
	if code != 0 {
		t.Fatalf("exit %d (want 0, a clean stop); stderr:\n%s", code, errb.String())
	}
	if got := len(bundletest.ReadDir(t, dir).Names); got != 1 {
		t.Errorf("%d bundles after a stop at the first, want 1 (each whole)", got)
	}
	if !strings.Contains(errb.String(), "summary: 1 entities done") {
		t.Errorf("summary:\n%s", errb.String())
	}
}

func TestEnrichSavedFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runEnrich(t, t.Context(), nil, "", "-input", "testdata/input", "-out", dir, "-tlp", "amber")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadDir(t, dir)
	if d := cmp.Diff([]string{"domain-name-example.org.json", "ipv4-addr-198.51.100.7.json"}, set.Names); d != "" {
		t.Fatalf("files (-want +got):\n%s", d)
	}
	want := map[string]int{"identity": 2, "marking-definition": 2, "relationship": 8, "domain-name": 6, "ipv4-addr": 2, "ipv6-addr": 1, "email-addr": 1}
	if d := cmp.Diff(want, set.Counts()); d != "" {
		t.Errorf("objects by type (-want +got):\n%s", d)
	}
	for _, s := range []string{"not a valid hostname", `unsupported record type "TXT (SPF1)"`, "not a passive DNS answer", "quota left: not used"} {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}

	r = runEnrich(t, t.Context(), nil, "", "-input", "testdata/broken", "-out", filepath.Join(dir, "b"))
	if r.code != cli.ExitFailure || len(bundletest.ReadDir(t, filepath.Join(dir, "b")).Names) != 1 {
		t.Errorf("a truncated file next to a good one: exit %d (want 1, the good one converted); stderr:\n%s", r.code, r.stderr)
	}
}

func TestEnrichBadConfiguration(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	creds := map[string]string{"RISKIQ_USERNAME": "u@example.com", "RISKIQ_API_KEY": "k"}
	with := func(k, v string) map[string]string {
		m := map[string]string{k: v}
		for a, b := range creds {
			m[a] = b
		}
		return m
	}
	ent := []string{"-out", out, "-entity", "example.com"}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no user", map[string]string{"RISKIQ_API_KEY": "k"}, ent, "RISKIQ_USERNAME"},
		{"no key", map[string]string{"RISKIQ_USERNAME": "u"}, ent, "RISKIQ_API_KEY"},
		{"no entity", creds, []string{"-out", out}, "-entity or -entities"},
		{"bad entity", creds, []string{"-out", out, "-entity", "ipv4-addr:example.com"}, "-entity"},
		{"bad window", with("RISKIQ_IMPORT_LAST_SEEN_TIME_WINDOW", "30 days"), ent, "RISKIQ_IMPORT_LAST_SEEN_TIME_WINDOW"},
		{"bad max TLP", with("RISKIQ_MAX_TLP", "TLP:PINK"), ent, "RISKIQ_MAX_TLP"},
		{"bad concurrency", creds, append([]string{"-concurrency", "0"}, ent...), "-concurrency"},
		{"zero cap", creds, append([]string{"-max-records", "0"}, ent...), "-max-records"},
		{"bad policy", with("RISKIQ_ID_POLICY", "uuid4"), ent, "RISKIQ_ID_POLICY"},
		{"missing entities file", creds, []string{"-out", out, "-entities", "testdata/nope.txt"}, "-entities"},
		{"demo and input", nil, []string{"-demo", "-input", "testdata/input", "-out", out}, "-demo and -input"},
		{"missing input", nil, []string{"-input", "testdata/nope", "-out", out}, "-input"},
		{"no output", creds, []string{"-entity", "example.com"}, "-out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runEnrich(t, t.Context(), tt.env, "", tt.args...)
			if r.code != cli.ExitConfig {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, cli.ExitConfig, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
				t.Errorf("stderr %q: want one line naming %s", r.stderr, tt.want)
			}
		})
	}
}
