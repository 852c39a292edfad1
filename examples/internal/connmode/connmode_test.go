package connmode

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/examples/internal/cli"
)

func TestSettings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yml")
	yml := "opencti:\n  url: 'http://opencti:8080'\nriskiq:\n  user: 'from-file@example.com'\n  api_key: 'k'\n"
	if err := os.WriteFile(path, []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	env := cli.MapEnv(map[string]string{"RISKIQ_USER": "from-env@example.com", "RISKIQ_API_KEY": " "})
	r, err := NewResolver(flags(t, "-config", path), env)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"RISKIQ_USER":    "from-env@example.com", // the environment wins
		"RISKIQ_API_KEY": "k",                    // blank counts as unset: the file's
		"OPENCTI_URL":    "http://opencti:8080",
	} {
		if got, _, _ := r.Lookup(cli.Env(name)); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if !Enabled(r) {
		t.Error("opencti.url in config.yml does not turn connector mode on")
	}

	// No file: the default path may be missing; an explicit one may not.
	none, err := NewResolver(flags(t), cli.MapEnv(nil))
	if err != nil {
		t.Fatalf("default config.yml missing: %v", err)
	}
	if Enabled(none) {
		t.Error("Enabled without OPENCTI_URL")
	}
	withFlag, err := NewResolver(flags(t, "-connector"), cli.MapEnv(nil))
	if err != nil || !Enabled(withFlag) {
		t.Errorf("-connector does not turn connector mode on (%v)", err)
	}
	if _, err := NewResolver(flags(t, "-config", filepath.Join(dir, "missing.yml")), nil); !cli.IsConfigError(err) {
		t.Errorf("explicit missing file: %v, want a config error", err)
	}
	bad := filepath.Join(dir, "bad.yml")
	if err := os.WriteFile(bad, []byte("connector:\n  scope:\n    - a\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewResolver(flags(t, "-config", bad), nil); !cli.IsConfigError(err) || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("config.yml with a list: %v, want a config error naming line 3", err)
	}
}

// flags parses args with the programs' -config and -connector flags.
func flags(t *testing.T, args ...string) *flag.FlagSet {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.String("config", "", "")
	fs.Bool("connector", false, "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}
