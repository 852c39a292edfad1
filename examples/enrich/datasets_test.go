package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/examples/internal/testkit/bundletest"
	"github.com/ptstix/passivetotal/examples/internal/testkit/schemacheck"
	"github.com/ptstix/passivetotal/opencti"
	"github.com/ptstix/passivetotal/opencti/openctitest"
	"github.com/ptstix/passivetotal/pttest"
)

// datasetTypes are the object types -datasets all must produce over the demo entities.
var datasetTypes = []string{
	"identity", "marking-definition", "domain-name", "ipv4-addr", "email-addr", "x509-certificate",
	"note", "software", "text", "autonomous-system", "location", "indicator", "relationship",
}

// TestEnrichDemoAllDatasets: -demo -datasets all, on either backend, writes one
// bundle per demo entity, each valid (ReadDir runs stix.ValidateBundle), together
// holding every object type the datasets map to, and every bundle passes the OASIS
// schemas (when they are available). Graph's simulator answers every dataset, so
// there no dataset may be skipped.
func TestEnrichDemoAllDatasets(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		backend string
		noSkips bool
	}{
		{backend: "passivetotal"},
		{backend: "graph", noSkips: true},
	} {
		t.Run(tc.backend, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			r := runEnrich(t, t.Context(), nil, "", "-demo", "-backend", tc.backend, "-datasets", "all", "-tlp", "TLP:GREEN", "-out", dir)
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
			if tc.noSkips && strings.Contains(r.stderr, "dataset ") {
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
		})
	}
}

// TestEnrichDatasetsSpendAndSkip: with the datasets from PASSIVETOTAL_DATASETS, each
// request spends its own search; a host no dataset knows (404) still gets its passive
// DNS bundle, the missing datasets are skips and the run succeeds; quota running out
// part-way is a skip of the datasets left, not a failed entity.
func TestEnrichDatasetsSpendAndSkip(t *testing.T) {
	t.Parallel()
	t.Run("spend", func(t *testing.T) {
		t.Parallel()
		sim := startSim(t, pttest.Config{})
		env := simEnv(sim)
		env["PASSIVETOTAL_DATASETS"] = "whois, reputation,pdns,components"
		r := runEnrich(t, t.Context(), env, "", "-entity", "domain-name:shop.example.com", "-out", t.TempDir())
		if r.code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		used, _ := sim.Quota()
		lookups := sim.RequestCount("/dns/passive") + sim.RequestCount("/whois") + sim.RequestCount("/reputation") +
			sim.RequestCount("/host-attributes/components")
		if lookups != 4 || used != 4 {
			t.Errorf("%d lookups, %d searches spent; want 4 and 4", lookups, used)
		}
		for _, rq := range sim.Requests() {
			if rq.Endpoint == "/host-attributes/components" && !strings.Contains(rq.Query, "start=") {
				t.Errorf("components asked without the window: %s", rq.Query)
			}
		}
	})
	t.Run("not found", func(t *testing.T) {
		t.Parallel()
		sim := startSim(t, pttest.Config{})
		dir := t.TempDir()
		r := runEnrich(t, t.Context(), simEnv(sim), "", "-datasets", "pdns,whois,components", "-entity", "domain-name:nodata.example.com", "-out", dir)
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
	t.Run("quota runs out", func(t *testing.T) {
		t.Parallel()
		sim := startSim(t, pttest.Config{QuotaLimit: 2})
		dir := t.TempDir()
		r := runEnrich(t, t.Context(), simEnv(sim), "", "-datasets", "pdns,whois,reputation,summary", "-entity", "domain-name:shop.example.com", "-out", dir)
		if r.code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		if set := bundletest.ReadDir(t, dir); len(set.Names) != 1 || set.Counts()["note"] == 0 {
			t.Errorf("bundles %v, counts %v", set.Names, set.Counts())
		}
		if !strings.Contains(r.stderr, "quota exhausted") {
			t.Errorf("no quota skip in the summary:\n%s", r.stderr)
		}
		if used, limit := sim.Quota(); used != limit {
			t.Errorf("spent %d of %d", used, limit)
		}
	})
	t.Run("unknown dataset", func(t *testing.T) {
		t.Parallel()
		r := runEnrich(t, t.Context(), nil, "", "-demo", "-datasets", "pdns,dns", "-out", t.TempDir())
		if r.code != 2 || !strings.Contains(r.stderr, `unknown dataset "dns"`) {
			t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
	})
}

// TestEnrichSavedDatasetBodies converts saved bodies of every dataset endpoint offline:
// each is sniffed and mapped; those that name their host need no entity.
func TestEnrichSavedDatasetBodies(t *testing.T) {
	t.Parallel()
	named := []string{"whois.json", "whois_history.json", "subdomains.json", "enrichment_ip.json", "enrichment_domain.json", "components.json", "trackers.json", "cookies.json"}
	in := copyFixtures(t, filepath.Join("..", "..", "testdata", "datasets"), named)
	// Several files are about one entity: read the stream (a directory keeps one
	// file per entity).
	r := runEnrich(t, t.Context(), nil, "", "-input", in, "-out", "-")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadStream(t, []byte(r.stdout))
	if len(set.Names) != len(named) {
		t.Errorf("%d bundles from %d files", len(set.Names), len(named))
	}
	counts := set.Counts()
	for _, typ := range []string{"email-addr", "note", "software", "text", "autonomous-system", "location"} {
		if counts[typ] == 0 {
			t.Errorf("no %s converted (counts %v)", typ, counts)
		}
	}
	// A body that does not name its host converts with -entity.
	one := runEnrich(t, t.Context(), nil, "", "-input", filepath.Join("..", "..", "testdata", "datasets", "services.json"),
		"-entity", "ipv4-addr:203.0.113.10", "-out", t.TempDir())
	if one.code != 0 {
		t.Fatalf("services with -entity: exit %d, stderr:\n%s", one.code, one.stderr)
	}
	none := runEnrich(t, t.Context(), nil, "", "-input", filepath.Join("..", "..", "testdata", "datasets", "reputation.json"), "-out", t.TempDir())
	if none.code == 0 || !strings.Contains(none.stderr, "give the entity") {
		t.Errorf("reputation without -entity: exit %d, stderr:\n%s", none.code, none.stderr)
	}
}

// TestDatasetGoldensAgainstOASISSchemas checks the mapping package's dataset goldens
// (one bundle per dataset) against the OASIS schemas.
func TestDatasetGoldensAgainstOASISSchemas(t *testing.T) {
	c := schemacheck.FromEnv(t)
	files, _ := filepath.Glob(filepath.Join("..", "..", "mapping", "testdata", "golden", "dataset_*.json"))
	if len(files) < 12 {
		t.Fatalf("%d dataset goldens", len(files))
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Bundle(raw); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
	}
}

// TestConnectorModeDatasets: in OpenCTI connector mode, on either backend, the
// datasets of PASSIVETOTAL_DATASETS are asked too, their objects point at the
// entity's standard id, and each route asked is counted in the metrics.
func TestConnectorModeDatasets(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		backend   string
		endpoints []string
	}{
		{"passivetotal", []string{"/dns/passive", "/whois", "/reputation"}},
		{"graph", []string{"/hosts/{id}/passiveDns", "/hosts/{id}/whois", "/whoisRecords/{id}/history", "/hosts/{id}/reputation"}},
	} {
		t.Run(tc.backend, func(t *testing.T) {
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
			stop := startConnector(t, env, h, "-demo", "-backend", tc.backend)
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
			for _, ep := range tc.endpoints {
				if s.Sum("ptstix_api_requests_total", "endpoint", ep) == 0 {
					t.Errorf("no %s request counted", ep)
				}
			}
		})
	}
}

// copyFixtures copies the named files of dir into a new temporary directory,
// the input of one -input run.
func copyFixtures(t *testing.T, dir string, names []string) string {
	t.Helper()
	in := t.TempDir()
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return in
}
