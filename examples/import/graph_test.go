package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/examples/internal/backend"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/testkit/bundletest"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

// graphEnv is the environment of a run against a Graph simulator, with
// the contract's MDTI_ names.
func graphEnv(sim *mdtitest.Server) map[string]string {
	cfg := sim.Config()
	return map[string]string{
		"MDTI_TENANT_ID":     cfg.TenantID,
		"MDTI_CLIENT_ID":     cfg.ClientID,
		"MDTI_CLIENT_SECRET": cfg.ClientSecret,
		"MDTI_BASE_URL":      sim.BaseURL(),
		"MDTI_TOKEN_URL":     sim.TokenURL(),
	}
}

// TestImportGraphTwice: every Graph article becomes one validated bundle
// with every indicator converted or skipped; a second run with the state
// imports nothing and reads only the newest page.
func TestImportGraphTwice(t *testing.T) {
	t.Parallel()
	sim := mdtitest.StartTB(t, mdtitest.Config{Epoch: epoch, Articles: 30, PageSize: 7})
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	// No -backend: a Graph client ID in the environment chooses Graph.
	r := runImport(t, t.Context(), graphEnv(sim), "-once", "-out", filepath.Join(dir, "run1"), "-state", state)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadDir(t, filepath.Join(dir, "run1"))
	counts := set.Counts()
	if len(set.Names) != 30 || counts["report"] != 30 {
		t.Errorf("%d bundles, %d reports; want 30 of each", len(set.Names), counts["report"])
	}
	for _, typ := range []string{"indicator", "domain-name", "ipv4-addr", "ipv6-addr", "url", "file", "email-addr", "mutex", "x509-certificate"} {
		if counts[typ] == 0 {
			t.Errorf("no %s written; counts %v", typ, counts)
		}
	}
	if d := cmp.Diff(counts, bundletest.SummaryCounts(t, r.stderr)); d != "" {
		t.Errorf("summary differs from the bundles (-files +summary):\n%s", d)
	}
	if !strings.Contains(r.stderr, `unsupported indicator type "graph:hostCookie"`) {
		t.Errorf("the hostCookie artifact should be a recorded skip:\n%s", r.stderr)
	}
	for _, tok := range append(sim.Tokens(), sim.Config().ClientSecret) {
		if strings.Contains(r.stderr+r.stdout, tok) {
			t.Error("a token or the secret appears in the output")
		}
	}

	before := len(sim.Requests())
	r = runImport(t, t.Context(), graphEnv(sim), "-backend", "graph", "-once", "-out", filepath.Join(dir, "run2"), "-state", state)
	if r.code != 0 {
		t.Fatalf("second run: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if set2 := bundletest.ReadDir(t, filepath.Join(dir, "run2")); len(set2.Names) != 0 {
		t.Errorf("second run wrote %d bundles, want 0", len(set2.Names))
	}
	pages := 0
	for _, rq := range sim.Requests()[before:] {
		if rq.Endpoint == "/articles" {
			pages++
		}
	}
	if pages != 1 {
		t.Errorf("second run read %d article pages, want 1 (it stops at the first article before the cursor)", pages)
	}
}

func TestImportGraphDemo(t *testing.T) {
	t.Parallel()
	r := runImport(t, t.Context(), nil, "-demo", "-backend", "graph", "-out", "-")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadStream(t, []byte(r.stdout))
	if len(set.Names) != 40 || !strings.Contains(r.stderr, "Microsoft Graph simulator") {
		t.Errorf("%d bundles; stderr:\n%s", len(set.Names), r.stderr)
	}
}

func TestImportGraphConfiguration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no secret", map[string]string{"MDTI_TENANT_ID": "t", "MDTI_CLIENT_ID": "c"}, nil, "MDTI_CLIENT_SECRET, MDTI_CLIENT_SECRET_FILE or AZURE_CLIENT_SECRET: missing client secret"},
		{"no tenant", map[string]string{"AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s3cret-value"}, nil, "MDTI_TENANT_ID or AZURE_TENANT_ID: missing"},
		{"unreadable secret file", map[string]string{"MDTI_TENANT_ID": "t", "MDTI_CLIENT_ID": "c", "MDTI_CLIENT_SECRET_FILE": "/nonexistent/secret"}, nil, "MDTI_CLIENT_SECRET_FILE: cannot read"},
		{"bad backend", nil, []string{"-backend", "riskiq"}, `-backend: "riskiq" is not one of graph, passivetotal`},
		{"plain http base", map[string]string{"MDTI_TENANT_ID": "t", "MDTI_CLIENT_ID": "c", "MDTI_CLIENT_SECRET": "s3cret-value", "MDTI_BASE_URL": "http://graph.example.com/v1.0"}, nil, "MDTI_BASE_URL: mdti: NewClient"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runImport(t, t.Context(), tt.env, append([]string{"-once", "-out", t.TempDir()}, tt.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", r.code, r.stderr, tt.want)
			}
			if strings.Contains(r.stderr, "s3cret-value") {
				t.Error("the secret appears in the output")
			}
		})
	}
}

// TestGraphInConnectorMode: in OpenCTI connector mode the same variables
// choose Graph, from the environment or from config.yml (mdti.client_id).
func TestGraphInConnectorMode(t *testing.T) {
	t.Parallel()
	env := map[string]string{"OPENCTI_URL": "http://127.0.0.1:1", "OPENCTI_TOKEN": "t",
		"MDTI_TENANT_ID": "tenant", "MDTI_CLIENT_ID": "client", "MDTI_CLIENT_SECRET": "secret-value"}
	c, err := parseConfig(nil, cli.MapEnv(env), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.connector || c.backend != backend.Graph || c.graph.ClientID != "client" || c.graph.TenantID != "tenant" {
		t.Errorf("connector %v backend %q graph %v", c.connector, c.backend, c.graph)
	}

	yml := filepath.Join(t.TempDir(), "config.yml")
	if err := os.WriteFile(yml, []byte("opencti:\n  url: http://127.0.0.1:1\n  token: t\nmdti:\n  tenant_id: tenant2\n  client_id: client2\n  client_secret: secret-value\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = parseConfig([]string{"-config", yml}, cli.MapEnv(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.connector || c.backend != backend.Graph || c.graph.ClientID != "client2" || c.graph.TenantID != "tenant2" || c.graph.Secret != "secret-value" {
		t.Errorf("from config.yml: connector %v backend %q graph %v", c.connector, c.backend, c.graph)
	}
}
