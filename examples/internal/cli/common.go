package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/ptstix/passivetotal/stix"
)

// Settings shared by the programs. Every variable of the old connectors is accepted,
// with a PASSIVETOTAL_ twin that wins over the RISKIQ_ one when both are set.
var (
	// SetUser is the account e-mail: the importer's RISKIQ_USER, the enricher's
	// RISKIQ_USERNAME.
	SetUser = Setting{Flag: "user", Env: Both("USERNAME", "USER")}
	// SetAPIKey is the API key: the importer's RISKIQ_PASSWORD, the enricher's
	// RISKIQ_API_KEY. No flag, so the key never shows in a process list; see
	// SetAPIKeyFile.
	SetAPIKey = Env(Both("API_KEY", "PASSWORD")...)
	// SetAPIKeyFile names a file holding the API key (a container secret).
	SetAPIKeyFile = Setting{Flag: "api-key-file", Env: Both("API_KEY_FILE")}
	// SetBaseURL is the API base URL.
	SetBaseURL = Setting{Flag: "base-url", Env: Both("BASE_URL")}
	// SetInsecureHTTP allows a plain http:// base URL to a host that is not loopback.
	SetInsecureHTTP = Setting{Flag: "insecure-http", Env: Both("INSECURE_HTTP")}
	// SetIDPolicy chooses the SDO and relationship ID policy.
	SetIDPolicy = Setting{Flag: "id-policy", Env: Both("ID_POLICY")}
	// SetOut is the output: a directory or "-".
	SetOut = Setting{Flag: "out", Env: Both("OUT")}
	// SetAuthor names the author identity of the bundles.
	SetAuthor = Setting{Flag: "author", Env: Both("AUTHOR")}
)

// APIKey resolves the API key, given itself or as -api-key-file, the way given in the
// strongest layer (flag, environment, config.yml) winning; it records a ConfigError
// naming every way to give it when required and missing.
func APIKey(r *Resolver, required bool) string {
	if v, from, which, ok := r.LookupAny(SetAPIKey, SetAPIKeyFile); ok {
		if which == 0 {
			return v
		}
		return ReadSecretFile(r, from, "API key", v)
	}
	if required {
		r.Fail(SetAPIKey.Names()+" or "+SetAPIKeyFile.Names(), "missing API key")
	}
	return ""
}

// IDPolicy resolves -id-policy (opencti, legacy or strict; opencti by default).
func (r *Resolver) IDPolicy() stix.IDPolicy {
	v := r.Choice(SetIDPolicy, "opencti", "opencti", "legacy", "strict")
	p, err := stix.ParseIDPolicy(v)
	if err != nil {
		_, from, _ := r.Lookup(SetIDPolicy)
		r.Fail(from, "%v", err)
	}
	return p
}

// TLP resolves a TLP setting: TLP:CLEAR, TLP:WHITE, TLP:GREEN, TLP:AMBER,
// TLP:AMBER+STRICT or TLP:RED, with or without the "TLP:" prefix, any case. def is
// returned when the setting is not given (0: none).
func (r *Resolver) TLP(s Setting, def stix.TLP) stix.TLP {
	v, from, ok := r.Lookup(s)
	if !ok {
		return def
	}
	t, err := ParseTLP(v)
	if err != nil {
		r.Fail(from, "%v", err)
		return def
	}
	return t
}

// ParseTLP reads a TLP name, with or without "TLP:", in any case.
func ParseTLP(v string) (stix.TLP, error) {
	name := strings.ToUpper(strings.TrimSpace(v))
	if !strings.HasPrefix(name, "TLP:") {
		name = "TLP:" + name
	}
	if t, ok := stix.TLPByName(name); ok {
		return t, nil
	}
	return 0, fmt.Errorf("%q is not a TLP (want TLP:CLEAR, TLP:WHITE, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED)", v)
}

// ReadSecretFile returns the trimmed content of the file a *_FILE setting (from) names,
// recording a ConfigError when it cannot be read or is empty. The error never quotes the
// path: a secret pasted into a *_FILE variable by mistake would be printed otherwise.
func ReadSecretFile(r *Resolver, from, what, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		r.Fail(from, "cannot read the %s file: %v", what, err)
		return ""
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		r.Fail(from, "the %s file is empty", what)
	}
	return v
}
