package backend

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/opencti"
)

func resolver(t *testing.T, env map[string]string, args ...string) *cli.Resolver {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	AddFlag(fs)
	fs.String("base-url", "", "")
	fs.Bool("insecure-http", false, "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return cli.NewResolver(fs, cli.MapEnv(env))
}

func TestChoose(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, nil, PassiveTotal},
		{map[string]string{"MDTI_CLIENT_ID": "c"}, nil, Graph},
		{map[string]string{"AZURE_CLIENT_ID": "c"}, nil, Graph},
		{map[string]string{"MDTI_CLIENT_ID": "c"}, []string{"-backend", "passivetotal"}, PassiveTotal},
		{nil, []string{"-backend", "GRAPH"}, Graph},
	}
	for _, tt := range tests {
		if got := Choose(resolver(t, tt.env, tt.args...)); got != tt.want {
			t.Errorf("env %v args %v: %s, want %s", tt.env, tt.args, got, tt.want)
		}
	}
}

func TestResolveGraph(t *testing.T) {
	t.Parallel()
	secretFile := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secretFile, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		want GraphConfig
	}{
		{
			name: "MDTI wins over AZURE",
			env: map[string]string{
				"MDTI_TENANT_ID": "t1", "AZURE_TENANT_ID": "t2", "MDTI_CLIENT_ID": "c1", "AZURE_CLIENT_ID": "c2",
				"MDTI_CLIENT_SECRET": "s1", "AZURE_CLIENT_SECRET": "s2", "MDTI_CLIENT_SECRET_FILE": secretFile,
			},
			want: GraphConfig{TenantID: "t1", ClientID: "c1", Secret: "s1", BaseURL: mdti.DefaultBaseURL, TokenURL: mdti.DefaultTokenURL},
		},
		{
			name: "AZURE names alone",
			env:  map[string]string{"AZURE_TENANT_ID": "t2", "AZURE_CLIENT_ID": "c2", "AZURE_CLIENT_SECRET": "s2"},
			want: GraphConfig{TenantID: "t2", ClientID: "c2", Secret: "s2", BaseURL: mdti.DefaultBaseURL, TokenURL: mdti.DefaultTokenURL},
		},
		{
			name: "the secret file over AZURE_CLIENT_SECRET, URLs",
			env: map[string]string{"MDTI_TENANT_ID": "t", "MDTI_CLIENT_ID": "c", "MDTI_CLIENT_SECRET_FILE": secretFile, "AZURE_CLIENT_SECRET": "s2",
				"MDTI_BASE_URL": "https://graph.microsoft.com/beta/security/threatIntelligence", "MDTI_TOKEN_URL": "https://login.microsoftonline.us/{tenant}/oauth2/v2.0/token"},
			want: GraphConfig{TenantID: "t", ClientID: "c", Secret: "from-file", BaseURL: "https://graph.microsoft.com/beta/security/threatIntelligence",
				BaseFrom: "MDTI_BASE_URL", TokenURL: "https://login.microsoftonline.us/{tenant}/oauth2/v2.0/token"},
		},
	}
	for _, tt := range tests {
		r := resolver(t, tt.env)
		got := ResolveGraph(r, false)
		if err := r.Err(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	if r := resolver(t, nil); ResolveGraph(r, true) != (GraphConfig{Demo: true}) || r.Err() != nil {
		t.Error("demo needs no setting")
	}
	if s := (GraphConfig{Secret: "s3cret-value"}).String(); s == "" || strings.Contains(s, "s3cret-value") {
		t.Errorf("String() = %q", s)
	}
}

// TestClientSecretLayers: MDTI_CLIENT_SECRET_FILE in the environment beats a secret left
// in config.yml (the stronger layer wins whatever the way), and a bad secret file's
// error never prints its path, which may be a secret pasted there by mistake.
func TestClientSecretLayers(t *testing.T) {
	t.Parallel()
	secretFile := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secretFile, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	settings := func(env map[string]string, yml string) *cli.Resolver {
		s, err := opencti.NewSettings(cli.MapEnv(env), []byte(yml))
		if err != nil {
			t.Fatal(err)
		}
		return cli.NewSettingsResolver(nil, s)
	}
	r := settings(map[string]string{"MDTI_TENANT_ID": "t", "MDTI_CLIENT_ID": "c", "MDTI_CLIENT_SECRET_FILE": secretFile},
		"mdti:\n  client_secret: stale-secret\n")
	if got := ResolveGraph(r, false); got.Secret != "from-file" || r.Err() != nil {
		t.Errorf("secret %q, err %v; want the file's", got.Secret, r.Err())
	}
	const pasted = "pasted-client-secret-value"
	r = settings(map[string]string{"MDTI_TENANT_ID": "t", "MDTI_CLIENT_ID": "c", "MDTI_CLIENT_SECRET_FILE": pasted}, "")
	ResolveGraph(r, false)
	if err := r.Err(); err == nil || strings.Contains(err.Error(), pasted) {
		t.Errorf("error %v: want one that does not print the value", err)
	}
}
