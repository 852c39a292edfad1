package cli

import (
	"flag"
	"io"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/opencti"
)

func newResolver(t *testing.T, args []string, env map[string]string) (*Resolver, *flag.FlagSet) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("user", "", "")
	fs.String("max-tlp", "", "")
	fs.Bool("observables", true, "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return NewResolver(fs, MapEnv(env)), fs
}

func TestResolverPrecedence(t *testing.T) {
	t.Parallel()
	user := Setting{Flag: "user", Env: Both("USERNAME", "USER")}
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		want     string
		wantFrom string
	}{
		{"flag wins", []string{"-user", "f"}, map[string]string{"RISKIQ_USER": "e"}, "f", "-user"},
		{"new name before old", nil, map[string]string{"RISKIQ_USER": "old", "PASSIVETOTAL_USERNAME": "new"}, "new", "PASSIVETOTAL_USERNAME"},
		{"old importer name", nil, map[string]string{"RISKIQ_USER": "old"}, "old", "RISKIQ_USER"},
		{"empty variable is unset", nil, map[string]string{"PASSIVETOTAL_USERNAME": " ", "RISKIQ_USERNAME": "x"}, "x", "RISKIQ_USERNAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, _ := newResolver(t, tt.args, tt.env)
			v, from, ok := r.Lookup(user)
			if !ok || v != tt.want || from != tt.wantFrom {
				t.Errorf("Lookup = %q, %q, %v; want %q from %q", v, from, ok, tt.want, tt.wantFrom)
			}
		})
	}
}

// One chain for every setting: a flag given on the command line, then the environment
// (every variable of the setting, in order), then config.yml (their keys, in order).
func TestResolverChainOverConfigYML(t *testing.T) {
	t.Parallel()
	user := Setting{Flag: "user", Env: Both("USERNAME", "USER")}
	yml := "passivetotal:\n  username: new-file\nriskiq:\n  user: old-file\n"
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		yml      string
		want     string
		wantFrom string
	}{
		{"flag over everything", []string{"-user", "f"}, map[string]string{"RISKIQ_USER": "e"}, yml, "f", "-user"},
		{"any variable over the file", nil, map[string]string{"RISKIQ_USER": "old-env"}, yml, "old-env", "RISKIQ_USER"},
		{"file: new name first", nil, nil, yml, "new-file", "PASSIVETOTAL_USERNAME"},
		{"file: old name", nil, map[string]string{"PASSIVETOTAL_USERNAME": " "}, "riskiq:\n  user: old-file\n", "old-file", "RISKIQ_USER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			fs.String("user", "", "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			s, err := opencti.NewSettings(MapEnv(tt.env), []byte(tt.yml))
			if err != nil {
				t.Fatal(err)
			}
			v, from, ok := NewSettingsResolver(fs, s).Lookup(user)
			if !ok || v != tt.want || from != tt.wantFrom {
				t.Errorf("Lookup = %q, %q, %v; want %q from %q", v, from, ok, tt.want, tt.wantFrom)
			}
		})
	}
}

func TestConfigKey(t *testing.T) {
	t.Parallel()
	for env, want := range map[string]string{
		"OPENCTI_URL": "opencti.url", "CONNECTOR_LOG_LEVEL": "connector.log_level",
		"RISKIQ_API_KEY": "riskiq.api_key", "PASSIVETOTAL_ID_POLICY": "passivetotal.id_policy",
		"MQ_USE_SSL": "mq.use_ssl", "MDTI_CLIENT_ID": "mdti.client_id", "HOME": "", "OTHER_THING": "",
	} {
		if got := ConfigKey(env); got != want {
			t.Errorf("ConfigKey(%s) = %q, want %q", env, got, want)
		}
	}
}

func TestResolverErrorsNameTheSetting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		get  func(r *Resolver)
		want string
	}{
		{"missing", nil, func(r *Resolver) { r.Required(Setting{Flag: "user", Env: []string{"RISKIQ_USER"}}, "API user") },
			"config: -user or RISKIQ_USER: missing API user"},
		{"bad bool", map[string]string{"RISKIQ_CREATE_OBSERVABLES": "maybe"}, func(r *Resolver) {
			r.Bool(Setting{Flag: "observables", Env: []string{"RISKIQ_CREATE_OBSERVABLES"}}, true)
		}, `config: RISKIQ_CREATE_OBSERVABLES: "maybe" is not a boolean (want true or false)`},
		{"bad duration", map[string]string{"RISKIQ_IMPORT_LAST_SEEN_TIME_WINDOW": "30 days"}, func(r *Resolver) {
			r.Duration(Env("RISKIQ_IMPORT_LAST_SEEN_TIME_WINDOW"), 0, time.Second)
		}, `config: RISKIQ_IMPORT_LAST_SEEN_TIME_WINDOW: duration "30 days": want ISO 8601 like P30D or PT12H, or seconds`},
		{"int range", map[string]string{"RISKIQ_INTERVAL_SEC": "0"}, func(r *Resolver) {
			r.Int(Env("RISKIQ_INTERVAL_SEC"), 86400, 1, 1<<30)
		}, `config: RISKIQ_INTERVAL_SEC: 0 is out of range [1, 1073741824]`},
		{"choice", map[string]string{"PTSTIX_ID_POLICY": "pycti"}, func(r *Resolver) {
			r.Choice(Env("PTSTIX_ID_POLICY"), "opencti", "opencti", "legacy", "strict")
		}, `config: PTSTIX_ID_POLICY: "pycti" is not one of opencti, legacy, strict`},
		{"first error only", map[string]string{"A": "x", "B": "y"}, func(r *Resolver) {
			r.Bool(Env("A"), false)
			r.Bool(Env("B"), false)
		}, `config: A: "x" is not a boolean (want true or false)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, _ := newResolver(t, nil, tt.env)
			tt.get(r)
			err := r.Err()
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Err() = %v\nwant %s", err, tt.want)
			}
			if !IsConfigError(err) {
				t.Errorf("IsConfigError(%v) = false", err)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	t.Parallel()
	want := time.Date(2024, 4, 12, 13, 53, 14, 0, time.UTC)
	for _, in := range []string{"1712929994", "2024-04-12T13:53:14Z", "2024-04-12T15:53:14+02:00", "2024-04-12 13:53:14"} {
		got, err := ParseTime(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseTime("yesterday"); err == nil {
		t.Error("ParseTime(yesterday): no error")
	}
}
