package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
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

// epoch is the simulator's reference date in these tests: fixed, so the data are too.
var epoch = time.Date(2024, 4, 12, 0, 0, 0, 0, time.UTC)

type result struct {
	code           int
	stdout, stderr string
}

func runImport(t *testing.T, ctx context.Context, env map[string]string, args ...string) result {
	t.Helper()
	return runImportWith(t, ctx, hooks{}, env, args...)
}

func runImportWith(t *testing.T, ctx context.Context, h hooks, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := runWith(ctx, args, cli.MapEnv(env), &out, &errb, h)
	return result{code, out.String(), errb.String()}
}

// simEnv returns the environment of a run against sim, the old importer's names.
func simEnv(sim *pttest.Server) map[string]string {
	return map[string]string{
		"RISKIQ_BASE_URL": sim.BaseURL(),
		"RISKIQ_USER":     pttest.DefaultUsername,
		"RISKIQ_PASSWORD": pttest.DefaultAPIKey,
	}
}

func readState(t *testing.T, path string) cli.State {
	t.Helper()
	s, err := cli.FileStore{Path: path}.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestImportAgainstSimulatorTwice(t *testing.T) {
	t.Parallel()
	sim := pttest.StartTB(t, pttest.Config{Epoch: epoch})
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	out1 := filepath.Join(dir, "run1")

	r := runImport(t, t.Context(), simEnv(sim), "-once", "-out", out1, "-state", state)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadDir(t, out1)
	counts := set.Counts()
	if got := len(set.Names); got != counts["report"] || got < pttest.DefaultArticles-10 {
		t.Errorf("%d bundles with %d reports, want one report per bundle and about %d articles", got, counts["report"], pttest.DefaultArticles)
	}
	for _, typ := range []string{"identity", "indicator", "relationship", "marking-definition", "domain-name", "ipv4-addr", "ipv6-addr", "url", "file", "email-addr"} {
		if counts[typ] == 0 {
			t.Errorf("no %s written; counts %v", typ, counts)
		}
	}
	if d := cmp.Diff(counts, bundletest.SummaryCounts(t, r.stderr)); d != "" {
		t.Errorf("summary objects by type differ from the bundles written (-files +summary):\n%s", d)
	}
	if !strings.Contains(r.stderr, "quota left: ") {
		t.Errorf("summary without the quota line:\n%s", r.stderr)
	}
	st := readState(t, state)
	if st.LastArticleTime.IsZero() || len(st.SentGUIDs) == 0 || st.LastRunTime.IsZero() {
		t.Errorf("state after the first run = %+v", st)
	}
	pages := sim.RequestCount("/articles")

	out2 := filepath.Join(dir, "run2")
	r = runImport(t, t.Context(), simEnv(sim), "-once", "-out", out2, "-state", state)
	if r.code != 0 {
		t.Fatalf("second run: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if set2 := bundletest.ReadDir(t, out2); len(set2.Names) != 0 {
		t.Errorf("second run wrote %d bundles, want 0 (nothing new)", len(set2.Names))
	}
	if !strings.Contains(r.stderr, "summary: 0 articles done") {
		t.Errorf("second run summary:\n%s", r.stderr)
	}
	if sim.RequestCount("/articles") == pages {
		t.Error("second run did not ask the API")
	}
	st2 := readState(t, state)
	if !st2.LastArticleTime.Equal(st.LastArticleTime) || !st2.LastRunTime.After(st.LastRunTime.Add(-time.Second)) {
		t.Errorf("state after the second run = %+v, first %+v", st2, st)
	}
	// The second run asked from the day before the cursor, not from the beginning.
	reqs := sim.Requests()
	last := reqs[len(reqs)-1]
	for _, rq := range reqs {
		if rq.Endpoint == "/articles" {
			last = rq
		}
	}
	if want := "createdAfter=" + st.LastArticleTime.Truncate(24*time.Hour).AddDate(0, 0, -1).Format(time.DateOnly); !strings.Contains(last.Query, want) {
		t.Errorf("second run query %q, want %s", last.Query, want)
	}
}

func TestImportDemoToStdout(t *testing.T) {
	t.Parallel()
	r := runImport(t, t.Context(), nil, "-demo", "-out", "-")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadStream(t, []byte(r.stdout))
	if len(set.Names) < pttest.DefaultArticles-10 {
		t.Errorf("%d bundles on stdout", len(set.Names))
	}
	if d := cmp.Diff(set.Counts(), bundletest.SummaryCounts(t, r.stderr)); d != "" {
		t.Errorf("summary differs from the stream (-stream +summary):\n%s", d)
	}
}

func TestImportSavedFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	r := runImport(t, t.Context(), nil, "-input", "testdata/input", "-out", filepath.Join(dir, "out"), "-state", state, "-log-level", "debug")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadDir(t, filepath.Join(dir, "out"))
	wantFiles := []string{
		"article-a1f0c0de-0001-4000-8000-000000000001.json",
		"article-a1f0c0de-0002-4000-8000-000000000002.json",
		"article-a1f0c0de-0004-4000-8000-000000000004.json",
	}
	if d := cmp.Diff(wantFiles, set.Names); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	counts := set.Counts()
	want := map[string]int{"report": 3, "identity": 3, "attack-pattern": 1, "vulnerability": 1, "ipv4-addr": 1, "ipv6-addr": 1, "url": 1, "email-addr": 1, "mutex": 1, "directory": 1, "x509-certificate": 1}
	for typ, n := range want {
		if counts[typ] != n {
			t.Errorf("%d %s objects, want %d (all: %v)", counts[typ], typ, n, counts)
		}
	}
	for _, s := range []string{
		"no valid publishedDate or createdDate", // the undated article: a logged skip
		`unsupported indicator type "pdb_path"`, // an indicator skip
		"not an articles body",                  // the passive DNS and error files
		"quota left: not used (saved input)",
	} {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
	st := readState(t, state)
	if want := time.Date(2021, 5, 6, 11, 0, 0, 0, time.UTC); !st.LastArticleTime.Equal(want) {
		t.Errorf("cursor = %v, want %v", st.LastArticleTime, want)
	}
	// A second run over the same files sends nothing.
	r = runImport(t, t.Context(), nil, "-input", "testdata/input", "-out", filepath.Join(dir, "out2"), "-state", state)
	if r.code != 0 || len(bundletest.ReadDir(t, filepath.Join(dir, "out2")).Names) != 0 {
		t.Errorf("second run over the same files: exit %d, wrote bundles; stderr:\n%s", r.code, r.stderr)
	}
}

// countingSink cancels the run after n bundles, like a SIGTERM in the middle.
type countingSink struct {
	cli.Sink
	n      int32
	after  int32
	cancel context.CancelFunc
}

func (s *countingSink) WriteBundle(ctx context.Context, kind, name string, b *stix.Bundle) error {
	if err := s.Sink.WriteBundle(ctx, kind, name, b); err != nil {
		return err
	}
	if atomic.AddInt32(&s.n, 1) == s.after {
		s.cancel()
	}
	return nil
}

func TestImportInterruptedThenResumed(t *testing.T) {
	t.Parallel()
	sim := pttest.StartTB(t, pttest.Config{Epoch: epoch})
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cs := &countingSink{after: 7, cancel: cancel}
	h := hooks{wrapSink: func(s cli.Sink) cli.Sink { cs.Sink = s; return cs }}
	r := runImportWith(t, ctx, h, simEnv(sim), "-once", "-out", filepath.Join(dir, "a"), "-state", state)
	if r.code != 0 {
		t.Fatalf("interrupted run: exit %d (want 0: a clean stop), stderr:\n%s", r.code, r.stderr)
	}
	first := bundletest.ReadDir(t, filepath.Join(dir, "a"))
	if len(first.Names) != 7 {
		t.Fatalf("interrupted run wrote %d bundles, want 7", len(first.Names))
	}
	st := readState(t, state)
	if newest := newestCreated(t, first); !st.LastArticleTime.Equal(newest) {
		t.Errorf("cursor after the interruption = %v, want the 7th article's creation %v", st.LastArticleTime, newest)
	}

	r = runImport(t, t.Context(), simEnv(sim), "-once", "-out", filepath.Join(dir, "b"), "-state", state)
	if r.code != 0 {
		t.Fatalf("resumed run: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	second := bundletest.ReadDir(t, filepath.Join(dir, "b"))
	a, b := first.ReportExternalIDs(), second.ReportExternalIDs()
	for _, g := range a {
		for _, h := range b {
			if g == h {
				t.Errorf("article %s sent twice", g)
			}
		}
	}
	all := runImport(t, t.Context(), simEnv(sim), "-once", "-out", filepath.Join(dir, "all"))
	if all.code != 0 {
		t.Fatal(all.stderr)
	}
	if got, want := len(a)+len(b), len(bundletest.ReadDir(t, filepath.Join(dir, "all")).Names); got != want {
		t.Errorf("interrupted + resumed runs sent %d articles, one uninterrupted run %d", got, want)
	}
}

func TestImportQuotaExhausted(t *testing.T) {
	t.Parallel()
	// Articles spend searches here; two pages of 25 pass, the third is refused.
	sim := pttest.StartTB(t, pttest.Config{Epoch: epoch, ArticlesSpendQuota: true, QuotaLimit: 2})
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	r := runImport(t, t.Context(), simEnv(sim), "-once", "-out", filepath.Join(dir, "out"), "-state", state)
	if r.code != cli.ExitFailure {
		t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, cli.ExitFailure, r.stderr)
	}
	if !strings.Contains(r.stderr, "quota exhausted") {
		t.Errorf("stderr does not say the quota is exhausted:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, pttest.DefaultAPIKey) {
		t.Error("the API key appears in the output")
	}
	first := bundletest.ReadDir(t, filepath.Join(dir, "out"))
	if len(first.Names) != 2*pttest.DefaultArticlesPageSize {
		t.Errorf("%d bundles written before the quota ran out, want the two pages allowed", len(first.Names))
	}
	st := readState(t, state)
	if newest := newestCreated(t, first); !st.LastArticleTime.Equal(newest) {
		t.Errorf("cursor = %v, want the last article sent %v", st.LastArticleTime, newest)
	}

	// Once the quota is back, the next run sends the rest and nothing twice.
	sim.SetQuota(0, 100)
	r = runImport(t, t.Context(), simEnv(sim), "-once", "-out", filepath.Join(dir, "out2"), "-state", state)
	if r.code != 0 {
		t.Fatalf("run after the reset: exit %d; stderr:\n%s", r.code, r.stderr)
	}
	second := bundletest.ReadDir(t, filepath.Join(dir, "out2"))
	if len(second.Names) == 0 {
		t.Error("run after the reset sent nothing")
	}
	for _, n := range second.Names {
		if _, dup := first.Bundles[n]; dup {
			t.Errorf("%s sent twice", n)
		}
	}
}

// newestCreated is the latest report creation time (the article's createdDate) in set.
func newestCreated(t *testing.T, set *bundletest.Set) time.Time {
	t.Helper()
	var newest time.Time
	for _, b := range set.Bundles {
		for _, o := range b.Objects {
			if r, ok := o.(*stix.Report); ok && r.Created.Time.After(newest) {
				newest = r.Created.Time
			}
		}
	}
	return newest
}

func TestImportBadConfiguration(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	creds := map[string]string{"RISKIQ_USER": "u@example.com", "RISKIQ_PASSWORD": "k"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range creds {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string // the setting the message must name
	}{
		{"no user", map[string]string{"RISKIQ_PASSWORD": "k"}, []string{"-out", out}, "RISKIQ_USER"},
		{"no key", map[string]string{"RISKIQ_USER": "u"}, []string{"-out", out}, "RISKIQ_PASSWORD"},
		{"no output", creds, nil, "-out"},
		{"bad interval", with("RISKIQ_INTERVAL_SEC", "daily"), []string{"-out", out}, "RISKIQ_INTERVAL_SEC"},
		{"zero interval", with("RISKIQ_INTERVAL_SEC", "0"), []string{"-out", out}, "RISKIQ_INTERVAL_SEC"},
		{"bad observables flag", with("RISKIQ_CREATE_OBSERVABLES", "sometimes"), []string{"-out", out}, "RISKIQ_CREATE_OBSERVABLES"},
		{"bad policy", creds, []string{"-out", out, "-id-policy", "pycti"}, "-id-policy"},
		{"bad policy env", with("PASSIVETOTAL_ID_POLICY", "pycti"), []string{"-out", out}, "PASSIVETOTAL_ID_POLICY"},
		{"bad since", with("RISKIQ_IMPORT_FROM_TIMESTAMP", "last week"), []string{"-out", out}, "RISKIQ_IMPORT_FROM_TIMESTAMP"},
		{"bad TLP", creds, []string{"-out", out, "-public-tlp", "TLP:PINK"}, "-public-tlp"},
		{"bad log level", with("CONNECTOR_LOG_LEVEL", "loud"), []string{"-out", out}, "CONNECTOR_LOG_LEVEL"},
		{"clear-text base URL", with("RISKIQ_BASE_URL", "http://api.example.com/pt/v2"), []string{"-out", out}, "RISKIQ_BASE_URL"},
		{"demo and input", nil, []string{"-demo", "-input", "testdata/input", "-out", out}, "-demo and -input"},
		{"missing input", nil, []string{"-input", "testdata/nope", "-out", out}, "-input"},
		{"bad state file", creds, []string{"-out", out, "-state", "testdata/bad-state.txt"}, "-state"},
		{"state file in a missing directory", creds, []string{"-out", out, "-state", filepath.Join(out, "no", "such", "dir", "state.json")}, "-state"},
		{"stray argument", creds, []string{"-out", out, "extra"}, "extra"},
		{"unknown flag", creds, []string{"-out", out, "-bogus"}, "-bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runImport(t, t.Context(), tt.env, tt.args...)
			if r.code != cli.ExitConfig {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, cli.ExitConfig, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 1 {
				t.Errorf("stderr has %d lines, want one:\n%s", len(lines), r.stderr)
			}
			if !strings.Contains(lines[0], tt.want) {
				t.Errorf("message %q does not name %s", lines[0], tt.want)
			}
		})
	}
}

func TestStateFileIsValidJSONAfterEveryArticle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	r := runImport(t, t.Context(), nil, "-demo", "-out", filepath.Join(dir, "out"), "-state", state)
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	raw, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("state file is not JSON: %v\n%s", err, raw)
	}
	for _, k := range []string{"last_article_time", "sent_guids", "last_run_time"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("state file lacks %q:\n%s", k, raw)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left next to the state: %v", entries)
	}
}
