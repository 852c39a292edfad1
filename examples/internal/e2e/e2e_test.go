package e2e

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/examples/internal/testkit/schemacheck"
	"github.com/ptstix/passivetotal/pttest"
)

// build compiles the three programs into a temporary directory.
func build(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", bin, "./import", "./enrich", "./simulator")
	cmd.Dir = "../.." // the examples module
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// checkDir validates every bundle file of dir against the schemas and returns how many.
func checkDir(t *testing.T, c *schemacheck.Checker, dir string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
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
	return len(files)
}

func TestDemoBinariesAgainstOASISSchemas(t *testing.T) {
	c := schemacheck.FromEnv(t)
	bin := build(t)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	out := t.TempDir()

	imp := exec.CommandContext(ctx, filepath.Join(bin, "import"), "-demo", "-out", filepath.Join(out, "articles"))
	if b, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("import -demo: %v\n%s", err, b)
	}
	if n := checkDir(t, c, filepath.Join(out, "articles")); n < pttest.DefaultArticles-10 {
		t.Errorf("import -demo wrote %d bundles", n)
	}

	enr := exec.CommandContext(ctx, filepath.Join(bin, "enrich"), "-demo", "-id-policy", "strict",
		"-entity", "domain-name:example.com", "-entity", "ipv4-addr:198.51.100.7", "-entity", "ipv6-addr:2001:db8::1 TLP:AMBER",
		"-out", filepath.Join(out, "dns"))
	if b, err := enr.CombinedOutput(); err != nil {
		t.Fatalf("enrich -demo: %v\n%s", err, b)
	}
	if n := checkDir(t, c, filepath.Join(out, "dns")); n != 3 {
		t.Errorf("enrich -demo wrote %d bundles, want 3", n)
	}

	// The enricher's stream output, one bundle per line.
	stream := exec.CommandContext(ctx, filepath.Join(bin, "enrich"), "-demo", "-id-policy", "legacy", "-out", "-")
	raw, err := stream.Output()
	if err != nil {
		t.Fatalf("enrich -demo -out -: %v", err)
	}
	if n, err := c.Stream(raw); err != nil || n != 1 {
		t.Errorf("stream: %d bundles, %v", n, err)
	}
}

var baseURLLine = regexp.MustCompile(`simulator on (http://\S+)`)

func TestSimulatorBinaryServesTheEnricher(t *testing.T) {
	c := schemacheck.FromEnv(t)
	bin := build(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()

	sim := exec.CommandContext(ctx, filepath.Join(bin, "simulator"), "-addr", "127.0.0.1:0")
	stdout, err := sim.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	base := ""
	for base == "" && sc.Scan() {
		if m := baseURLLine.FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	if base == "" {
		sim.Process.Kill()
		t.Fatal("the simulator printed no base URL")
	}

	out := t.TempDir()
	enr := exec.CommandContext(ctx, filepath.Join(bin, "enrich"), "-entity", "example.org", "-out", out)
	enr.Env = append(os.Environ(),
		"RISKIQ_USERNAME="+pttest.DefaultUsername, "RISKIQ_API_KEY="+pttest.DefaultAPIKey, "PASSIVETOTAL_BASE_URL="+base)
	b, err := enr.CombinedOutput()
	if err != nil {
		t.Errorf("enrich against the simulator binary: %v\n%s", err, b)
	}
	if strings.Contains(string(b), pttest.DefaultAPIKey) {
		t.Error("the API key appears in the enricher's output")
	}
	if n := checkDir(t, c, out); n != 1 {
		t.Errorf("%d bundles, want 1", n)
	}

	sim.Process.Signal(syscall.SIGTERM)
	if err := sim.Wait(); err != nil {
		t.Errorf("simulator after SIGTERM: %v (want a clean exit)", err)
	}
}
