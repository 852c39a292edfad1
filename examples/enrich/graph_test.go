package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/examples/internal/testkit/bundletest"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
	"github.com/ptstix/passivetotal/stix"
)

func graphEnv(sim *mdtitest.Server) map[string]string {
	cfg := sim.Config()
	return map[string]string{
		"AZURE_TENANT_ID":     cfg.TenantID,
		"AZURE_CLIENT_ID":     cfg.ClientID,
		"AZURE_CLIENT_SECRET": cfg.ClientSecret,
		"MDTI_BASE_URL":       sim.BaseURL(),
		"MDTI_TOKEN_URL":      sim.TokenURL(),
	}
}

// TestEnrichGraph: a domain is enriched from Graph's forward passive DNS,
// an IP address from the reverse records; every record in the window is a
// relationship or a skip, and the bundles validate.
func TestEnrichGraph(t *testing.T) {
	t.Parallel()
	sim := mdtitest.StartTB(t, mdtitest.Config{Epoch: time.Now().UTC().Truncate(24 * time.Hour)})
	dir := t.TempDir()
	r := runEnrich(t, t.Context(), graphEnv(sim), "",
		"-backend", "graph", "-entity", "domain-name:records-60.example.com", "-entity", "ipv4-addr:20.103.85.33",
		"-window", "0", "-out", dir)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadDir(t, dir)
	if diff := cmp.Diff([]string{"domain-name-records-60.example.com.json", "ipv4-addr-20.103.85.33.json"}, set.Names); diff != "" {
		t.Fatalf("bundles (-want +got):\n%s", diff)
	}
	reverse := 0
	for _, o := range set.Bundles["ipv4-addr-20.103.85.33.json"].Objects {
		if rel, ok := o.(*stix.Relationship); ok && rel.RelationshipType == "resolves-to" && strings.HasPrefix(rel.SourceRef, "domain-name--") {
			reverse++
		}
	}
	if reverse == 0 {
		t.Error("the IP address got no domain resolves-to it from the reverse records")
	}
	if !strings.Contains(r.stderr, "2 entities done") {
		t.Errorf("summary:\n%s", r.stderr)
	}
	for _, rq := range sim.Requests() {
		if strings.Contains(rq.Endpoint, "20.103.85.33") && !strings.HasSuffix(rq.Endpoint, "/passiveDnsReverse") {
			t.Errorf("IP looked up with %s, want passiveDnsReverse", rq.Endpoint)
		}
	}
}

func TestEnrichGraphDemo(t *testing.T) {
	t.Parallel()
	r := runEnrich(t, t.Context(), nil, "", "-demo", "-backend", "graph", "-out", "-")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if set := bundletest.ReadStream(t, []byte(r.stdout)); len(set.Names) != 1 {
		t.Errorf("%d bundles", len(set.Names))
	}
}

// TestEnrichGraphBadSecret: a refused token stops the run with exit 1, the
// AADSTS code in the log, the secret nowhere.
func TestEnrichGraphBadSecret(t *testing.T) {
	t.Parallel()
	sim := mdtitest.StartTB(t, mdtitest.Config{})
	env := graphEnv(sim)
	env["MDTI_CLIENT_SECRET"] = "wrong~secret~value" // wins over AZURE_CLIENT_SECRET
	r := runEnrich(t, t.Context(), env, "", "-entity", "domain-name:contoso.com", "-out", filepath.Join(t.TempDir(), "o"))
	if r.code != 1 || !strings.Contains(r.stderr, "AADSTS7000215") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	for _, s := range []string{"wrong~secret~value", "wrong%7Esecret%7Evalue", sim.Config().ClientSecret} {
		if strings.Contains(r.stderr+r.stdout, s) {
			t.Errorf("secret %q appears in the output", s)
		}
	}
	if !strings.Contains(r.stderr, "unauthorized") {
		t.Errorf("the skip reason should be unauthorized:\n%s", r.stderr)
	}
}
