package opencti

import (
	"log/slog"
	"maps"
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

// The settings pycti users set, with pycti's names and meaning.
func TestLoadConfigPyctiSettings(t *testing.T) {
	t.Parallel()
	base := map[string]string{
		"OPENCTI_URL": "https://opencti:8443", "OPENCTI_TOKEN": "t",
		"CONNECTOR_ID": "5e0c5b4d-1111-4a2b-9c3d-222222222222", "CONNECTOR_NAME": "RiskIQ", "CONNECTOR_TYPE": "EXTERNAL_IMPORT",
	}
	type got struct {
		Once, AutoUpdate, OnlyContextual, SSLVerify, MQSkipVerify bool
		Period                                                    time.Duration
		Threshold                                                 float64
		SSLCA, MQCA, MQCert, MQKey, MQPass                        string
	}
	tests := []struct {
		name string
		set  map[string]string
		want got
	}{
		{"defaults", nil, got{SSLVerify: true, Threshold: 500}},
		{"duration 0 is run and terminate", map[string]string{"CONNECTOR_DURATION_PERIOD": "0"}, got{Once: true, SSLVerify: true, Threshold: 500}},
		{"duration PT0S too", map[string]string{"CONNECTOR_DURATION_PERIOD": "PT0S"}, got{Once: true, SSLVerify: true, Threshold: 500}},
		{"run and terminate with a period", map[string]string{"CONNECTOR_DURATION_PERIOD": "PT1H", "CONNECTOR_RUN_AND_TERMINATE": "true"}, got{Once: true, Period: time.Hour, SSLVerify: true, Threshold: 500}},
		{"duration 0 wins over run_and_terminate false", map[string]string{"CONNECTOR_DURATION_PERIOD": "0", "CONNECTOR_RUN_AND_TERMINATE": "false"}, got{Once: true, SSLVerify: true, Threshold: 500}},
		{"queue threshold in MB", map[string]string{"CONNECTOR_QUEUE_THRESHOLD": "12.5"}, got{SSLVerify: true, Threshold: 12.5}},
		{"auto update, only contextual", map[string]string{"CONNECTOR_AUTO_UPDATE": "true", "CONNECTOR_ONLY_CONTEXTUAL": "yes"}, got{AutoUpdate: true, OnlyContextual: true, SSLVerify: true, Threshold: 500}},
		{"platform verification off", map[string]string{"OPENCTI_SSL_VERIFY": "false"}, got{Threshold: 500}},
		{"platform CA file", map[string]string{"OPENCTI_SSL_VERIFY": "testdata/tls/ca.pem"}, got{SSLVerify: true, SSLCA: "testdata/tls/ca.pem", Threshold: 500}},
		{"broker TLS", map[string]string{"MQ_USE_SSL_CA": "testdata/tls/ca.pem", "MQ_USE_SSL_CERT": "testdata/tls/client.pem",
			"MQ_USE_SSL_KEY": "testdata/tls/pkcs8.key", "MQ_USE_SSL_PASSPHRASE": "fixture-pass", "MQ_USE_SSL_REJECT_UNAUTHORIZED": "false"},
			got{SSLVerify: true, Threshold: 500, MQSkipVerify: true, MQCA: "testdata/tls/ca.pem", MQCert: "testdata/tls/client.pem", MQKey: "testdata/tls/pkcs8.key", MQPass: "fixture-pass"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := settingsOver(t, base, tt.set)
			c, err := LoadConfig(s, Config{})
			if err != nil {
				t.Fatal(err)
			}
			g := got{c.RunAndTerminate, c.AutoUpdate, c.OnlyContextual, c.SSLVerify, c.MQTLS.SkipVerify, c.DurationPeriod,
				c.QueueThreshold, c.SSLCA, c.MQTLS.CA, c.MQTLS.Cert, c.MQTLS.Key, c.MQTLS.Passphrase}
			if d := cmp.Diff(tt.want, g); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
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
		{map[string]string{"CONNECTOR_RUN_AND_TERMINATE": "once"}, "CONNECTOR_RUN_AND_TERMINATE"},
		{map[string]string{"CONNECTOR_QUEUE_THRESHOLD": "lots"}, "CONNECTOR_QUEUE_THRESHOLD"},
		{map[string]string{"CONNECTOR_QUEUE_THRESHOLD": "-5"}, "CONNECTOR_QUEUE_THRESHOLD"},
		{map[string]string{"CONNECTOR_AUTO_UPDATE": "2"}, "CONNECTOR_AUTO_UPDATE"},
		{map[string]string{"CONNECTOR_ONLY_CONTEXTUAL": "perhaps"}, "CONNECTOR_ONLY_CONTEXTUAL"},
		{map[string]string{"OPENCTI_SSL_VERIFY": "/nonexistent/ca.pem"}, "OPENCTI_SSL_VERIFY"},
		{map[string]string{"MQ_USE_SSL_REJECT_UNAUTHORIZED": "no-way"}, "MQ_USE_SSL_REJECT_UNAUTHORIZED"},
		{map[string]string{"MQ_USE_SSL_CA": "/nonexistent/ca.pem"}, "MQ_USE_SSL_CA"},
		{map[string]string{"MQ_USE_SSL_CERT": "testdata/tls/client.pem"}, "MQ_USE_SSL_CERT"},
		{map[string]string{"MQ_USE_SSL_CERT": "testdata/tls/client.pem", "MQ_USE_SSL_KEY": "testdata/tls/pkcs8.key", "MQ_USE_SSL_PASSPHRASE": "wrong-secret"}, "MQ_USE_SSL_PASSPHRASE"},
		{map[string]string{"MQ_USE_SSL_CERT": "testdata/tls/ca.pem", "MQ_USE_SSL_KEY": "testdata/tls/plain.key"}, "MQ_USE_SSL_KEY"},
	}
	for _, tt := range tests {
		t.Run(tt.wantEnv, func(t *testing.T) {
			t.Parallel()
			s := settingsOver(t, base, tt.set)
			_, err := LoadConfig(s, Config{})
			se, ok := err.(*SettingError)
			if !ok {
				t.Fatalf("err = %v (%T), want *SettingError", err, err)
			}
			if se.Env != tt.wantEnv || !strings.Contains(err.Error(), tt.wantEnv) {
				t.Errorf("error %q names %s, want %s", err, se.Env, tt.wantEnv)
			}
			if strings.Contains(err.Error(), "secret-token-value") || strings.Contains(err.Error(), "wrong-secret") {
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
		// Scalars are read as their text, as pycti does; null is unset.
		{name: "scalars as text", in: "connector:\n  auto: false\n  port: 05672\n  ratio: 1e3\n  on: yes\n  none: null\n  quoted: 'null'\n",
			want: map[string]map[string]string{"connector": {"auto": "false", "port": "05672", "ratio": "1e3", "on": "yes", "none": "", "quoted": "null"}}},
		// The YAML library's reading, where the hand-written subset refused: a block
		// scalar (a PEM text for MQ_USE_SSL_CA) and a scalar anchor and its alias.
		{name: "block scalar", in: "mq:\n  use_ssl_ca: |\n    -----BEGIN CERTIFICATE-----\n    MIIB\n",
			want: map[string]map[string]string{"mq": {"use_ssl_ca": "-----BEGIN CERTIFICATE-----\nMIIB\n"}}},
		{name: "anchor and alias", in: "c:\n  a: &x 1\n  b: *x\n", want: map[string]map[string]string{"c": {"a": "1", "b": "1"}}},
		{name: "empty section", in: "opencti:\nriskiq:\n  user: u\n", want: map[string]map[string]string{"opencti": {}, "riskiq": {"user": "u"}}},
		{name: "comments only", in: "# nothing\n", want: map[string]map[string]string{}},
		{name: "list", in: "connector:\n  scope:\n    - a\n", wantErr: "line 3: connector.scope: lists are not supported"},
		{name: "inline list", in: "connector:\n  scope: [a, b]\n", wantErr: "line 2: connector.scope: lists are not supported"},
		{name: "nested map", in: "connector:\n  mq:\n    host: x\n", wantErr: "line 3: connector.mq: nested maps are not supported"},
		{name: "tab", in: "connector:\n\tid: x\n", wantErr: "line 2"},
		{name: "value at top", in: "name: x\n", wantErr: "line 1: top-level \"name\" must be a section"},
		{name: "list at top", in: "- a\n", wantErr: "line 1: the file must be a map of sections"},
		{name: "indented setting without a section", in: "  id: x\n", wantErr: "top-level \"id\" must be a section"},
		{name: "duplicate", in: "c:\n  a: 1\n  a: 2\n", wantErr: "line 3: c.a appears twice"},
		{name: "duplicate section", in: "c:\n  a: 1\nc:\n  b: 2\n", wantErr: "line 3: section \"c\" appears twice"},
		{name: "indentation", in: "c:\n  a: 1\n    b: 2\n", wantErr: "line 3"},
		{name: "unterminated", in: "c:\n  a: 'x\n", wantErr: "line 2"},
		{name: "junk after quote", in: "c:\n  a: 'x' y\n", wantErr: "yaml: line 1: did not find expected key"},
		{name: "no colon", in: "c:\n  a\n", wantErr: "line 1: top-level \"c\" must be a section"},
		{name: "two documents", in: "c:\n  a: 1\n---\nd:\n  b: 2\n", wantErr: "line 3: a second document"},
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

// Whatever the file holds, reading it ends in settings or an error, never a panic, and
// an error names config.yml.
func FuzzParseConfigYML(f *testing.F) {
	for _, s := range []string{"opencti:\n  url: x\n", "c:\n  a: &x 1\n  b: *x\n", "- a\n", "c:\n  a: [1]\n", "a: &a [*a]\n", "---\n...\n---\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := parseConfigYML([]byte(in))
		if err != nil {
			if !strings.Contains(err.Error(), "config.yml") {
				t.Fatalf("error %q does not name config.yml", err)
			}
			return
		}
		if got == nil {
			t.Fatal("nil settings without an error")
		}
	})
}

// settingsOver returns Settings over the environment base with set applied on top.
func settingsOver(t *testing.T, base, set map[string]string) *Settings {
	t.Helper()
	env := maps.Clone(base)
	maps.Copy(env, set)
	s, err := NewSettings(envOf(env), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
