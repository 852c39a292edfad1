package mdti_test

import (
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

func oauth2ClientCredentials(tokenURL string, cfg mdtitest.Config) *clientcredentials.Config {
	return &clientcredentials.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, TokenURL: tokenURL,
		Scopes: []string{mdti.DefaultScope}, AuthStyle: oauth2.AuthStyleInParams}
}
