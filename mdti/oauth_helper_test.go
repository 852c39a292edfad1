package mdti_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

func oauth2ClientCredentials(tokenURL string, cfg mdtitest.Config) *clientcredentials.Config {
	return &clientcredentials.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, TokenURL: tokenURL,
		Scopes: []string{mdti.DefaultScope}, AuthStyle: oauth2.AuthStyleInParams}
}

// fetchToken gets an access token from the simulator's token endpoint.
func fetchToken(tb testing.TB, sim *mdtitest.Server, cfg mdtitest.Config) string {
	tb.Helper()
	conf := oauth2ClientCredentials(strings.ReplaceAll(sim.TokenURL(), "{tenant}", cfg.TenantID), cfg)
	tok, err := conf.Token(context.WithValue(context.Background(), oauth2.HTTPClient, sim.Client()))
	if err != nil {
		tb.Fatal(err)
	}
	return tok.AccessToken
}
