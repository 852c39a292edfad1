package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/examples/internal/testkit/bundletest"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

// TestEnrichGraphDatasetsRequestsAndSkips: each dataset is one Graph navigation
// of the entity (WHOIS adds its history); a host Graph has no dataset for (404)
// still gets its passive DNS bundle, the missing datasets are skips and the run
// succeeds; a lying server on one dataset is a skip of that dataset alone.
func TestEnrichGraphDatasetsRequestsAndSkips(t *testing.T) {
	t.Parallel()
	t.Run("requests", func(t *testing.T) {
		t.Parallel()
		sim := mdtitest.StartTB(t, mdtitest.Config{})
		env := graphEnv(sim)
		env["PASSIVETOTAL_DATASETS"] = "whois,certificates,hostpairs,ports"
		r := runEnrich(t, t.Context(), env, "", "-backend", "graph", "-entity", "ipv4-addr:203.0.113.10", "-out", t.TempDir())
		if r.code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		want := map[string]int{
			"/hosts/203.0.113.10/whois": 1, "/hosts/203.0.113.10/sslCertificates": 1,
			"/hosts/203.0.113.10/hostPairs": 1, "/hosts/203.0.113.10/ports": 1,
		}
		got := map[string]int{}
		history := 0
		for _, rq := range sim.Requests() {
			if strings.HasPrefix(rq.Endpoint, "/hosts/") {
				got[rq.Endpoint]++
			}
			if strings.HasPrefix(rq.Endpoint, "/whoisRecords/") && strings.HasSuffix(rq.Endpoint, "/history") {
				history++
			}
		}
		for ep, n := range want {
			if got[ep] != n {
				t.Errorf("%s asked %d times, want %d (all: %v)", ep, got[ep], n, got)
			}
		}
		if len(got) != len(want) || history != 1 {
			t.Errorf("requests %v, %d history", got, history)
		}
	})
	t.Run("not found", func(t *testing.T) {
		t.Parallel()
		sim := mdtitest.StartTB(t, mdtitest.Config{})
		dir := t.TempDir()
		r := runEnrich(t, t.Context(), graphEnv(sim), "", "-backend", "graph", "-window", "0", "-datasets", "pdns,whois,components",
			"-entity", "domain-name:nodata.example.com", "-out", dir)
		if r.code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		if set := bundletest.ReadDir(t, dir); len(set.Names) != 1 || set.Counts()["relationship"] == 0 {
			t.Errorf("bundles %v, counts %v", set.Names, set.Counts())
		}
		if !strings.Contains(r.stderr, "dataset whois: not found") || !strings.Contains(r.stderr, "dataset components: not found") {
			t.Errorf("no dataset skips in the summary:\n%s", r.stderr)
		}
	})
	t.Run("window", func(t *testing.T) {
		t.Parallel()
		// The simulator's rows are last seen by 2024-06-01: a 30-day window
		// today holds none of them.
		sim := mdtitest.StartTB(t, mdtitest.Config{})
		dir := t.TempDir()
		r := runEnrich(t, t.Context(), graphEnv(sim), "", "-backend", "graph", "-window", "720h", "-datasets", "cookies,reputation",
			"-entity", "domain-name:shop.example.com", "-out", dir)
		if r.code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		if c := bundletest.ReadDir(t, dir).Counts(); c["text"] != 0 || c["note"] == 0 {
			t.Errorf("counts %v, want no cookie outside the window and the reputation note", c)
		}
	})
	t.Run("lying server", func(t *testing.T) {
		t.Parallel()
		sim := mdtitest.StartTB(t, mdtitest.Config{Faults: []mdtitest.Fault{{Kind: mdtitest.FaultNotGraph, Endpoint: "/hosts/shop.example.com/trackers"}}})
		dir := t.TempDir()
		r := runEnrich(t, t.Context(), graphEnv(sim), "", "-backend", "graph", "-window", "0", "-datasets", "trackers,cookies",
			"-entity", "domain-name:shop.example.com", "-out", dir)
		if r.code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		if set := bundletest.ReadDir(t, dir); len(set.Names) != 1 || set.Counts()["text"] != 2 {
			t.Errorf("bundles %v, counts %v, want the two cookies", set.Names, set.Counts())
		}
		if !strings.Contains(r.stderr, "dataset trackers: API error") {
			t.Errorf("no trackers skip in the summary:\n%s", r.stderr)
		}
	})
}

// TestEnrichSavedGraphDatasetBodies converts saved Microsoft Graph bodies of the
// host datasets offline: each is sniffed as Graph's (not mistaken for
// PassiveTotal's look-alike keys) and mapped; those that name their host need no
// entity.
func TestEnrichSavedGraphDatasetBodies(t *testing.T) {
	t.Parallel()
	src := filepath.Join("..", "..", "mdti", "testdata", "datasets")
	named := []string{"whois.json", "whois_history.json", "components.json", "trackers.json", "cookies.json"}
	in := copyFixtures(t, src, named)
	r := runEnrich(t, t.Context(), nil, "", "-input", in, "-out", "-")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadStream(t, []byte(r.stdout))
	if len(set.Names) != len(named) {
		t.Errorf("%d bundles from %d files", len(set.Names), len(named))
	}
	counts := set.Counts()
	// The WHOIS e-mails and name servers come from Graph's contacts and
	// nameservers[].host.id, which PassiveTotal's decoder would not read.
	for typ, least := range map[string]int{"email-addr": 2, "note": 3, "software": 3, "text": 4, "identity": 3} {
		if counts[typ] < least {
			t.Errorf("%d %s converted, want at least %d (counts %v)", counts[typ], typ, least, counts)
		}
	}
	for _, tc := range []struct{ file, entity, typ string }{
		{"ports.json", "ipv4-addr:203.0.113.10", "note"},
		{"host_certificates.json", "ipv4-addr:203.0.113.10", "x509-certificate"},
		{"subdomains.json", "domain-name:shop.example.com", "domain-name"},
		{"host.json", "ipv4-addr:203.0.113.10", "autonomous-system"},
	} {
		one := runEnrich(t, t.Context(), nil, "", "-input", filepath.Join(src, tc.file), "-entity", tc.entity, "-out", "-")
		if one.code != 0 {
			t.Fatalf("%s with -entity: exit %d, stderr:\n%s", tc.file, one.code, one.stderr)
		}
		if c := bundletest.ReadStream(t, []byte(one.stdout)).Counts(); c[tc.typ] == 0 {
			t.Errorf("%s: no %s (counts %v)", tc.file, tc.typ, c)
		}
	}
	none := runEnrich(t, t.Context(), nil, "", "-input", filepath.Join(src, "reputation.json"), "-out", t.TempDir())
	if none.code == 0 || !strings.Contains(none.stderr, "give the entity") {
		t.Errorf("reputation without -entity: exit %d, stderr:\n%s", none.code, none.stderr)
	}
}
