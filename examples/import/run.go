package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/backend"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/connmode"
	"github.com/ptstix/passivetotal/examples/internal/importer"
	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/opencti"
	"github.com/ptstix/passivetotal/pttest"
	"github.com/ptstix/passivetotal/stix"
)

// DefaultInterval is the period between runs when neither -once nor an interval is
// given: the old connector's documented 86400 seconds.
const DefaultInterval = 24 * time.Hour

// config is everything run needs, resolved from flags and environment.
type config struct {
	demo, once, insecure bool
	input, out, state    string
	baseURL, user, key   string
	baseFrom             string // the flag or variable that gave baseURL
	interval             time.Duration
	since                time.Time
	mapping              mapConfig
	level                slog.Level
	logJSON              bool
	// connector is OpenCTI connector mode (-connector or OPENCTI_URL); settings hold
	// the environment over config.yml, for the OpenCTI runtime.
	connector bool
	settings  *opencti.Settings
	metrics   metrics.Config
	// backend is backend.Graph or backend.PassiveTotal; graph holds the
	// Graph settings when it is Graph.
	backend string
	graph   backend.GraphConfig
	// profiles is -profiles and its object kinds (Graph only).
	profiles profileConfig
}

// mapConfig are the mapping options of the importer.
type mapConfig struct {
	policy                  stix.IDPolicy
	observables             bool
	publicTLP, nonPublicTLP stix.TLP
	author                  string
}

func newFlagSet(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: import [flags]\n\nImports PassiveTotal articles as STIX 2.1 bundles (see README.md).\n\nFlags (environment variables in parentheses):\n")
		fs.PrintDefaults()
	}
	fs.Bool("demo", false, "run against the built-in PassiveTotal simulator, no account or network needed (implies -once)")
	fs.String("input", "", "convert saved GET /articles response bodies from this `file or directory` instead of calling the API (implies -once)")
	fs.String("out", "", "output: a `directory` (one .json bundle per article) or - for stdout (one bundle per line) (PASSIVETOTAL_OUT)")
	fs.String("state", "", "state `file`: where the last article time and the GUIDs sent are kept between runs (PASSIVETOTAL_STATE_FILE)")
	fs.Bool("once", false, "run once and exit, instead of every -interval (PASSIVETOTAL_ONCE)")
	fs.String("interval", "", "time between runs: seconds, ISO 8601 (PT6H) or Go (6h); default 86400 (RISKIQ_INTERVAL_SEC)")
	fs.String("since", "", "first run only: import articles created from this `time` (RFC 3339, YYYY-MM-DD or Unix seconds) (RISKIQ_IMPORT_FROM_TIMESTAMP)")
	fs.String("base-url", "", "API base `URL`, default "+passivetotal.DefaultBaseURL+" (RISKIQ_BASE_URL)")
	fs.String("user", "", "API user, the account e-mail (RISKIQ_USER, RISKIQ_USERNAME); the key comes from RISKIQ_PASSWORD or RISKIQ_API_KEY")
	fs.String("api-key-file", "", "read the API key from this `file` (PASSIVETOTAL_API_KEY_FILE)")
	fs.Bool("insecure-http", false, "allow a plain http:// base URL to a host that is not loopback")
	fs.String("id-policy", "opencti", "ID policy of SDOs and relationships: opencti, legacy or strict (PASSIVETOTAL_ID_POLICY)")
	fs.Bool("create-observables", true, "create an observable and a based-on relationship for each indicator (RISKIQ_CREATE_OBSERVABLES)")
	fs.String("public-tlp", "", "marking of indicators from public sources, default TLP:CLEAR (PASSIVETOTAL_PUBLIC_TLP)")
	fs.String("non-public-tlp", "", "marking of other indicators, default TLP:AMBER (PASSIVETOTAL_NON_PUBLIC_TLP)")
	fs.String("author", "", "`name` of the author organization, default PassiveTotal (RiskIQ under -id-policy legacy) (PASSIVETOTAL_AUTHOR)")
	fs.String("log-level", "info", "debug, info, warn or error (CONNECTOR_LOG_LEVEL)")
	fs.Bool("log-json", false, "logs as JSON lines (CONNECTOR_LOG_JSON)")
	fs.Bool("connector", false, "run as an OpenCTI EXTERNAL_IMPORT connector (also when OPENCTI_URL is set); see README.md")
	fs.String("config", "", "pycti-style config.yml `file` read under the environment (default ./config.yml when present)")
	backend.AddFlag(fs)
	addProfileFlags(fs)
	return fs
}

// parseConfig resolves the configuration; the error is a *cli.ConfigError or a flag
// parsing error (already printed by the flag package).
func parseConfig(args []string, env cli.LookupEnv, stderr io.Writer) (*config, error) {
	fs := newFlagSet(stderr)
	if err := cli.ParseFlags(fs, args, stderr); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, &cli.ConfigError{Setting: "arguments", Msg: fmt.Sprintf("unexpected %q (flags only; see -h)", fs.Arg(0))}
	}
	r, err := connmode.NewResolver(fs, env)
	if err != nil {
		return nil, err
	}
	c := &config{
		connector: connmode.Enabled(r),
		settings:  r.Settings(),
		demo:      r.Bool(cli.Setting{Flag: "demo"}, false),
		input:     r.String(cli.Setting{Flag: "input", Env: cli.Both("INPUT")}, ""),
	}
	if c.connector {
		c.out = r.String(cli.SetOut, "") // optional: a copy of what goes to OpenCTI
	} else {
		c.out = r.Required(cli.SetOut, "output (a directory for one .json bundle per article, or - for stdout)")
	}
	if mc, err := metrics.LoadConfig(r); err != nil {
		var ce *cli.ConfigError
		errors.As(err, &ce)
		r.Fail(ce.Setting, "%s", ce.Msg)
	} else {
		c.metrics = mc
	}
	if c.connector && c.input != "" {
		r.Fail("-input", "saved files are converted offline; connector mode reads the API (or -demo)")
	}
	c.state = r.String(cli.Setting{Flag: "state", Env: cli.Both("STATE_FILE")}, "")
	c.once = r.Bool(cli.Setting{Flag: "once", Env: cli.Both("ONCE")}, false)
	c.since = r.Time(cli.Setting{Flag: "since", Env: cli.Both("IMPORT_FROM_TIMESTAMP")})
	intervalSet := cli.Setting{Flag: "interval", Env: cli.Both("INTERVAL_SEC")}
	c.interval = r.Seconds(intervalSet, DefaultInterval, time.Second)
	_, _, explicitInterval := r.Lookup(intervalSet)
	if c.demo && c.input != "" {
		r.Fail("-demo and -input", "choose one: the simulator or saved files")
	}
	if (c.demo || c.input != "") && !explicitInterval {
		c.once = true
	}
	c.backend = backend.Choose(r)
	if c.backend == backend.Graph && c.input == "" {
		c.graph = backend.ResolveGraph(r, c.demo)
	} else if !c.demo && c.input == "" {
		c.baseURL = r.String(cli.SetBaseURL, "")
		if _, from, ok := r.Lookup(cli.SetBaseURL); ok {
			c.baseFrom = from
		}
		c.user = r.Required(cli.SetUser, "API user (the account e-mail)")
		c.key = cli.APIKey(r, true)
		c.insecure = r.Bool(cli.SetInsecureHTTP, false)
	}
	c.profiles = resolveProfiles(r, c)
	c.mapping = mapConfig{
		policy:       r.IDPolicy(),
		observables:  r.Bool(cli.Setting{Flag: "create-observables", Env: cli.Both("CREATE_OBSERVABLES")}, true),
		publicTLP:    r.TLP(cli.Setting{Flag: "public-tlp", Env: cli.Both("PUBLIC_TLP")}, 0),
		nonPublicTLP: r.TLP(cli.Setting{Flag: "non-public-tlp", Env: cli.Both("NON_PUBLIC_TLP")}, 0),
		author:       r.String(cli.SetAuthor, ""),
	}
	c.level, c.logJSON = cli.LogSettings(r)
	return c, r.Err()
}

// run is the program: parse, set up, import, print the summary. It returns the exit
// code: 0 done (or stopped cleanly by a signal), 1 failed, 2 bad configuration.
func run(ctx context.Context, args []string, env cli.LookupEnv, stdout, stderr io.Writer) int {
	return runWith(ctx, args, env, stdout, stderr, hooks{})
}

// hooks let tests reach inside a run.
type hooks struct {
	// wrapSink, when set, wraps the sink (to count bundles or stop the run mid-way).
	wrapSink func(cli.Sink) cli.Sink
	// metrics, when set, sees the run's metrics once they exist (to scrape them).
	metrics func(*metrics.Metrics, *metrics.Server)
	// connector adds options to the OpenCTI connector (connector mode).
	connector []opencti.Option
	// client adds options to the PassiveTotal client (faster retries in tests).
	client []passivetotal.Option
	// graphClient adds options to the Graph client.
	graphClient []mdti.Option
}

func runWith(ctx context.Context, args []string, env cli.LookupEnv, stdout, stderr io.Writer, h hooks) int {
	c, err := parseConfig(args, env, stderr)
	if err != nil {
		return cli.ConfigExitCode(err, stderr)
	}
	log := cli.NewLogger(stderr, c.level, c.logJSON)
	m, msrv, err := connmode.StartMetrics(c.metrics, "articles", log)
	if err != nil {
		return cli.ExitFailure
	}
	defer connmode.StopMetrics(m, msrv, log)
	if h.metrics != nil {
		h.metrics(m, msrv)
	}

	var (
		source      importer.Source
		quota       quotaFunc
		closeSource func()
		graphClient *mdti.Client
	)
	if c.backend == backend.Graph && c.input == "" {
		source, graphClient, closeSource, err = openGraphSource(c, log, append([]mdti.Option{mdti.WithObserver(m)}, h.graphClient...)...)
	} else {
		source, quota, closeSource, err = openSource(ctx, c, log, append([]passivetotal.Option{passivetotal.WithObserver(m)}, h.client...)...)
	}
	if err != nil {
		var ce *cli.ConfigError
		if errors.As(err, &ce) {
			fmt.Fprintln(stderr, ce)
			return cli.ExitConfig
		}
		log.Error("cannot start", "error", err)
		return cli.ExitFailure
	}
	defer closeSource()
	var profiles *graphProfiles
	if c.profiles.enabled {
		if profiles, err = newGraphProfiles(graphClient, c.profiles, c.mapping, log); err != nil {
			fmt.Fprintf(stderr, "config: -author: %v\n", err)
			return cli.ExitConfig
		}
		source = profiles.Source(source)
	}
	mapFn, err := newMapper(c.mapping, profiles)
	if err != nil {
		fmt.Fprintf(stderr, "config: -author: %v\n", err)
		return cli.ExitConfig
	}
	var sink cli.Sink
	if c.out != "" { // connector mode may have no -out
		if sink, err = cli.OpenSink(c.out, stdout); err != nil {
			fmt.Fprintf(stderr, "config: -out: %v\n", err)
			return cli.ExitConfig
		}
		defer sink.Close()
	}
	if h.wrapSink != nil {
		sink = h.wrapSink(sink)
	}
	var store cli.StateStore = &cli.MemoryStore{}
	if c.state != "" {
		fstore := cli.FileStore{Path: c.state}
		if _, err := fstore.Load(ctx); err != nil {
			fmt.Fprintf(stderr, "config: -state: %v\n", err)
			return cli.ExitConfig
		}
		if err := fstore.CheckWritable(); err != nil {
			fmt.Fprintf(stderr, "config: -state: %v\n", err)
			return cli.ExitConfig
		}
		store = fstore
	} else if !c.once && !c.connector {
		log.Warn("no -state file: a restart imports everything again")
	}

	summary := cli.NewSummary("articles")
	summary.Offline = c.input != ""
	progress := cli.NewProgress(stderr, "articles")
	im := &importer.Importer{
		Source:   source,
		Map:      mapFn,
		Sink:     sink,
		Store:    store,
		Observer: cli.Observers{summary, progress, m},
		Logger:   log,
		Since:    c.since,
	}
	if profiles != nil {
		im.Items = profiles.Items
	}
	if c.connector {
		return runConnector(ctx, c, im, m, summary, quota, log, stderr, h)
	}
	if c.once {
		_, err = im.Run(ctx)
	} else {
		err = im.Loop(ctx, c.interval)
	}
	progress.Clear()
	if quota != nil {
		quota(context.WithoutCancel(ctx), summary)
		quotaToMetrics(summary, m)
	}
	summary.Print(stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		log.Info("stopped by signal; state saved")
		return 0
	case errors.Is(err, passivetotal.ErrQuotaExceeded):
		log.Error("search quota exhausted; state saved, the next run resumes from here", "error", err)
	default:
		log.Error("import failed; state saved up to the last article delivered", "error", err)
	}
	return cli.ExitFailure
}

// quotaFunc asks the API for the quota left and reports it to the summary.
type quotaFunc func(ctx context.Context, s *cli.Summary)

// openSource returns the article source for -demo, -input or the API.
func openSource(ctx context.Context, c *config, log *slog.Logger, extra ...passivetotal.Option) (importer.Source, quotaFunc, func(), error) {
	if c.input != "" {
		src, err := importer.FileSource(c.input, log)
		if err != nil {
			return nil, nil, nil, &cli.ConfigError{Setting: "-input", Msg: err.Error()}
		}
		return src, nil, func() {}, nil
	}
	closeFn := func() {}
	user, key, base := c.user, c.key, c.baseURL
	var opts []passivetotal.Option
	if c.demo {
		sim := pttest.Start(pttest.Config{Epoch: time.Now().UTC().Truncate(24 * time.Hour)})
		closeFn = sim.Close
		user, key, base = pttest.DefaultUsername, pttest.DefaultAPIKey, sim.BaseURL()
		log.Info("demo mode: built-in PassiveTotal simulator", "base_url", base)
	}
	if base != "" {
		opts = append(opts, passivetotal.WithBaseURL(base))
	}
	if c.insecure {
		opts = append(opts, passivetotal.WithInsecureHTTP())
	}
	opts = append(opts, passivetotal.WithLogger(log))
	opts = append(opts, extra...)
	client, err := passivetotal.NewClient(user, key, opts...)
	if err != nil {
		closeFn()
		return nil, nil, nil, &cli.ConfigError{Setting: cmp.Or(c.baseFrom, cli.SetBaseURL.Names()), Msg: err.Error()}
	}
	return importer.APISource(client), func(ctx context.Context, s *cli.Summary) {
		cli.ReportQuota(ctx, client, s, log)
	}, closeFn, nil
}
