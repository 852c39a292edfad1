package opencti

import (
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadConfigFromFileAndEnv(t *testing.T) {
	t.Parallel()
	yml, err := os.ReadFile("testdata/config.yml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSettings(envOf(map[string]string{
		"OPENCTI_URL":               "https://opencti.example:8443",
		"CONNECTOR_AUTO":            "true",
		"CONNECTOR_QUEUE_PROTOCOL":  "API",
		"CONNECTOR_DURATION_PERIOD": "PT1H",
		"MQ_HOST":                   "rabbit.internal",
		"MQ_PORT":                   "5671",
		"MQ_USE_SSL":                "yes",
		"CONNECTOR_NAME":            "", // empty: the file's value stays
	}), yml)
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadConfig(s, Config{Type: TypeExternalImport})
	if err != nil {
		t.Fatal(err)
	}
	tr := true
	want := &Config{
		URL: "https://opencti.example:8443", Token: "ChangeMe", ID: "5e0c5b4d-1111-4a2b-9c3d-222222222222",
		Name: "RiskIQ PassiveTotal", Type: TypeInternalEnrichment, Scope: []string{"IPv4-Addr", "Domain-Name"},
		Auto: true, LogLevel: slog.LevelWarn, QueueProtocol: ProtocolAPI, DurationPeriod: time.Hour,
		QueueThreshold: DefaultQueueThreshold, SSLVerify: true,
		MQ: MQOverride{Host: "rabbit.internal", Port: 5671, UseSSL: &tr},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("config (-want +got):\n%s", d)
	}
	for k, want := range map[string]string{"riskiq.api_key": "it's secret", "riskiq.max_tlp": "TLP:AMBER", "riskiq.import_last_seen_time_window": "P30D"} {
		if v, ok := s.Lookup("UNSET_"+k, k); !ok || v != want {
			t.Errorf("Lookup(%s) = %q, %v", k, v, ok)
		}
	}
}

func TestLoadConfigErrorsNameTheSetting(t *testing.T) {
	t.Parallel()
	base := map[string]string{
		"OPENCTI_URL": "http://opencti:8080", "OPENCTI_TOKEN": "secret-token-value",
		"CONNECTOR_ID": "5e0c5b4d-1111-4a2b-9c3d-222222222222", "CONNECTOR_NAME": "RiskIQ",
		"CONNECTOR_TYPE": "INTERNAL_ENRICHMENT", "CONNECTOR_SCOPE": "IPv4-Addr",
	}
	tests := []struct {
		set     map[string]string
		wantEnv string
	}{
		{map[string]string{"OPENCTI_URL": ""}, "OPENCTI_URL"},
		{map[string]string{"OPENCTI_URL": "opencti:8080"}, "OPENCTI_URL"},
		{map[string]string{"OPENCTI_TOKEN": ""}, "OPENCTI_TOKEN"},
		{map[string]string{"CONNECTOR_ID": ""}, "CONNECTOR_ID"},
		{map[string]string{"CONNECTOR_ID": "ChangeMe"}, "CONNECTOR_ID"},
		{map[string]string{"CONNECTOR_NAME": ""}, "CONNECTOR_NAME"},
		{map[string]string{"CONNECTOR_TYPE": "ENRICH"}, "CONNECTOR_TYPE"},
		{map[string]string{"CONNECTOR_SCOPE": " , "}, "CONNECTOR_SCOPE"},
		{map[string]string{"CONNECTOR_AUTO": "maybe"}, "CONNECTOR_AUTO"},
		{map[string]string{"CONNECTOR_LOG_LEVEL": "verbose"}, "CONNECTOR_LOG_LEVEL"},
		{map[string]string{"CONNECTOR_QUEUE_PROTOCOL": "http"}, "CONNECTOR_QUEUE_PROTOCOL"},
		{map[string]string{"CONNECTOR_DURATION_PERIOD": "P1X"}, "CONNECTOR_DURATION_PERIOD"},
		{map[string]string{"CONNECTOR_DURATION_PERIOD": "-PT1H"}, "CONNECTOR_DURATION_PERIOD"},
		{map[string]string{"MQ_PORT": "70000"}, "MQ_PORT"},
		{map[string]string{"MQ_USE_SSL": "sometimes"}, "MQ_USE_SSL"},
	}
	for _, tt := range tests {
		t.Run(tt.wantEnv, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{}
			for k, v := range base {
				env[k] = v
			}
			for k, v := range tt.set {
				env[k] = v
			}
			s, err := NewSettings(envOf(env), nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = LoadConfig(s, Config{})
			se, ok := err.(*SettingError)
			if !ok {
				t.Fatalf("err = %v (%T), want *SettingError", err, err)
			}
			if se.Env != tt.wantEnv || !strings.Contains(err.Error(), tt.wantEnv) {
				t.Errorf("error %q names %s, want %s", err, se.Env, tt.wantEnv)
			}
			if strings.Contains(err.Error(), "secret-token-value") {
				t.Errorf("error leaks the token: %q", err)
			}
		})
	}
}

func TestParseConfigYML(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     map[string]map[string]string
		wantErr  string
	}{
		{name: "empty", in: "", want: map[string]map[string]string{}},
		{name: "shapes", in: "---\nopencti:\n    url: http://x:8080/a#b # c\n    token: \"a\\\"b\"\n  \nconnector:\n  auto: ~\n  id: ''\n",
			want: map[string]map[string]string{"opencti": {"url": "http://x:8080/a#b", "token": `a"b`}, "connector": {"auto": "", "id": ""}}},
		{name: "crlf and bom", in: "\ufeffriskiq:\r\n  max_tlp: 'TLP:RED'\r\n",
			want: map[string]map[string]string{"riskiq": {"max_tlp": "TLP:RED"}}},
		{name: "list", in: "connector:\n  scope:\n    - a\n", wantErr: "line 3"},
		{name: "inline list", in: "connector:\n  scope: [a, b]\n", wantErr: "not supported"},
		{name: "block scalar", in: "connector:\n  scope: |\n", wantErr: "not supported"},
		{name: "tab", in: "connector:\n\tid: x\n", wantErr: "tab"},
		{name: "value at top", in: "name: x\n", wantErr: "must be a section"},
		{name: "outside section", in: "  id: x\n", wantErr: "outside a section"},
		{name: "duplicate", in: "c:\n  a: 1\n  a: 2\n", wantErr: "appears twice"},
		{name: "indentation", in: "c:\n  a: 1\n    b: 2\n", wantErr: "indentation"},
		{name: "unterminated", in: "c:\n  a: 'x\n", wantErr: "unterminated"},
		{name: "junk after quote", in: "c:\n  a: 'x' y\n", wantErr: "after quoted"},
		{name: "no colon", in: "c:\n  a\n", wantErr: "key: value"},
		{name: "anchor", in: "c:\n  a: &x 1\n", wantErr: "not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseConfigYML([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
