package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ptstix/passivetotal/opencti"
)

// ExitConfig is the exit code of a program whose configuration is missing or bad.
const ExitConfig = 2

// ExitFailure is the exit code of a run that started but failed.
const ExitFailure = 1

// LookupEnv reads one environment variable, like os.LookupEnv. Programs take it as an
// argument so tests pass a map instead of touching the process environment.
type LookupEnv func(key string) (string, bool)

// MapEnv returns a LookupEnv over m (for tests and for callers that build their own).
func MapEnv(m map[string]string) LookupEnv {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// ConfigError is a missing or bad setting. Its message is one line that names the
// setting as the user wrote it (a flag like -max-tlp or a variable like RISKIQ_MAX_TLP),
// so the user knows what to fix; programs print it and exit with ExitConfig.
type ConfigError struct {
	Setting string // "-max-tlp", "RISKIQ_MAX_TLP", or a list of alternatives when missing
	Msg     string
}

func (e *ConfigError) Error() string { return "config: " + e.Setting + ": " + e.Msg }

// ConfigExitCode is what a program returns when parsing its configuration failed
// with err: 0 for -h/-help (the flag package printed the usage), otherwise
// ExitConfig, after printing a *ConfigError's one line on stderr (other errors
// were already reported by whoever returned them).
func ConfigExitCode(err error, stderr io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ce *ConfigError
	if errors.As(err, &ce) {
		fmt.Fprintln(stderr, ce)
	}
	return ExitConfig
}

// IsConfigError reports whether err is (or wraps) a *ConfigError.
func IsConfigError(err error) bool {
	var ce *ConfigError
	return errors.As(err, &ce)
}

// Setting names one configuration value: its flag and the environment variables that
// can give it, in order of precedence (the flag always wins when set on the command line).
type Setting struct {
	Flag string   // without the dash, "" when there is none
	Env  []string // e.g. PASSIVETOTAL_MAX_TLP, RISKIQ_MAX_TLP
}

// Env returns a Setting with no flag and the given variables, as a shorthand.
func Env(names ...string) Setting { return Setting{Env: names} }

// Names lists how the user can give the setting: "-flag, VAR1 or VAR2".
func (s Setting) Names() string {
	var n []string
	if s.Flag != "" {
		n = append(n, "-"+s.Flag)
	}
	n = append(n, s.Env...)
	switch len(n) {
	case 0:
		return "?"
	case 1:
		return n[0]
	}
	return strings.Join(n[:len(n)-1], ", ") + " or " + n[len(n)-1]
}

// Both returns the PASSIVETOTAL_ and RISKIQ_ spellings of a variable suffix, newest
// first: Both("MAX_TLP") is [PASSIVETOTAL_MAX_TLP RISKIQ_MAX_TLP].
func Both(suffixes ...string) []string {
	var out []string
	for _, s := range suffixes {
		out = append(out, "PASSIVETOTAL_"+s)
	}
	for _, s := range suffixes {
		out = append(out, "RISKIQ_"+s)
	}
	return out
}

// Resolver looks every setting of a program up in one order: its flag when given on the
// command line, then its environment variables, then their keys in config.yml (see
// ConfigKey), the last two through an opencti.Settings as pycti's connectors read them.
// The first variable of a Setting with a value wins within each layer.
type Resolver struct {
	fs       *flag.FlagSet
	settings *opencti.Settings
	setBy    map[string]bool
	errors   []error
}

// NewResolver returns a Resolver over an already parsed fs and the environment env alone,
// for programs without a config.yml (env may be nil).
func NewResolver(fs *flag.FlagSet, env LookupEnv) *Resolver {
	s, _ := opencti.NewSettings(env, nil) // no file: nothing to fail on
	return NewSettingsResolver(fs, s)
}

// NewSettingsResolver returns a Resolver over an already parsed fs and settings (the
// environment, then config.yml).
func NewSettingsResolver(fs *flag.FlagSet, settings *opencti.Settings) *Resolver {
	if settings == nil {
		settings, _ = opencti.NewSettings(nil, nil)
	}
	r := &Resolver{fs: fs, settings: settings, setBy: map[string]bool{}}
	if fs != nil {
		fs.Visit(func(f *flag.Flag) { r.setBy[f.Name] = true })
	}
	return r
}

// Settings is the environment and config.yml under the resolver, for the OpenCTI
// connector's own settings (opencti.LoadConfig).
func (r *Resolver) Settings() *opencti.Settings { return r.settings }

// FlagSet reports whether the flag name was given on the command line.
func (r *Resolver) FlagSet(name string) bool { return r.setBy[name] }

// ConfigKey is the config.yml key of an environment variable, as pycti names them: the
// first word is the section, the rest the lower-case name (RISKIQ_USER is riskiq.user,
// CONNECTOR_LOG_LEVEL is connector.log_level, MDTI_CLIENT_ID is mdti.client_id), so that
// the old connectors' config.yml keeps working. It is "" for a variable outside the
// sections the programs read.
func ConfigKey(env string) string {
	section, name, ok := strings.Cut(env, "_")
	if !ok {
		return ""
	}
	switch section {
	case "OPENCTI", "CONNECTOR", "RISKIQ", "PASSIVETOTAL", "MQ", "MDTI":
		return strings.ToLower(section) + "." + strings.ToLower(name)
	}
	return ""
}

// Lookup returns the raw value of s and the name it came from ("-flag", or the variable,
// also when its config.yml key gave the value). An environment variable set to the empty
// string counts as unset, as in docker-compose files where every variable is listed and
// some are left blank.
func (r *Resolver) Lookup(s Setting) (value, from string, ok bool) {
	if v, from, _, ok := r.LookupAny(s); ok {
		return v, from, true
	}
	if s.Flag != "" && r.fs != nil {
		if f := r.fs.Lookup(s.Flag); f != nil && f.Value.String() != "" {
			return f.Value.String(), "-" + s.Flag, false
		}
	}
	return "", "", false
}

// LookupAny looks the settings up layer by layer: the flags given on the command line,
// then the environment, then config.yml, and in the order given within a layer. which is
// the index of the setting found. It serves a value that can be given in several ways
// (a key or a file holding it): a way given in a stronger layer wins over another way
// given in a weaker one, so a -api-key-file flag beats a key left in config.yml.
func (r *Resolver) LookupAny(ss ...Setting) (value, from string, which int, ok bool) {
	for i, s := range ss {
		if s.Flag != "" && r.setBy[s.Flag] {
			return r.fs.Lookup(s.Flag).Value.String(), "-" + s.Flag, i, true
		}
	}
	for i, s := range ss {
		for _, name := range s.Env {
			if v, ok := r.settings.LookupEnv(name); ok {
				return v, name, i, true
			}
		}
	}
	for i, s := range ss {
		for _, name := range s.Env {
			if key := ConfigKey(name); key != "" {
				if v, ok := r.settings.LookupFile(key); ok {
					return v, name, i, true
				}
			}
		}
	}
	return "", "", -1, false
}

// fail records the first problem; later ones are dropped so the user sees one line.
func (r *Resolver) fail(setting, format string, args ...any) {
	r.errors = append(r.errors, &ConfigError{Setting: setting, Msg: fmt.Sprintf(format, args...)})
}

// Err returns the first problem met by the typed getters, or nil.
func (r *Resolver) Err() error {
	if len(r.errors) == 0 {
		return nil
	}
	return r.errors[0]
}

// Fail records a problem found by the caller's own checks, naming setting.
func (r *Resolver) Fail(setting, format string, args ...any) { r.fail(setting, format, args...) }

// String returns the setting's value or def when it is not given.
func (r *Resolver) String(s Setting, def string) string {
	if v, _, ok := r.Lookup(s); ok || v != "" {
		return v
	}
	return def
}

// Required returns the setting's value, recording an error naming every way to give it
// when it is missing.
func (r *Resolver) Required(s Setting, what string) string {
	v, _, _ := r.Lookup(s)
	if v == "" {
		r.fail(s.Names(), "missing %s", what)
	}
	return v
}

// Bool reads a boolean setting: true/false, 1/0, yes/no, on/off (any case).
func (r *Resolver) Bool(s Setting, def bool) bool {
	v, from, ok := r.Lookup(s)
	if !ok {
		return def
	}
	b, err := ParseBool(v)
	if err != nil {
		r.fail(from, "%v", err)
		return def
	}
	return b
}

// ParseBool reads true/false, 1/0, yes/no, on/off, t/f, y/n in any case.
func ParseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "t", "yes", "y", "on":
		return true, nil
	case "0", "false", "f", "no", "n", "off":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a boolean (want true or false)", v)
}

// Int reads an integer setting within [min, max].
func (r *Resolver) Int(s Setting, def, min, max int) int {
	v, from, ok := r.Lookup(s)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		r.fail(from, "%q is not a whole number", v)
		return def
	}
	if n < min || n > max {
		r.fail(from, "%d is out of range [%d, %d]", n, min, max)
		return def
	}
	return n
}

// Duration reads a duration (ISO 8601, seconds or Go syntax, see ParseDuration) that
// must be at least min.
func (r *Resolver) Duration(s Setting, def, min time.Duration) time.Duration {
	v, from, ok := r.Lookup(s)
	if !ok {
		return def
	}
	d, err := ParseDuration(v)
	if err != nil {
		r.fail(from, "%v", err)
		return def
	}
	if d < min {
		r.fail(from, "%s is shorter than the minimum %s", v, min)
		return def
	}
	return d
}

// Seconds reads a whole number of seconds (RISKIQ_INTERVAL_SEC) into a Duration; a
// value with a unit ("1h", "PT1H") is accepted too.
func (r *Resolver) Seconds(s Setting, def, min time.Duration) time.Duration {
	return r.Duration(s, def, min)
}

// Choice reads a setting that must be one of choices (compared case-insensitively) and
// returns it lower-cased.
func (r *Resolver) Choice(s Setting, def string, choices ...string) string {
	v, from, ok := r.Lookup(s)
	if !ok {
		return def
	}
	lv := strings.ToLower(strings.TrimSpace(v))
	for _, c := range choices {
		if lv == c {
			return c
		}
	}
	r.fail(from, "%q is not one of %s", v, strings.Join(choices, ", "))
	return def
}

// Time reads an instant: RFC 3339 ("2024-04-12T13:53:14Z"), a date ("2024-04-12", UTC
// midnight) or Unix seconds (RISKIQ_IMPORT_FROM_TIMESTAMP's format).
func (r *Resolver) Time(s Setting) time.Time {
	v, from, ok := r.Lookup(s)
	if !ok {
		return time.Time{}
	}
	t, err := ParseTime(v)
	if err != nil {
		r.fail(from, "%v", err)
	}
	return t
}

// ParseTime reads RFC 3339, a plain date or Unix seconds, in UTC.
func ParseTime(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 || n > 253402300799 {
			return time.Time{}, fmt.Errorf("%q is out of range for Unix seconds", v)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time (want RFC 3339, YYYY-MM-DD or Unix seconds)", v)
}

// ParseFlags parses args into fs so that a bad flag gives one line, not the whole usage
// text: any error but flag.ErrHelp is a *ConfigError naming the flag, for the caller to
// print. -h and -help print the usage on stderr and return flag.ErrHelp.
func ParseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	var buf strings.Builder
	fs.SetOutput(&buf)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	if err == nil {
		return nil
	}
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(stderr, buf.String())
		return err
	}
	ce := &ConfigError{Setting: "flags", Msg: err.Error() + " (see -h)"}
	if i := strings.Index(err.Error(), "-"); i >= 0 {
		name := err.Error()[i:]
		if j := strings.IndexAny(name, ": "); j > 0 {
			name = name[:j]
		}
		ce.Setting = name
	}
	return ce
}
