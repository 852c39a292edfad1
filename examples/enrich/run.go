package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/backend"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/connmode"
	"github.com/ptstix/passivetotal/examples/internal/enricher"
	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/opencti"
	"github.com/ptstix/passivetotal/pttest"
	"github.com/ptstix/passivetotal/stix"
)

// DefaultWindow is the old connector's RISKIQ_IMPORT_LAST_SEEN_TIME_WINDOW default.
const DefaultWindow = 30 * 24 * time.Hour

// DefaultConcurrency is the number of lookups in flight by default: enough to hide
// latency, few enough to stay polite with the API's rate limit.
const DefaultConcurrency = 4

// entityFlags collects repeated -entity values.
type entityFlags []string

func (e *entityFlags) String() string     { return strings.Join(*e, ",") }
func (e *entityFlags) Set(v string) error { *e = append(*e, v); return nil }

type config struct {
	demo, insecure     bool
	entities           []mapping.Entity
	entitiesFile       string
	input, out         string
	baseURL, user, key string
	baseFrom           string // the flag or variable that gave baseURL
	window             time.Duration
	maxTLP, entityTLP  stix.TLP
	concurrency        int
	datasets           []backend.DatasetName
	opts               mapping.PassiveDNSOptions
	level              slog.Level
	logJSON            bool
	// connector is OpenCTI connector mode (-connector or OPENCTI_URL); settings hold
	// the environment over config.yml, for the OpenCTI runtime.
	connector bool
	settings  *opencti.Settings
	metrics   metrics.Config
	// backend is backend.Graph or backend.PassiveTotal; graph holds the
	// Graph settings when it is Graph.
	backend string
	graph   backend.GraphConfig
}

func newFlagSet(stderr io.Writer, ents *entityFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("enrich", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: enrich [flags]\n\nEnriches domains and IP addresses with PassiveTotal passive DNS as STIX 2.1 bundles (see README.md).\n\nFlags (environment variables in parentheses):\n")
		fs.PrintDefaults()
	}
	fs.Var(ents, "entity", "entity to enrich, `TYPE:VALUE` (domain-name:example.com, ipv4-addr:198.51.100.7, ipv6-addr:2001:db8::1), optionally followed by a space and its TLP; repeatable")
	fs.String("entities", "", "read entities from this `file`, or - for stdin: one per line, # comments")
	fs.Bool("demo", false, "run against the built-in PassiveTotal simulator, no account or network needed (example.com when no entity is given)")
	fs.String("input", "", "convert saved GET /dns/passive response bodies from this `file or directory` instead of calling the API")
	fs.String("out", "", "output: a `directory` (one .json bundle per entity) or - for stdout (one bundle per line) (PASSIVETOTAL_OUT)")
	fs.String("window", "", "how far back to ask: ISO 8601 (P30D, PT12H), seconds or Go duration; default P30D; 0 for all history (RISKIQ_IMPORT_LAST_SEEN_TIME_WINDOW)")
	fs.String("max-tlp", "", "refuse entities marked above this TLP (RISKIQ_MAX_TLP); default no check")
	fs.String("tlp", "", "TLP of the entities given without one (-entity, -entities, -input) (PASSIVETOTAL_ENTITY_TLP)")
	fs.String("object-tlp", "", "lowest TLP of the new objects; they are never marked lower than their entity (PASSIVETOTAL_OBJECT_TLP)")
	fs.Int("concurrency", DefaultConcurrency, "lookups in flight at a time (PASSIVETOTAL_CONCURRENCY)")
	fs.Int("max-records", mapping.DefaultMaxRecords, "keep the most recent relationships per entity, at most this many; -1 for no cap (PASSIVETOTAL_MAX_RECORDS)")
	fs.String("datasets", "pdns", "datasets to ask about each entity: all, or any of "+strings.Join(datasetNames(), ",")+"; each spends its own searches (PASSIVETOTAL_DATASETS)")
	fs.Bool("related-to", false, "use related-to instead of resolves-to for NS, MX and SOA records (PASSIVETOTAL_RELATED_TO)")
	fs.String("base-url", "", "API base `URL`, default "+passivetotal.DefaultBaseURL+" (PASSIVETOTAL_BASE_URL)")
	fs.String("user", "", "API user, the account e-mail (RISKIQ_USERNAME, RISKIQ_USER); the key comes from RISKIQ_API_KEY or RISKIQ_PASSWORD")
	fs.String("api-key-file", "", "read the API key from this `file` (PASSIVETOTAL_API_KEY_FILE)")
	fs.Bool("insecure-http", false, "allow a plain http:// base URL to a host that is not loopback")
	fs.String("id-policy", "opencti", "ID policy of relationships: opencti, legacy or strict (PASSIVETOTAL_ID_POLICY)")
	fs.String("author", "", "`name` of the author organization, default PassiveTotal (RiskIQ PassiveTotal under -id-policy legacy) (PASSIVETOTAL_AUTHOR)")
	fs.String("log-level", "info", "debug, info, warn or error (CONNECTOR_LOG_LEVEL)")
	fs.Bool("log-json", false, "logs as JSON lines (CONNECTOR_LOG_JSON)")
	// -once is accepted so that scripts can pass the importer's flags to both
	// programs; the enricher always makes one pass over its entities.
	fs.Bool("once", true, "accepted for symmetry with the importer: the enricher always runs once (outside connector mode)")
	fs.Bool("connector", false, "run as an OpenCTI INTERNAL_ENRICHMENT connector (also when OPENCTI_URL is set); see README.md")
	fs.String("config", "", "pycti-style config.yml `file` read under the environment (default ./config.yml when present)")
	backend.AddFlag(fs)
	return fs
}

func parseConfig(args []string, env cli.LookupEnv, stderr io.Writer) (*config, error) {
	var ents entityFlags
	fs := newFlagSet(stderr, &ents)
	if err := cli.ParseFlags(fs, args, stderr); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, &cli.ConfigError{Setting: "arguments", Msg: fmt.Sprintf("unexpected %q (flags only; entities go after -entity)", fs.Arg(0))}
	}
	r, err := connmode.NewResolver(fs, env)
	if err != nil {
		return nil, err
	}
	connector := connmode.Enabled(r)
	outSetting := r.Required
	if connector {
		outSetting = func(s cli.Setting, _ string) string { return r.String(s, "") } // optional: OpenCTI gets the bundles
	}
	c := &config{
		connector:    connector,
		settings:     r.Settings(),
		demo:         r.Bool(cli.Setting{Flag: "demo"}, false),
		entitiesFile: r.String(cli.Setting{Flag: "entities"}, ""),
		input:        r.String(cli.Setting{Flag: "input", Env: cli.Both("INPUT")}, ""),
		out:          outSetting(cli.SetOut, "output (a directory for one .json bundle per entity, or - for stdout)"),
		window:       r.Duration(cli.Setting{Flag: "window", Env: cli.Both("IMPORT_LAST_SEEN_TIME_WINDOW")}, DefaultWindow, 0),
		maxTLP:       r.TLP(cli.Setting{Flag: "max-tlp", Env: cli.Both("MAX_TLP")}, 0),
		entityTLP:    r.TLP(cli.Setting{Flag: "tlp", Env: cli.Both("ENTITY_TLP")}, 0),
		concurrency:  r.Int(cli.Setting{Flag: "concurrency", Env: cli.Both("CONCURRENCY")}, DefaultConcurrency, 1, 64),
	}
	ds, err := backend.ParseDatasets(r.String(cli.Setting{Flag: "datasets", Env: []string{"PASSIVETOTAL_DATASETS"}}, "pdns"))
	if err != nil {
		r.Fail("-datasets", "%v", err)
	}
	c.datasets = ds
	for _, s := range ents {
		e, err := enricher.ParseEntity(s)
		if err != nil {
			r.Fail("-entity", "%v", err)
			continue
		}
		c.entities = append(c.entities, enricher.WithTLP(e, c.entityTLP))
	}
	switch {
	case c.demo && c.input != "":
		r.Fail("-demo and -input", "choose one: the simulator or saved files")
	case c.input != "" && (c.entitiesFile != "" || len(c.entities) > 1):
		r.Fail("-input", "takes the entity from each saved answer; give at most one -entity (for a single file without queryValue)")
	case c.connector && (c.input != "" || len(c.entities) > 0 || c.entitiesFile != ""):
		r.Fail("-connector", "entities come from OpenCTI's requests; -input, -entity and -entities are for the command line")
	case c.input == "" && !c.demo && len(c.entities) == 0 && c.entitiesFile == "" && !c.connector:
		r.Fail("-entity or -entities", "missing: nothing to enrich (e.g. -entity domain-name:example.com)")
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
	c.opts = mapping.PassiveDNSOptions{
		Policy:     r.IDPolicy(),
		TLP:        r.TLP(cli.Setting{Flag: "object-tlp", Env: cli.Both("OBJECT_TLP")}, 0),
		RelatedTo:  r.Bool(cli.Setting{Flag: "related-to", Env: cli.Both("RELATED_TO")}, false),
		MaxRecords: r.Int(cli.Setting{Flag: "max-records", Env: cli.Both("MAX_RECORDS")}, mapping.DefaultMaxRecords, -1, 1<<30),
	}
	if c.opts.MaxRecords == 0 {
		r.Fail("-max-records", "0 would keep nothing; use -1 for no cap")
	}
	if a := r.String(cli.SetAuthor, ""); a != "" {
		c.opts.Author = &stix.Identity{Name: a, IdentityClass: "organization"}
	}
	if mc, err := metrics.LoadConfig(r); err != nil {
		var ce *cli.ConfigError
		errors.As(err, &ce)
		r.Fail(ce.Setting, "%s", ce.Msg)
	} else {
		c.metrics = mc
	}
	c.level, c.logJSON = cli.LogSettings(r)
	return c, r.Err()
}

// run is the program; it returns the exit code: 0 every entity done (or stopped by a
// signal), 1 some failed or the run stopped early (quota), 2 bad configuration.
func run(ctx context.Context, args []string, env cli.LookupEnv, stdin io.Reader, stdout, stderr io.Writer) int {
	return runWith(ctx, args, env, stdin, stdout, stderr, hooks{})
}

// hooks let tests reach inside a run.
type hooks struct {
	// wrapSink, when set, wraps the sink (to count bundles or stop the run mid-way).
	wrapSink func(cli.Sink) cli.Sink
	// metrics, when set, sees the run's metrics once they exist (to scrape them).
	metrics func(*metrics.Metrics, *metrics.Server)
	// connector adds options to the OpenCTI connector (a Listener without a broker).
	connector []opencti.Option
	// client adds options to the PassiveTotal client (faster retries in tests).
	client []passivetotal.Option
	// graphClient adds options to the Graph client.
	graphClient []mdti.Option
}

func runWith(ctx context.Context, args []string, env cli.LookupEnv, stdin io.Reader, stdout, stderr io.Writer, h hooks) int {
	c, err := parseConfig(args, env, stderr)
	if err != nil {
		return cli.ConfigExitCode(err, stderr)
	}
	log := cli.NewLogger(stderr, c.level, c.logJSON)
	m, msrv, err := connmode.StartMetrics(c.metrics, "entities", log)
	if err != nil {
		return cli.ExitFailure
	}
	defer connmode.StopMetrics(m, msrv, log)
	if h.metrics != nil {
		h.metrics(m, msrv)
	}
	if err := c.opts.Validate(); err != nil {
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

	summary := cli.NewSummary("entities")
	summary.Offline = c.input != ""
	progress := cli.NewProgress(stderr, "entities")
	en := &enricher.Enricher{
		Window:   c.window,
		MaxTLP:   c.maxTLP,
		Options:  c.opts,
		Datasets: c.datasets,
		Sink:     sink,
		Observer: cli.Observers{summary, progress, m},
		Logger:   log,
	}

	if c.input != "" {
		var given *mapping.Entity
		if len(c.entities) == 1 {
			given = &c.entities[0]
		}
		if _, err := cli.ListJSON(c.input); err != nil {
			fmt.Fprintf(stderr, "config: -input: %v\n", err)
			return cli.ExitConfig
		}
		err = en.ConvertFiles(ctx, c.input, given, c.entityTLP)
		return finish(ctx, err, progress, summary, stderr, log)
	}

	var (
		client   *passivetotal.Client // nil for Graph, which has no quota to report
		closeSim func()
	)
	if c.backend == backend.Graph {
		gc, closeGraph, err := backend.NewGraphClient(c.graph, log, append([]mdti.Option{mdti.WithObserver(m)}, h.graphClient...)...)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return cli.ExitConfig
		}
		closeSim = closeGraph
		en.Backend = backend.NewGraph(gc, log)
	} else {
		client, closeSim, err = newClient(c, log, append([]passivetotal.Option{passivetotal.WithObserver(m)}, h.client...)...)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return cli.ExitConfig
		}
		en.Backend = backend.NewPassiveTotal(client, log)
	}
	defer closeSim()
	if c.connector {
		code := runConnector(ctx, c, en, m, log, stderr, h)
		cli.ReportQuota(context.WithoutCancel(ctx), client, summary, log)
		if t := summary.Totals(); t.QuotaKnown {
			m.SetQuota(t.Remaining, t.Limit)
		}
		progress.Clear()
		summary.Print(stderr)
		return code
	}

	list, closeList, err := entityList(c, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "config: -entities: %v\n", err)
		return cli.ExitConfig
	}
	defer closeList()
	err = en.Run(ctx, list, c.concurrency)
	cli.ReportQuota(context.WithoutCancel(ctx), client, summary, log)
	return finish(ctx, err, progress, summary, stderr, log)
}

// finish prints the summary and turns the run's error into an exit code.
func finish(ctx context.Context, err error, progress *cli.Progress, summary *cli.Summary, stderr io.Writer, log *slog.Logger) int {
	progress.Clear()
	summary.Print(stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		log.Info("stopped by signal")
		return 0
	case errors.Is(err, passivetotal.ErrQuotaExceeded):
		var qe *passivetotal.QuotaExceededError
		next := "unknown"
		if errors.As(err, &qe) && !qe.NextReset.IsZero() {
			next = qe.NextReset.Format(time.RFC3339)
		}
		log.Error("search quota exhausted; enrichment stopped", "next_reset", next, "error", err)
	default:
		log.Error("enrichment finished with errors", "error", err)
	}
	return cli.ExitFailure
}

// newClient returns the API client (the in-process simulator's with -demo) with the
// quota guard on.
func newClient(c *config, log *slog.Logger, extra ...passivetotal.Option) (*passivetotal.Client, func(), error) {
	closeFn := func() {}
	user, key, base := c.user, c.key, c.baseURL
	if c.demo {
		sim := pttest.Start(pttest.Config{Epoch: time.Now().UTC().Truncate(24 * time.Hour)})
		closeFn = sim.Close
		user, key, base = pttest.DefaultUsername, pttest.DefaultAPIKey, sim.BaseURL()
		log.Info("demo mode: built-in PassiveTotal simulator", "base_url", base)
	}
	opts := []passivetotal.Option{passivetotal.WithLogger(log), passivetotal.WithQuotaGuard(0)}
	if base != "" {
		opts = append(opts, passivetotal.WithBaseURL(base))
	}
	if c.insecure {
		opts = append(opts, passivetotal.WithInsecureHTTP())
	}
	client, err := passivetotal.NewClient(user, key, append(opts, extra...)...)
	if err != nil {
		closeFn()
		return nil, nil, &cli.ConfigError{Setting: cmp.Or(c.baseFrom, cli.SetBaseURL.Names()), Msg: err.Error()}
	}
	return client, closeFn, nil
}
