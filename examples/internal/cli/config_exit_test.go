package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"testing"
)

func TestConfigExitCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		err     error
		code    int
		printed string
	}{
		{"help", flag.ErrHelp, 0, ""},
		{"config error", &ConfigError{Setting: "-max-tlp", Msg: `"purple" is not a TLP`}, ExitConfig, "config: -max-tlp: \"purple\" is not a TLP\n"},
		{"wrapped config error", fmt.Errorf("parse: %w", &ConfigError{Setting: "RISKIQ_USER", Msg: "missing"}), ExitConfig, "config: RISKIQ_USER: missing\n"},
		{"already reported", errors.New("flag provided but not defined: -x"), ExitConfig, ""},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if got := ConfigExitCode(tt.err, &stderr); got != tt.code {
			t.Errorf("%s: code %d, want %d", tt.name, got, tt.code)
		}
		if stderr.String() != tt.printed {
			t.Errorf("%s: printed %q, want %q", tt.name, stderr.String(), tt.printed)
		}
	}
}
