// Package backend lets the example programs read from either backend: the
// PassiveTotal v2 API (archives, the simulator) or Microsoft Graph's
// threat-intelligence API (live data). It resolves the -backend flag and
// the Graph settings (MDTI_* and AZURE_* variables), builds the Graph
// client (or the built-in Graph simulator under -demo), and adapts either
// client to what the programs read: the importer's Source, and the
// enricher's Backend (passive DNS and the host datasets).
package backend

import (
	"context"
	"flag"
	"fmt"
	"iter"
	"log/slog"
	"slices"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

// The backends -backend names.
const (
	Graph        = "graph"
	PassiveTotal = "passivetotal"
)

// The Graph settings. These names are part of the programs' contract: the
// MDTI_ spelling wins over the Azure SDK's AZURE_ one.
var (
	SetBackend      = cli.Setting{Flag: "backend"}
	SetTenantID     = cli.Env("MDTI_TENANT_ID", "AZURE_TENANT_ID")
	SetClientID     = cli.Env("MDTI_CLIENT_ID", "AZURE_CLIENT_ID")
	SetClientSecret = cli.Env("MDTI_CLIENT_SECRET")
	SetSecretFile   = cli.Env("MDTI_CLIENT_SECRET_FILE")
	SetAzureSecret  = cli.Env("AZURE_CLIENT_SECRET")
	SetGraphBaseURL = cli.Setting{Flag: "base-url", Env: []string{"MDTI_BASE_URL"}}
	SetTokenURL     = cli.Env("MDTI_TOKEN_URL")
)

// AddFlag registers -backend on fs.
func AddFlag(fs *flag.FlagSet) {
	fs.String("backend", "", "`graph` (Microsoft Graph threat intelligence, live) or passivetotal; default graph when MDTI_CLIENT_ID or AZURE_CLIENT_ID is set, else passivetotal")
}

// Choose resolves the backend: -backend when given, else Graph when a Graph
// client ID is set, else PassiveTotal.
func Choose(r *cli.Resolver) string {
	if _, _, ok := r.Lookup(SetBackend); ok {
		return r.Choice(SetBackend, PassiveTotal, Graph, PassiveTotal)
	}
	if _, _, ok := r.Lookup(SetClientID); ok {
		return Graph
	}
	return PassiveTotal
}

// GraphConfig is what the Graph client needs.
type GraphConfig struct {
	Demo                        bool // the built-in Graph simulator, no credentials
	TenantID, ClientID, Secret  string
	BaseURL, TokenURL, BaseFrom string
	Insecure                    bool
}

// String prints the configuration without the secret.
func (c GraphConfig) String() string {
	return fmt.Sprintf("graph{tenant: %s, client: %s, base: %s}", c.TenantID, c.ClientID, c.BaseURL)
}

// ResolveGraph reads the Graph settings, recording on r what is missing.
// Under demo nothing is required.
func ResolveGraph(r *cli.Resolver, demo bool) GraphConfig {
	c := GraphConfig{Demo: demo, Insecure: r.Bool(cli.SetInsecureHTTP, false)}
	if demo {
		return c
	}
	c.TenantID = r.Required(SetTenantID, "Entra ID tenant (directory) ID")
	c.ClientID = r.Required(SetClientID, "client (application) ID of the app registration")
	c.Secret = clientSecret(r)
	c.BaseURL = r.String(SetGraphBaseURL, mdti.DefaultBaseURL)
	if _, from, ok := r.Lookup(SetGraphBaseURL); ok {
		c.BaseFrom = from
	}
	c.TokenURL = r.String(SetTokenURL, mdti.DefaultTokenURL)
	return c
}

// clientSecret reads MDTI_CLIENT_SECRET, the file MDTI_CLIENT_SECRET_FILE names, or
// AZURE_CLIENT_SECRET: the way given in the strongest layer (flag, environment,
// config.yml) wins, in that order within a layer.
func clientSecret(r *cli.Resolver) string {
	if v, from, which, ok := r.LookupAny(SetClientSecret, SetSecretFile, SetAzureSecret); ok {
		if which == 1 {
			return cli.ReadSecretFile(r, from, "client secret", v)
		}
		return v
	}
	r.Fail(SetClientSecret.Names()+", "+SetSecretFile.Names()+" or "+SetAzureSecret.Names(), "missing client secret")
	return ""
}

// NewGraphClient builds the Graph client; under Demo it starts the
// built-in simulator (data up to today) and returns its Close.
func NewGraphClient(c GraphConfig, log *slog.Logger, extra ...mdti.Option) (*mdti.Client, func(), error) {
	closeFn := func() {}
	opts := []mdti.Option{mdti.WithLogger(log)}
	if c.Demo {
		sim := mdtitest.Start(mdtitest.Config{Epoch: time.Now().UTC().Truncate(24 * time.Hour)})
		closeFn = sim.Close
		cfg := sim.Config()
		opts = append(opts, mdti.WithBaseURL(sim.BaseURL()), mdti.WithTokenURL(sim.TokenURL()),
			mdti.WithClientCredentials(cfg.TenantID, cfg.ClientID, cfg.ClientSecret))
		log.Info("demo mode: built-in Microsoft Graph simulator", "base_url", sim.BaseURL())
	} else {
		opts = append(opts, mdti.WithBaseURL(c.BaseURL), mdti.WithTokenURL(c.TokenURL),
			mdti.WithClientCredentials(c.TenantID, c.ClientID, c.Secret))
	}
	if c.Insecure {
		opts = append(opts, mdti.WithInsecureHTTP())
	}
	client, err := mdti.NewClient(append(opts, extra...)...)
	if err != nil {
		closeFn()
		setting := c.BaseFrom
		if setting == "" {
			setting = SetGraphBaseURL.Names() + " or " + SetTokenURL.Names()
		}
		return nil, nil, &cli.ConfigError{Setting: setting, Msg: err.Error()}
	}
	return client, closeFn, nil
}

// ArticleSource reads Graph's articles created on or after since, oldest
// first, each with its indicators: an importer.Source (the backend reads,
// the importer consumes; the type is spelled out so no edge points back). Graph lists articles newest first
// without a date filter, so the new ones are listed first (the walk stops
// at the first older article), then yielded oldest first, their
// indicators fetched one article at a time.
func ArticleSource(c *mdti.Client) func(ctx context.Context, since time.Time) iter.Seq2[passivetotal.Article, error] {
	return func(ctx context.Context, since time.Time) iter.Seq2[passivetotal.Article, error] {
		return func(yield func(passivetotal.Article, error) bool) {
			var list []passivetotal.Article
			for a, err := range c.ListArticles(ctx, &mdti.ArticleListOptions{CreatedAfter: since}) {
				if err != nil {
					yield(passivetotal.Article{}, err)
					return
				}
				list = append(list, a)
			}
			slices.Reverse(list)
			for _, a := range list {
				groups, err := c.ArticleIndicatorGroups(ctx, a.GUID)
				if err != nil {
					yield(passivetotal.Article{}, fmt.Errorf("article %s: indicators: %w", a.GUID, err))
					return
				}
				a.Indicators = groups
				if !yield(a, nil) {
					return
				}
			}
		}
	}
}
