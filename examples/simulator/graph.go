package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

// runGraph serves the Microsoft Graph simulator (mdtitest) until ctx is
// done: the threat-intelligence API under /v1.0/security/threatIntelligence
// and the Entra ID token endpoint, with the demo credentials.
func runGraph(ctx context.Context, r *cli.Resolver, stdout, stderr io.Writer, ready func(baseURL string)) int {
	cfg := mdtitest.Config{
		Articles: r.Int(cli.Setting{Flag: "articles", Env: []string{"PTSIM_ARTICLES"}}, 40, 1, 1_000_000),
	}
	seedS := cli.Setting{Flag: "seed", Env: []string{"PTSIM_SEED"}}
	if v, from, ok := r.Lookup(seedS); ok {
		if _, err := fmt.Sscan(v, &cfg.Seed); err != nil {
			r.Fail(from, "%q is not a seed (want a whole number)", v)
		}
	}
	cfg.Epoch = epoch(r, time.Now())
	addr := r.String(cli.Setting{Flag: "addr", Env: []string{"PTSIM_ADDR"}}, DefaultAddr)
	level, js := cli.LogSettings(r)
	if err := r.Err(); err != nil {
		fmt.Fprintln(stderr, err)
		return cli.ExitConfig
	}
	log := cli.NewLogger(stderr, level, js)
	sim := mdtitest.New(cfg)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "config: -addr: %v\n", err)
		return cli.ExitConfig
	}
	srv := &http.Server{Handler: logRequests(log, sim), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	root := "http://" + ln.Addr().String()
	base, eff := root+mdtitest.BasePath, sim.Config()
	fmt.Fprintf(stdout, "Microsoft Graph threat-intelligence simulator on %s\n", base)
	fmt.Fprintf(stdout, "  token endpoint: %s/{tenant}/oauth2/v2.0/token\n", root)
	fmt.Fprintf(stdout, "  tenant: %s\n  client: %s\n  secret: %s (the demo secret)\n", eff.TenantID, eff.ClientID, eff.ClientSecret)
	fmt.Fprintf(stdout, "  data: seed %d, %d articles, newest %s\n", eff.Seed, eff.Articles, eff.Epoch.Format(time.DateOnly))
	fmt.Fprintf(stdout, "  try:  MDTI_BASE_URL=%s MDTI_TOKEN_URL='%s/{tenant}/oauth2/v2.0/token' MDTI_TENANT_ID=%s MDTI_CLIENT_ID=%s MDTI_CLIENT_SECRET='%s' go run ./enrich -entity domain-name:contoso.com -out -\n",
		base, root, eff.TenantID, eff.ClientID, eff.ClientSecret)
	if ready != nil {
		ready(base)
	}
	select {
	case err := <-done:
		log.Error("simulator stopped", "error", err)
		return cli.ExitFailure
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("shutdown", "error", err)
	}
	log.Info("simulator stopped", "requests", len(sim.Requests()), "tokens_issued", sim.TokensIssued())
	return 0
}
