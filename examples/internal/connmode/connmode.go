// Package connmode is what the example programs share to run as OpenCTI connectors on
// the public opencti package: the resolver of their settings (flag, then environment,
// then config.yml, for the OpenCTI keys and the program's own), the choice of connector
// mode, the connector's start, and the metrics server's start and stop.
package connmode

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/opencti"
)

// DefaultConfigFile is where a config.yml is looked for when -config is not given, as
// pycti reads the one beside the program; it may be missing.
const DefaultConfigFile = "config.yml"

// LoadSettings reads the config.yml at path under the environment env. A missing file
// is an error only when the path was given explicitly (-config).
func LoadSettings(path string, explicit bool, env cli.LookupEnv) (*opencti.Settings, error) {
	var data []byte
	if path != "" {
		b, err := os.ReadFile(path)
		switch {
		case err == nil:
			data = b
		case errors.Is(err, fs.ErrNotExist) && !explicit:
		default:
			return nil, &cli.ConfigError{Setting: "-config", Msg: err.Error()}
		}
	}
	s, err := opencti.NewSettings(env, data)
	if err != nil {
		return nil, &cli.ConfigError{Setting: "-config", Msg: err.Error()}
	}
	return s, nil
}

// FromFlag loads the settings from the -config flag's value, or from
// DefaultConfigFile when it is empty.
func FromFlag(flagValue string, env cli.LookupEnv) (*opencti.Settings, error) {
	if flagValue == "" {
		return LoadSettings(DefaultConfigFile, false, env)
	}
	return LoadSettings(flagValue, true, env)
}

// NewResolver returns the program's resolver over its parsed flags fs: a flag given on
// the command line, then the environment env, then the config.yml of fs's -config flag
// (DefaultConfigFile when it is empty).
func NewResolver(fs *flag.FlagSet, env cli.LookupEnv) (*cli.Resolver, error) {
	var path string
	if f := fs.Lookup("config"); f != nil {
		path = f.Value.String()
	}
	s, err := FromFlag(path, env)
	if err != nil {
		return nil, err
	}
	return cli.NewSettingsResolver(fs, s), nil
}

// Enabled reports whether connector mode is asked for: the -connector flag, or
// OPENCTI_URL (opencti.url) set.
func Enabled(r *cli.Resolver) bool {
	if r.FlagSet("connector") {
		return true
	}
	_, _, ok := r.Lookup(cli.Env("OPENCTI_URL"))
	return ok
}

// StartMetrics creates the program's metrics (counted always, they are cheap) and
// serves them when cfg asks for it (CONNECTOR_EXPOSE_METRICS). items names what the
// program processes: "articles" or "entities". Stop them with StopMetrics.
func StartMetrics(cfg metrics.Config, items string, log *slog.Logger) (*metrics.Metrics, *metrics.Server, error) {
	m := metrics.New(metrics.Options{Items: items, Runtime: true})
	srv, err := metrics.Listen(cfg, m, log)
	if err != nil {
		log.Error("cannot serve metrics", "port", cfg.Port, "error", err)
		return nil, nil, err
	}
	return m, srv, nil
}

// StopMetrics marks the connector stopped (so /healthz answers 503 to a last probe) and
// shuts the metrics server down, letting a scrape in flight finish.
func StopMetrics(m *metrics.Metrics, srv *metrics.Server, log *slog.Logger) {
	m.SetState(metrics.StateStopped)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		log.Warn("metrics server shutdown", "error", err)
	}
}

// closeTimeout bounds the final ping and the sender's close when a connector stops.
const closeTimeout = 30 * time.Second

// Close stops conn: the final ping that saves its state, then the bundle sender's close,
// within closeTimeout even when ctx is already done. A failure is logged: the program's
// exit code is decided by its run.
func Close(ctx context.Context, conn *opencti.Connector, log *slog.Logger) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), closeTimeout)
	defer cancel()
	if err := conn.Close(cctx); err != nil {
		log.Warn("closing the connector", "error", err)
	}
}

// Start loads the OpenCTI configuration from settings over the program's defaults,
// creates the connector and registers it. A bad setting is printed as one "config:" line
// on stderr and gives cli.ExitConfig; a failed registration is logged, counted as a
// platform error and gives cli.ExitFailure. code is 0 when the connector is running.
func Start(ctx context.Context, settings *opencti.Settings, defaults opencti.Config, m *metrics.Metrics,
	log *slog.Logger, stderr io.Writer, opts ...opencti.Option) (conn *opencti.Connector, cfg *opencti.Config, code int) {
	cfg, err := opencti.LoadConfig(settings, defaults)
	if err != nil {
		fmt.Fprintln(stderr, "config:", err)
		return nil, nil, cli.ExitConfig
	}
	conn, err = opencti.New(cfg, append([]opencti.Option{opencti.WithLogger(log)}, opts...)...)
	if err != nil {
		fmt.Fprintln(stderr, "config:", err)
		return nil, nil, cli.ExitConfig
	}
	if err := conn.Start(ctx); err != nil {
		log.Error("cannot register with OpenCTI", "url", cfg.URL, "error", err)
		m.Error("platform")
		return nil, nil, cli.ExitFailure
	}
	return conn, cfg, 0
}
