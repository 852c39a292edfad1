package cli

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/opencti"
)

// TestAPIKeyLayers: the API key given itself or as a file, the way given in the strongest
// layer (flag, environment, config.yml) wins; within a layer the key beats the file.
func TestAPIKeyLayers(t *testing.T) {
	t.Parallel()
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte("key-from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		yml  string
		want string
	}{
		{"file flag beats a key in config.yml", []string{"-api-key-file", keyFile}, nil, "riskiq:\n  password: stale-key\n", "key-from-file"},
		{"file flag beats a key in the environment", []string{"-api-key-file", keyFile}, map[string]string{"RISKIQ_PASSWORD": "env-key"}, "", "key-from-file"},
		{"file in the environment beats a key in config.yml", nil, map[string]string{"PASSIVETOTAL_API_KEY_FILE": keyFile}, "passivetotal:\n  api_key: stale-key\n", "key-from-file"},
		{"key in the environment beats a file in config.yml", nil, map[string]string{"PASSIVETOTAL_API_KEY": "env-key"}, "passivetotal:\n  api_key_file: " + keyFile + "\n", "env-key"},
		{"within the environment the key beats the file", nil, map[string]string{"PASSIVETOTAL_API_KEY": "env-key", "PASSIVETOTAL_API_KEY_FILE": keyFile}, "", "env-key"},
		{"config.yml alone", nil, nil, "riskiq:\n  password: yml-key\n", "yml-key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.String("api-key-file", "", "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			s, err := opencti.NewSettings(MapEnv(tt.env), []byte(tt.yml))
			if err != nil {
				t.Fatal(err)
			}
			r := NewSettingsResolver(fs, s)
			if got := APIKey(r, true); got != tt.want || r.Err() != nil {
				t.Errorf("APIKey = %q, err %v; want %q", got, r.Err(), tt.want)
			}
		})
	}
}

// TestSecretFileErrorQuotesNoPath: a secret pasted into a *_FILE variable is not a path
// that exists, and the error about it must not print it.
func TestSecretFileErrorQuotesNoPath(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-api-key-pasted-by-mistake"
	s, err := opencti.NewSettings(MapEnv(map[string]string{"PASSIVETOTAL_API_KEY_FILE": secret}), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := NewSettingsResolver(nil, s)
	if got := APIKey(r, true); got != "" {
		t.Errorf("APIKey = %q", got)
	}
	err = r.Err()
	if err == nil || !strings.Contains(err.Error(), "PASSIVETOTAL_API_KEY_FILE") || strings.Contains(err.Error(), secret) {
		t.Errorf("error %v: want one naming the variable, never its value", err)
	}
}
