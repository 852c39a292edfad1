package connmode

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ptstix/passivetotal/examples/internal/cli"
)

func TestYAMLKey(t *testing.T) {
	t.Parallel()
	for env, want := range map[string]string{
		"OPENCTI_URL": "opencti.url", "CONNECTOR_LOG_LEVEL": "connector.log_level",
		"RISKIQ_API_KEY": "riskiq.api_key", "PASSIVETOTAL_ID_POLICY": "passivetotal.id_policy",
		"MQ_USE_SSL": "mq.use_ssl", "HOME": "", "OTHER_THING": "",
	} {
		if got := YAMLKey(env); got != want {
			t.Errorf("YAMLKey(%s) = %q, want %q", env, got, want)
		}
	}
}

func TestSettings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yml")
	yml := "opencti:\n  url: 'http://opencti:8080'\nriskiq:\n  user: 'from-file@example.com'\n  api_key: 'k'\n"
	if err := os.WriteFile(path, []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	env := cli.MapEnv(map[string]string{"RISKIQ_USER": "from-env@example.com", "RISKIQ_API_KEY": " "})
	s, err := FromFlag(path, env)
	if err != nil {
		t.Fatal(err)
	}
	look := Env(s)
	for name, want := range map[string]string{
		"RISKIQ_USER":    "from-env@example.com", // the environment wins
		"RISKIQ_API_KEY": "k",                    // blank counts as unset: the file's
		"OPENCTI_URL":    "http://opencti:8080",
	} {
		if got, _ := look(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if !Enabled(false, s) {
		t.Error("opencti.url in config.yml does not turn connector mode on")
	}

	// No file: the default path may be missing; an explicit one may not.
	none, err := FromFlag("", cli.MapEnv(nil))
	if err != nil {
		t.Fatalf("default config.yml missing: %v", err)
	}
	if Enabled(false, none) || !Enabled(true, none) {
		t.Error("Enabled without OPENCTI_URL")
	}
	if _, err := FromFlag(filepath.Join(dir, "missing.yml"), nil); !cli.IsConfigError(err) {
		t.Errorf("explicit missing file: %v, want a config error", err)
	}
}
