package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/pttest"
)

// DefaultAddr is where the simulator listens by default: loopback only.
const DefaultAddr = "127.0.0.1:8935"

// run parses args and env, serves until ctx is done and returns the exit code. ready,
// when not nil, receives the base URL once the listener is up (for tests).
func run(ctx context.Context, args []string, env cli.LookupEnv, stdout, stderr io.Writer, ready func(baseURL string)) int {
	fs := flag.NewFlagSet("simulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: simulator [flags]\n\nServes a simulated PassiveTotal v2 API (see README.md).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.String("addr", DefaultAddr, "listen `address` (PTSIM_ADDR)")
	fs.String("user", "", "accepted API user (PASSIVETOTAL_USERNAME, RISKIQ_USERNAME, RISKIQ_USER); default "+pttest.DefaultUsername)
	fs.String("api-key", "", "accepted API key (PASSIVETOTAL_API_KEY, RISKIQ_API_KEY, RISKIQ_PASSWORD); default the demo key")
	fs.Bool("no-auth", false, "accept any request, with or without credentials")
	fs.Uint64("seed", 0, "data set `seed`: the same seed gives the same answers (PTSIM_SEED)")
	fs.Int("articles", pttest.DefaultArticles, "number of articles (PTSIM_ARTICLES)")
	fs.Int("articles-page-size", pttest.DefaultArticlesPageSize, "articles per page of GET /articles")
	fs.Int("dns-page-size", 0, "split passive DNS answers into pages of this size (0: one piece, as the real service)")
	fs.Int("quota", pttest.DefaultQuotaLimit, "searches allowed per month for the user (PTSIM_QUOTA)")
	fs.Int("quota-used", 0, "searches already spent at start")
	fs.String("epoch", "today", "reference `date` of the data: the newest article and passive DNS record (YYYY-MM-DD or today)")
	fs.String("latency", "0s", "delay added before every answer (e.g. 200ms)")
	fs.String("log-level", "info", "log level: debug logs every request (CONNECTOR_LOG_LEVEL)")
	fs.Bool("log-json", false, "logs as JSON lines (CONNECTOR_LOG_JSON)")
	fs.String("backend", "passivetotal", "`graph` serves a Microsoft Graph threat-intelligence simulator with its token endpoint instead (-addr, -seed, -articles, -epoch apply)")
	if err := cli.ParseFlags(fs, args, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, err)
		return cli.ExitConfig
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "config: unexpected argument %q\n", fs.Arg(0))
		return cli.ExitConfig
	}
	r := cli.NewResolver(fs, env)
	if r.Choice(cli.Setting{Flag: "backend"}, "passivetotal", "passivetotal", "graph") == "graph" {
		return runGraph(ctx, r, stdout, stderr, ready)
	}
	cfg := pttest.Config{
		Username:         r.String(cli.Setting{Flag: "user", Env: cli.Both("USERNAME", "USER")}, ""),
		APIKey:           r.String(cli.Setting{Flag: "api-key", Env: cli.Both("API_KEY", "PASSWORD")}, ""),
		NoAuth:           r.Bool(cli.Setting{Flag: "no-auth"}, false),
		Articles:         r.Int(cli.Setting{Flag: "articles", Env: []string{"PTSIM_ARTICLES"}}, pttest.DefaultArticles, 0, 1_000_000),
		ArticlesPageSize: r.Int(cli.Setting{Flag: "articles-page-size"}, pttest.DefaultArticlesPageSize, 1, 10_000),
		DNSPageSize:      r.Int(cli.Setting{Flag: "dns-page-size"}, 0, 0, 1_000_000),
		QuotaLimit:       r.Int(cli.Setting{Flag: "quota", Env: []string{"PTSIM_QUOTA"}}, pttest.DefaultQuotaLimit, 0, 1<<30),
		QuotaUsed:        r.Int(cli.Setting{Flag: "quota-used"}, 0, 0, 1<<30),
		Latency:          r.Duration(cli.Setting{Flag: "latency"}, 0, 0),
	}
	if cfg.Articles == 0 {
		cfg.Articles = -1 // pttest: negative means none
	}
	if cfg.QuotaLimit == 0 {
		cfg.QuotaLimit = -1
	}
	cfg.Seed = seed(r)
	if (cfg.Username == "") != (cfg.APIKey == "") && !cfg.NoAuth {
		r.Fail("-user and -api-key", "give both or neither (neither: the demo credentials)")
	}
	cfg.Epoch = epoch(r, time.Now())
	var sim *pttest.Server
	b := backend{
		build: func() http.Handler { sim = pttest.New(cfg); return sim },
	}
	b.started = func(stdout io.Writer, root string) string {
		eff := sim.Config()
		fmt.Fprintf(stdout, "PassiveTotal simulator on %s%s (also %s/v2)\n", root, eff.BasePaths[0], root)
		switch {
		case eff.NoAuth:
			fmt.Fprintln(stdout, "  credentials: any (-no-auth)")
		case cfg.Username == "":
			fmt.Fprintf(stdout, "  user: %s\n  API key: %s (the demo key)\n", pttest.DefaultUsername, pttest.DefaultAPIKey)
		default:
			fmt.Fprintf(stdout, "  user: %s\n  API key: (as configured)\n", eff.Username)
		}
		fmt.Fprintf(stdout, "  data: seed %d, %d articles, newest %s; quota %d searches\n", eff.Seed, max(eff.Articles, 0), eff.Epoch.Format(time.DateOnly), eff.QuotaLimit)
		if !eff.NoAuth && cfg.Username == "" {
			fmt.Fprintf(stdout, "  try:  PASSIVETOTAL_BASE_URL=%s%s PASSIVETOTAL_USERNAME=%s PASSIVETOTAL_API_KEY=%s go run ./enrich -entity domain-name:example.com -out -\n",
				root, eff.BasePaths[0], pttest.DefaultUsername, pttest.DefaultAPIKey)
		}
		return root + eff.BasePaths[0]
	}
	b.stopped = func() []any {
		used, limit := sim.Quota()
		return []any{"searches_used", used, "quota", limit}
	}
	return serve(ctx, r, b, stdout, stderr, ready)
}

// epoch reads -epoch: "today" (UTC midnight of now), or a date.
func epoch(r *cli.Resolver, now time.Time) time.Time {
	s := cli.Setting{Flag: "epoch", Env: []string{"PTSIM_EPOCH"}}
	v, from, _ := r.Lookup(s)
	if v == "" || v == "today" {
		return now.UTC().Truncate(24 * time.Hour)
	}
	t, err := cli.ParseTime(v)
	if err != nil {
		r.Fail(from, "%v", err)
	}
	return t
}
