package metrics

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/ptstix/passivetotal/examples/internal/cli"
)

// DefaultPort is pycti's metrics port.
const DefaultPort = 9095

// Settings read by LoadConfig: the environment variable and its config.yml key, as in
// pycti.
var (
	SetExpose = [2]string{"CONNECTOR_EXPOSE_METRICS", "connector.expose_metrics"}
	SetPort   = [2]string{"CONNECTOR_METRICS_PORT", "connector.metrics_port"}
)

// Config says whether and where to serve the metrics.
type Config struct {
	Expose bool // CONNECTOR_EXPOSE_METRICS, default false
	// Port is CONNECTOR_METRICS_PORT, default 9095; 0 picks a free port (logged).
	Port int
}

// Addr is the listen address: every interface (a container publishes the port), on
// Port.
func (c Config) Addr() string { return net.JoinHostPort("", strconv.Itoa(c.Port)) }

// Lookup finds a setting by environment variable name and config.yml key
// ("section.name"). opencti.Settings.Lookup is one; EnvOnly adapts a cli.LookupEnv.
type Lookup func(env, key string) (string, bool)

// EnvOnly is a Lookup that reads the environment only, for programs without a
// config.yml. Empty values count as unset, as everywhere in the programs.
func EnvOnly(env cli.LookupEnv) Lookup {
	return func(name, _ string) (string, bool) {
		if env == nil {
			return "", false
		}
		v, ok := env(name)
		if !ok || strings.TrimSpace(v) == "" {
			return "", false
		}
		return strings.TrimSpace(v), true
	}
}

// LoadConfig reads CONNECTOR_EXPOSE_METRICS and CONNECTOR_METRICS_PORT. A bad value is a
// *cli.ConfigError naming the variable, so programs exit with cli.ExitConfig.
func LoadConfig(lookup Lookup) (Config, error) {
	c := Config{Port: DefaultPort}
	if v, ok := lookup(SetExpose[0], SetExpose[1]); ok {
		b, err := cli.ParseBool(v)
		if err != nil {
			return c, &cli.ConfigError{Setting: SetExpose[0], Msg: err.Error()}
		}
		c.Expose = b
	}
	if v, ok := lookup(SetPort[0], SetPort[1]); ok {
		p, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || p < 0 || p > 65535 {
			return c, &cli.ConfigError{Setting: SetPort[0], Msg: fmt.Sprintf("%q is not a port number (0-65535)", v)}
		}
		c.Port = p
	}
	return c, nil
}
