package e2e

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/examples/internal/testkit/schemacheck"
)

// TestGraphDemoAgainstOASISSchemas: both programs on the built-in Graph
// simulator write bundles the OASIS schemas accept.
func TestGraphDemoAgainstOASISSchemas(t *testing.T) {
	c := schemacheck.FromEnv(t)
	bin := build(t)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	out := t.TempDir()

	imp := exec.CommandContext(ctx, filepath.Join(bin, "import"), "-demo", "-backend", "graph", "-out", filepath.Join(out, "articles"))
	if b, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("import -demo -backend graph: %v\n%s", err, b)
	}
	if n := checkDir(t, c, filepath.Join(out, "articles")); n != 40 {
		t.Errorf("import -demo -backend graph wrote %d bundles, want 40", n)
	}

	// With -profiles: the articles, the 3 simulated profiles and the 2
	// vulnerabilities the articles name.
	prof := exec.CommandContext(ctx, filepath.Join(bin, "import"), "-demo", "-backend", "graph", "-profiles", "-out", filepath.Join(out, "profiles"))
	if b, err := prof.CombinedOutput(); err != nil {
		t.Fatalf("import -demo -backend graph -profiles: %v\n%s", err, b)
	}
	if n := checkDir(t, c, filepath.Join(out, "profiles")); n != 45 {
		t.Errorf("import -demo -backend graph -profiles wrote %d bundles, want 45", n)
	}

	enr := exec.CommandContext(ctx, filepath.Join(bin, "enrich"), "-demo", "-backend", "graph", "-window", "0",
		"-entity", "domain-name:contoso.com", "-entity", "ipv4-addr:20.103.85.33", "-entity", "ipv6-addr:2001:db8::1",
		"-out", filepath.Join(out, "dns"))
	if b, err := enr.CombinedOutput(); err != nil {
		t.Fatalf("enrich -demo -backend graph: %v\n%s", err, b)
	}
	if n := checkDir(t, c, filepath.Join(out, "dns")); n != 3 {
		t.Errorf("enrich -demo -backend graph wrote %d bundles, want 3", n)
	}
}
