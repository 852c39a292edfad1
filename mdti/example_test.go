package mdti_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
	"golang.org/x/oauth2"
)

// newExampleClient signs in to a Graph simulator with client credentials,
// as a program signs in to Graph with its app registration.
func newExampleClient(sim *mdtitest.Server) *mdti.Client {
	cfg := sim.Config()
	client, err := mdti.NewClient(
		mdti.WithBaseURL(sim.BaseURL()),   // default: https://graph.microsoft.com/v1.0/security/threatIntelligence
		mdti.WithTokenURL(sim.TokenURL()), // default: https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token
		mdti.WithClientCredentials(cfg.TenantID, cfg.ClientID, cfg.ClientSecret),
	)
	if err != nil {
		log.Fatal(err)
	}
	return client
}

func ExampleClient_ListArticles() {
	sim := mdtitest.Start(mdtitest.Config{Articles: 5})
	defer sim.Close()
	client := newExampleClient(sim)

	since := time.Date(2024, 5, 30, 0, 0, 0, 0, time.UTC)
	for a, err := range client.ListArticles(context.Background(), &mdti.ArticleListOptions{CreatedAfter: since, Indicators: true}) {
		if err != nil {
			log.Fatal(err)
		}
		n := 0
		for _, g := range a.Indicators {
			n += g.Count
		}
		fmt.Printf("%s %s: %d indicators\n", a.CreatedDate.Format(time.DateOnly), a.Title, n)
	}
	// Output:
	// 2024-06-01 Emotet activity report #5: 15 indicators
	// 2024-05-31 Qakbot activity report #4: 12 indicators
	// 2024-05-30 Storm-0558 activity report #3: 10 indicators
}

func ExampleClient_PassiveDNS() {
	sim := mdtitest.Start(mdtitest.Config{})
	defer sim.Close()
	client := newExampleClient(sim)

	entity, err := mapping.NewEntity("records-3.example.com")
	if err != nil {
		log.Fatal(err)
	}
	var records []passivetotal.DNSRecord
	for r, err := range client.PassiveDNS(context.Background(), entity.Value, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.RecordType, r.Value, "->", r.Resolve, r.ResolveType)
		records = append(records, r)
	}
	// The same STIX as PassiveTotal records give.
	seq := func(yield func(passivetotal.DNSRecord, error) bool) {
		for _, r := range records {
			if !yield(r, nil) {
				return
			}
		}
	}
	result, err := mapping.PassiveDNSRecords(entity, seq, mapping.PassiveDNSOptions{})
	if err != nil {
		log.Fatal(err)
	}
	types := map[string]int{}
	for _, o := range result.Objects {
		types[o.Type()]++
	}
	fmt.Println(types)
	// Output:
	// A records-3.example.com -> 198.51.100.73 ip
	// AAAA records-3.example.com -> 2001:db8:12da::a14 ip
	// CNAME records-3.example.com -> edge-813.example-cdn.net domain
	// map[domain-name:2 ipv4-addr:1 ipv6-addr:1 relationship:3]
}

func ExampleClient_GetHost() {
	sim := mdtitest.Start(mdtitest.Config{})
	defer sim.Close()
	client := newExampleClient(sim)

	host, resp, err := client.GetHost(context.Background(), "20.103.85.33")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(host.Kind, host.Netblock, host.AutonomousSystem.Value, resp.Attempts)

	_, _, err = client.GetHost(context.Background(), "unknown.invalid")
	fmt.Println(errors.Is(err, mdti.ErrNotFound))
	// Output:
	// ipAddress 20.103.85.0/24 AS64510 1
	// true
}

// azureCredential stands for azidentity's credentials
// (*azidentity.ClientSecretCredential, *azidentity.ManagedIdentityCredential,
// *azidentity.DefaultAzureCredential, ...): their GetToken(ctx, policy.TokenRequestOptions{Scopes: ...})
// returns an azcore.AccessToken{Token, ExpiresOn}. It is declared here so
// this package does not depend on the Azure SDK.
type azureCredential interface {
	GetToken(ctx context.Context, scopes []string) (token string, expiresOn time.Time, err error)
}

// azureTokenSource adapts an Azure credential to oauth2.TokenSource. With
// the real SDK, Token calls
//
//	t, err := cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{mdti.DefaultScope}})
//	return &oauth2.Token{AccessToken: t.Token, TokenType: "Bearer", Expiry: t.ExpiresOn}, err
type azureTokenSource struct {
	ctx  context.Context
	cred azureCredential
}

func (s azureTokenSource) Token() (*oauth2.Token, error) {
	tok, exp, err := s.cred.GetToken(s.ctx, []string{mdti.DefaultScope})
	if err != nil {
		return nil, err
	}
	return &oauth2.Token{AccessToken: tok, TokenType: "Bearer", Expiry: exp}, nil
}

// simulatorCredential plays the Azure credential for the example: it asks
// the simulator's token endpoint, as azidentity asks Entra ID.
type simulatorCredential struct{ sim *mdtitest.Server }

func (c simulatorCredential) GetToken(ctx context.Context, scopes []string) (string, time.Time, error) {
	cfg := c.sim.Config()
	conf := oauth2ClientCredentials(c.sim.URL+"/"+cfg.TenantID+"/oauth2/v2.0/token", cfg)
	t, err := conf.Token(ctx)
	if err != nil {
		return "", time.Time{}, err
	}
	return t.AccessToken, t.Expiry, nil
}

// Azure SDK credentials (azidentity) plug in through WithTokenSource with a
// few lines of adapter, so managed identities and workload identities work
// without this package depending on the Azure SDK.
func ExampleWithTokenSource() {
	sim := mdtitest.Start(mdtitest.Config{})
	defer sim.Close()

	// In a program: cred, err := azidentity.NewDefaultAzureCredential(nil)
	var cred azureCredential = simulatorCredential{sim}
	client, err := mdti.NewClient(
		mdti.WithBaseURL(sim.BaseURL()),
		mdti.WithTokenSource(azureTokenSource{ctx: context.Background(), cred: cred}),
	)
	if err != nil {
		log.Fatal(err)
	}
	host, _, err := client.GetHost(context.Background(), "contoso.com")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(host.Kind, host.Registrar)
	// Output:
	// hostname Example Registrar, Inc.
}

func ExampleTokenError() {
	sim := mdtitest.Start(mdtitest.Config{})
	defer sim.Close()
	cfg := sim.Config()
	client, err := mdti.NewClient(mdti.WithBaseURL(sim.BaseURL()), mdti.WithTokenURL(sim.TokenURL()),
		mdti.WithClientCredentials(cfg.TenantID, cfg.ClientID, "a-wrong-secret"))
	if err != nil {
		log.Fatal(err)
	}
	_, _, err = client.GetHost(context.Background(), "contoso.com")
	var te *mdti.TokenError
	if errors.As(err, &te) {
		fmt.Println(errors.Is(err, mdti.ErrUnauthorized), te.StatusCode, te.Code, te.AADSTS)
	}
	// Output:
	// true 401 invalid_client AADSTS7000215
}
