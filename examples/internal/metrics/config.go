package metrics

import (
	"fmt"
	"net"
	"strconv"

	"github.com/ptstix/passivetotal/examples/internal/cli"
)

// DefaultPort is pycti's metrics port.
const DefaultPort = 9095

// Settings read by LoadConfig, with pycti's names (their config.yml keys are
// connector.expose_metrics and connector.metrics_port, cli.ConfigKey).
var (
	SetExpose = cli.Env("CONNECTOR_EXPOSE_METRICS")
	SetPort   = cli.Env("CONNECTOR_METRICS_PORT")
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

// LoadConfig reads CONNECTOR_EXPOSE_METRICS and CONNECTOR_METRICS_PORT through r, the
// program's resolver (the environment, then config.yml). A bad value is a
// *cli.ConfigError naming the variable, so programs exit with cli.ExitConfig.
func LoadConfig(r *cli.Resolver) (Config, error) {
	c := Config{Port: DefaultPort}
	if v, from, ok := r.Lookup(SetExpose); ok {
		b, err := cli.ParseBool(v)
		if err != nil {
			return c, &cli.ConfigError{Setting: from, Msg: err.Error()}
		}
		c.Expose = b
	}
	if v, from, ok := r.Lookup(SetPort); ok {
		p, err := strconv.Atoi(v)
		if err != nil || p < 0 || p > 65535 {
			return c, &cli.ConfigError{Setting: from, Msg: fmt.Sprintf("%q is not a port number (0-65535)", v)}
		}
		c.Port = p
	}
	return c, nil
}
