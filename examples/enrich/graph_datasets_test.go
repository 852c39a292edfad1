package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/examples/internal/testkit/bundletest"
	"github.com/ptstix/passivetotal/examples/internal/testkit/schemacheck"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
	"github.com/ptstix/passivetotal/opencti"
	"github.com/ptstix/passivetotal/opencti/openctitest"
)

// TestEnrichGraphDemoAllDatasets: -demo -backend graph -datasets all writes one
// valid bundle per demo entity (ReadDir runs stix.ValidateBundle), together
// holding every object type the datasets map to, every bundle passing the OASIS
// schemas (when available), and every dataset asked of Graph.
func TestEnrichGraphDemoAllDatasets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runEnrich(t, t.Context(), nil, "", "-demo", "-backend", "graph", "-datasets", "all", "-tlp", "TLP:GREEN", "-out", dir)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadDir(t, dir)
	if len(set.Names) != 3 {
		t.Fatalf("bundles %v", set.Names)
	}
	counts := set.Counts()
	for _, typ := range datasetTypes {
		if counts[typ] == 0 {
			t.Errorf("no %s in the bundles (counts %v)", typ, counts)
		}
	}
	if strings.Contains(r.stderr, "dataset ") {
		t.Errorf("a dataset was skipped:\n%s", r.stderr)
	}
	t.Run("OASIS schemas", func(t *testing.T) {
		c := schemacheck.FromEnv(t)
		for _, name := range set.Names {
			raw, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Bundle(raw); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}

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
	in := t.TempDir()
	named := []string{"whois.json", "whois_history.json", "components.json", "trackers.json", "cookies.json"}
	for _, name := range named {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
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

// TestConnectorModeGraphDatasets: in OpenCTI connector mode over Graph, the
// datasets of PASSIVETOTAL_DATASETS are asked of Graph too, their objects point
// at the entity's standard id, and each Graph route is counted in the metrics.
func TestConnectorModeGraphDatasets(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	l := openctitest.NewListener(1)
	env := p.Env(connectorID, "PassiveTotal passive DNS")
	env["PASSIVETOTAL_DATASETS"] = "pdns,whois,reputation"
	var m *metrics.Metrics
	h := hooks{connector: []opencti.Option{opencti.WithListener(l)},
		metrics: func(mm *metrics.Metrics, _ *metrics.Server) { m = mm }}
	l.Send(openctitest.EnrichmentBody("w-domain", "Domain-Name", map[string]any{
		"type": "domain-name", "spec_version": "2.1", "id": domainID, "value": "malicious.example.com"}))
	stop := startConnector(t, env, h, "-demo", "-backend", "graph")
	waitProcessed(t, p, 1)
	if code, stderr := stop(); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	bundles := p.Bundles(t)
	if len(bundles) != 1 {
		t.Fatalf("%d bundles", len(bundles))
	}
	counts := bundles[0].CountByType()
	for _, typ := range []string{"note", "email-addr", "indicator", "identity"} {
		if counts[typ] == 0 {
			t.Errorf("no %s in the connector's bundle (counts %v)", typ, counts)
		}
	}
	for _, o := range bundles[0].Objects {
		if o["type"] == "note" && !strings.Contains(mustJSON(o["object_refs"]), domainID) {
			t.Errorf("note %v is not about the entity's standard id", o["id"])
		}
	}
	s := scrape(t, m)
	for _, ep := range []string{"/hosts/{id}/passiveDns", "/hosts/{id}/whois", "/whoisRecords/{id}/history", "/hosts/{id}/reputation"} {
		if s.Sum("ptstix_api_requests_total", "endpoint", ep) == 0 {
			t.Errorf("no %s request counted", ep)
		}
	}
}
