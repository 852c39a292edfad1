package connmode

import (
	"bytes"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/examples/internal/testkit/metricstest"
	"github.com/ptstix/passivetotal/opencti"
	"github.com/ptstix/passivetotal/opencti/openctitest"
)

func TestStart(t *testing.T) {
	t.Parallel()
	const id = "5e0c5b4d-1111-4a2b-9c3d-222222222222"
	defaults := opencti.Config{Type: opencti.TypeExternalImport, Name: "test", Scope: []string{"test"}}
	platform := openctitest.New(t, openctitest.Broker{})
	down := httptest.NewServer(nil)
	down.Close()
	tests := []struct {
		name       string
		env        map[string]string
		wantCode   int
		wantStderr string // a one-line message naming the setting, when wantCode is ExitConfig
		wantErrors float64
	}{
		{"registered", platform.Env(id, "test"), 0, "", 0},
		{"bad connector id", with(platform.Env(id, "test"), "CONNECTOR_ID", "ChangeMe"), cli.ExitConfig, "CONNECTOR_ID", 0},
		{"no token", with(platform.Env(id, "test"), "OPENCTI_TOKEN", ""), cli.ExitConfig, "OPENCTI_TOKEN", 0},
		{"platform unreachable", with(platform.Env(id, "test"), "OPENCTI_URL", down.URL), cli.ExitFailure, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := opencti.NewSettings(cli.MapEnv(tt.env), nil)
			if err != nil {
				t.Fatal(err)
			}
			m := metrics.New(metrics.Options{})
			var stderr bytes.Buffer
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			conn, cfg, code := Start(t.Context(), s, defaults, m, log, &stderr)
			if code != tt.wantCode {
				t.Fatalf("code %d, want %d; stderr: %s", code, tt.wantCode, stderr.String())
			}
			if (conn != nil) != (tt.wantCode == 0) || (cfg != nil) != (tt.wantCode == 0) {
				t.Fatalf("connector %v, config %v with code %d", conn, cfg, code)
			}
			if conn != nil {
				conn.Close(t.Context())
			}
			if tt.wantStderr != "" {
				if lines := strings.Split(strings.TrimSpace(stderr.String()), "\n"); len(lines) != 1 || !strings.Contains(lines[0], tt.wantStderr) {
					t.Errorf("stderr %q: want one line naming %s", stderr.String(), tt.wantStderr)
				}
			}
			srv := httptest.NewServer(m.Handler())
			defer srv.Close()
			if got := metricstest.Scrape(t, srv.URL+"/metrics").Get("ptstix_errors_total", "kind", "platform"); got != tt.wantErrors {
				t.Errorf("platform errors counted %v, want %v", got, tt.wantErrors)
			}
		})
	}
}

func with(env map[string]string, kv ...string) map[string]string {
	for i := 0; i+1 < len(kv); i += 2 {
		env[kv[i]] = kv[i+1]
	}
	return env
}
