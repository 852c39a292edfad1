package main

import (
	"context"
	"fmt"
	"io"
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
	cfg.Seed = seed(r)
	cfg.Epoch = epoch(r, time.Now())
	var sim *mdtitest.Server
	b := backend{
		build: func() http.Handler { sim = mdtitest.New(cfg); return sim },
	}
	b.started = func(stdout io.Writer, root string) string {
		base, eff := root+mdtitest.BasePath, sim.Config()
		fmt.Fprintf(stdout, "Microsoft Graph threat-intelligence simulator on %s\n", base)
		fmt.Fprintf(stdout, "  token endpoint: %s/{tenant}/oauth2/v2.0/token\n", root)
		fmt.Fprintf(stdout, "  tenant: %s\n  client: %s\n  secret: %s (the demo secret)\n", eff.TenantID, eff.ClientID, eff.ClientSecret)
		fmt.Fprintf(stdout, "  data: seed %d, %d articles, newest %s\n", eff.Seed, eff.Articles, eff.Epoch.Format(time.DateOnly))
		fmt.Fprintf(stdout, "  try:  MDTI_BASE_URL=%s MDTI_TOKEN_URL='%s/{tenant}/oauth2/v2.0/token' MDTI_TENANT_ID=%s MDTI_CLIENT_ID=%s MDTI_CLIENT_SECRET='%s' go run ./enrich -entity domain-name:contoso.com -out -\n",
			base, root, eff.TenantID, eff.ClientID, eff.ClientSecret)
		return base
	}
	b.stopped = func() []any { return []any{"requests", len(sim.Requests()), "tokens_issued", sim.TokensIssued()} }
	return serve(ctx, r, b, stdout, stderr, ready)
}
