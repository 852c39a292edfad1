package metrics

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/opencti"
)

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		file    string // config.yml
		want    Config
		wantErr string // the setting named
	}{
		{name: "off by default", want: Config{Port: 9095}},
		{name: "on", env: map[string]string{"CONNECTOR_EXPOSE_METRICS": "true"}, want: Config{Expose: true, Port: 9095}},
		{name: "port", env: map[string]string{"CONNECTOR_EXPOSE_METRICS": "yes", "CONNECTOR_METRICS_PORT": "9100"}, want: Config{Expose: true, Port: 9100}},
		{name: "blank values are unset", env: map[string]string{"CONNECTOR_EXPOSE_METRICS": " ", "CONNECTOR_METRICS_PORT": ""}, want: Config{Port: 9095}},
		{name: "port 0 picks a free port", env: map[string]string{"CONNECTOR_METRICS_PORT": "0"}, want: Config{Port: 0}},
		{name: "config.yml keys", file: "connector:\n  expose_metrics: true\n  metrics_port: 9200\n", want: Config{Expose: true, Port: 9200}},
		{name: "env wins over file", env: map[string]string{"CONNECTOR_EXPOSE_METRICS": "false"}, file: "connector:\n  expose_metrics: true\n", want: Config{Port: 9095}},
		{name: "bad bool", env: map[string]string{"CONNECTOR_EXPOSE_METRICS": "maybe"}, wantErr: "CONNECTOR_EXPOSE_METRICS"},
		{name: "bad port", env: map[string]string{"CONNECTOR_METRICS_PORT": "http"}, wantErr: "CONNECTOR_METRICS_PORT"},
		{name: "port out of range", env: map[string]string{"CONNECTOR_METRICS_PORT": "70000"}, wantErr: "CONNECTOR_METRICS_PORT"},
		{name: "bad value in config.yml names the variable", file: "connector:\n  metrics_port: http\n", wantErr: "CONNECTOR_METRICS_PORT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			settings, err := opencti.NewSettings(cli.MapEnv(tt.env), []byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := LoadConfig(cli.NewSettingsResolver(nil, settings))
			if tt.wantErr != "" {
				var ce *cli.ConfigError
				if !asConfigError(err, &ce) || ce.Setting != tt.wantErr {
					t.Fatalf("err = %v, want a *cli.ConfigError naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
		})
	}
}

func asConfigError(err error, target **cli.ConfigError) bool {
	ce, ok := err.(*cli.ConfigError)
	*target = ce
	return ok
}

func TestConfigAddr(t *testing.T) {
	t.Parallel()
	if got := (Config{Port: 9095}).Addr(); got != ":9095" {
		t.Errorf("Addr = %q, want :9095 (every interface)", got)
	}
}
