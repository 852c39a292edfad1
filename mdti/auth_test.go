package mdti_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
	"golang.org/x/oauth2"
)

// secretForms are the encodings in which a secret could leak.
func secretForms(s string) []string {
	return []string{s, url.QueryEscape(s), base64.StdEncoding.EncodeToString([]byte(s))}
}

func TestTokenErrors(t *testing.T) {
	t.Parallel()
	sim := mdtitest.StartTB(t, mdtitest.Config{})
	cfg := sim.Config()
	tests := []struct {
		name                   string
		tenant, client, secret string
		wantStatus             int
		wantCode, wantAADSTS   string
	}{
		{"wrong secret", cfg.TenantID, cfg.ClientID, "wrong~secret~value", 401, "invalid_client", "AADSTS7000215"},
		{"unknown client", cfg.TenantID, "99999999-0000-0000-0000-000000000000", cfg.ClientSecret, 400, "unauthorized_client", "AADSTS700016"},
		{"unknown tenant", "contoso.onmicrosoft.com", cfg.ClientID, cfg.ClientSecret, 400, "invalid_request", "AADSTS90002"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var logs logBuffer
			var attempts []string
			var mu sync.Mutex
			c, err := mdti.NewClient(mdti.WithBaseURL(sim.BaseURL()), mdti.WithTokenURL(sim.TokenURL()),
				mdti.WithClientCredentials(tt.tenant, tt.client, tt.secret), mdti.WithLogger(logs.logger()),
				mdti.WithObserver(passivetotal.ObserverFunc(func(_ context.Context, a passivetotal.Attempt) {
					mu.Lock()
					attempts = append(attempts, fmt.Sprintf("%+v", a))
					mu.Unlock()
				})))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = c.GetHost(t.Context(), "contoso.com")
			if !errors.Is(err, mdti.ErrUnauthorized) || !errors.Is(err, passivetotal.ErrUnauthorized) {
				t.Fatalf("err = %v, want ErrUnauthorized", err)
			}
			var te *mdti.TokenError
			if !errors.As(err, &te) {
				t.Fatalf("err is %T, want *TokenError", err)
			}
			if te.StatusCode != tt.wantStatus || te.Code != tt.wantCode || te.AADSTS != tt.wantAADSTS {
				t.Errorf("got status %d code %q AADSTS %q; want %d %q %q", te.StatusCode, te.Code, te.AADSTS, tt.wantStatus, tt.wantCode, tt.wantAADSTS)
			}
			seen := err.Error() + fmt.Sprintf("%+v %#v", te, te) + logs.String() + strings.Join(attempts, "\n") + fmt.Sprintf("%v %+v", c, c)
			for _, form := range secretForms(tt.secret) {
				if strings.Contains(seen, form) {
					t.Errorf("the secret appears (as %q) in the error, log or observer report", form)
				}
			}
		})
	}
}

// TestLyingTokenEndpoint: a token endpoint that echoes the secret in its
// error description does not get it repeated.
func TestLyingTokenEndpoint(t *testing.T) {
	t.Parallel()
	sim, c := start(t, mdtitest.Config{Faults: []mdtitest.Fault{{Kind: mdtitest.FaultErrorObject, Endpoint: "/token"}}})
	_, _, err := c.GetHost(t.Context(), "contoso.com")
	if !errors.Is(err, mdti.ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "REDACTED") {
		t.Errorf("the echoed secret should read REDACTED: %v", err)
	}
	for _, form := range secretForms(sim.Config().ClientSecret) {
		if strings.Contains(err.Error(), form) {
			t.Errorf("secret in error: %v", err)
		}
	}
}

// TestExpiredTokenMidRun: Graph refuses a token it had accepted; the client
// fetches a new one and the listing goes on without loss. When the fresh
// token is refused too, the error is a typed ErrUnauthorized.
func TestExpiredTokenMidRun(t *testing.T) {
	t.Parallel()
	var logs logBuffer
	sim, c := start(t, mdtitest.Config{PageSize: 5, Faults: []mdtitest.Fault{{Kind: mdtitest.FaultExpireToken, Endpoint: "/articles", Every: 3, Times: 1}}}, mdti.WithLogger(logs.logger()))
	n := 0
	for _, err := range c.ListArticles(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != sim.Config().Articles {
		t.Errorf("read %d articles, want %d", n, sim.Config().Articles)
	}
	if got := sim.TokensIssued(); got != 2 {
		t.Errorf("tokens issued = %d, want 2 (one refresh)", got)
	}

	sim.AddFault(mdtitest.Fault{Kind: mdtitest.FaultExpireToken, Endpoint: "/hosts"})
	_, resp, err := c.GetHost(t.Context(), "contoso.com")
	if !errors.Is(err, mdti.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	var er *mdti.ErrorResponse
	if !errors.As(err, &er) || er.ErrorCode != "InvalidAuthenticationToken" || er.Attempts != 2 {
		t.Errorf("got %+v (resp %v), want InvalidAuthenticationToken after 2 attempts", er, resp)
	}
	if len(sim.Tokens()) != 3 {
		t.Errorf("tokens issued = %d, want 3", len(sim.Tokens()))
	}
	for _, tok := range sim.Tokens() {
		if strings.Contains(err.Error(), tok) || strings.Contains(fmt.Sprintf("%+v", er), tok) || strings.Contains(logs.String(), tok) {
			t.Error("a token appears in the error")
		}
	}
}

// countingSource is a TokenSource that counts its calls.
type countingSource struct {
	calls  atomic.Int32
	tok    string
	expiry time.Duration // from now; zero: no expiry
}

func (s *countingSource) Token() (*oauth2.Token, error) {
	s.calls.Add(1)
	t := &oauth2.Token{AccessToken: s.tok, TokenType: "Bearer"}
	if s.expiry != 0 {
		t.Expiry = time.Now().Add(s.expiry)
	}
	return t, nil
}

// TestWithTokenSource: a caller's source is used and cached: many
// concurrent calls ask it once.
func TestWithTokenSource(t *testing.T) {
	t.Parallel()
	sim := mdtitest.StartTB(t, mdtitest.Config{})
	// Take a real token from the simulator through a client-credentials
	// client, then hand it to a second client as a static source.
	cfg := sim.Config()
	src := &countingSource{tok: issueToken(t, sim, cfg)}
	c, err := mdti.NewClient(mdti.WithBaseURL(sim.BaseURL()), mdti.WithTokenSource(src))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			_, _, err := c.GetHost(context.Background(), "contoso.com")
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := src.calls.Load(); got != 1 {
		t.Errorf("token source called %d times, want 1", got)
	}

	// A token about to expire (within oauth2's 10 s margin) is refreshed
	// before each call; one valid for an hour is not.
	for _, tt := range []struct {
		expiry time.Duration
		want   int32
	}{{5 * time.Second, 3}, {time.Hour, 1}} {
		src := &countingSource{tok: src.tok, expiry: tt.expiry}
		c, err := mdti.NewClient(mdti.WithBaseURL(sim.BaseURL()), mdti.WithTokenSource(src))
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, _, err := c.GetHost(t.Context(), "contoso.com"); err != nil {
				t.Fatal(err)
			}
		}
		if got := src.calls.Load(); got != tt.want {
			t.Errorf("expiry in %v: token source called %d times for 3 calls, want %d", tt.expiry, got, tt.want)
		}
	}
}

// TestObserverLabels: attempts are labelled with Graph's routes, never a
// host name, and carry no token.
func TestObserverLabels(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	labels := map[string]int{}
	var texts strings.Builder
	obs := mdti.Observer(passivetotal.ObserverFunc(func(_ context.Context, a passivetotal.Attempt) {
		mu.Lock()
		defer mu.Unlock()
		labels[a.Endpoint]++
		fmt.Fprintf(&texts, "%+v\n", a)
	}))
	sim, c := start(t, mdtitest.Config{Articles: 2, PageSize: 3,
		Faults: []mdtitest.Fault{{Kind: mdtitest.FaultThrottle, RetryAfter: "0", Endpoint: "/hosts", Times: 1}}}, mdti.WithObserver(obs))
	ctx := t.Context()
	for _, err := range c.PassiveDNS(ctx, "records-4.example.com", nil) {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, err := range c.PassiveDNSReverse(ctx, "192.0.2.1", nil) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := c.GetHost(ctx, "contoso.com"); err != nil {
		t.Fatal(err)
	}
	for a, err := range c.ListArticles(ctx, &mdti.ArticleListOptions{Indicators: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.GetArticle(ctx, a.GUID); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, want := range []string{"/hosts/{id}/passiveDns", "/hosts/{id}/passiveDnsReverse", "/hosts/{id}", "/articles", "/articles/{id}", "/articles/{id}/indicators"} {
		if labels[want] == 0 {
			t.Errorf("no attempt labelled %s; labels %v", want, labels)
		}
	}
	if labels["/hosts/{id}/passiveDns"] != 3 { // a throttled attempt, its retry, the second page
		t.Errorf("%d passiveDns attempts, want 3", labels["/hosts/{id}/passiveDns"])
	}
	for _, tok := range sim.Tokens() {
		if strings.Contains(texts.String(), tok) {
			t.Error("a token appears in an observer report")
		}
	}
}

func issueToken(t *testing.T, sim *mdtitest.Server, cfg mdtitest.Config) string {
	t.Helper()
	conf := oauth2ClientCredentials(strings.ReplaceAll(sim.TokenURL(), "{tenant}", cfg.TenantID), cfg)
	tok, err := conf.Token(context.WithValue(t.Context(), oauth2.HTTPClient, sim.Client()))
	if err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

func TestNewClientRefusals(t *testing.T) {
	t.Parallel()
	creds := mdti.WithClientCredentials("tenant", "client", "secret-value")
	tests := []struct {
		name string
		opts []mdti.Option
		want string
	}{
		{"no credentials", nil, "no credentials"},
		{"plain http to another host", []mdti.Option{creds, mdti.WithBaseURL("http://graph.example.com/v1.0")}, "plain http"},
		{"plain http token URL", []mdti.Option{creds, mdti.WithTokenURL("http://login.example.com/{tenant}/token")}, "plain http"},
		{"credentials in the URL", []mdti.Option{creds, mdti.WithBaseURL("https://u:p@graph.example.com/v1.0")}, "credentials"},
		{"tenant with a slash", []mdti.Option{mdti.WithClientCredentials("a/b", "c", "secret-value")}, "tenant"},
		{"missing secret", []mdti.Option{mdti.WithClientCredentials("a", "c", "")}, "required"},
		{"page budget", []mdti.Option{creds, mdti.WithPageBudget(0)}, "at least 1"},
	}
	for _, tt := range tests {
		_, err := mdti.NewClient(tt.opts...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one saying %q", tt.name, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret-value") {
			t.Errorf("%s: the secret appears in %v", tt.name, err)
		}
	}
	if _, err := mdti.NewClient(creds, mdti.WithBaseURL("http://graph.example.com/v1.0"), mdti.WithInsecureHTTP()); err != nil {
		t.Errorf("WithInsecureHTTP should allow plain http: %v", err)
	}
}

// TestTokenRequestTimeouts: the token request has the attempt timeout of
// Graph calls, and an endpoint that does not answer is a *TokenError that
// says so, without the secret.
func TestTokenRequestTimeouts(t *testing.T) {
	t.Parallel()
	sim, c := start(t, mdtitest.Config{Faults: []mdtitest.Fault{{Kind: mdtitest.FaultSlowHeaders, Endpoint: "/token", Delay: 2 * time.Second}}},
		mdti.WithAttemptTimeout(100*time.Millisecond))
	began := time.Now()
	_, _, err := c.GetHost(t.Context(), "contoso.com")
	var te *mdti.TokenError
	if !errors.As(err, &te) || te.Err == nil || te.StatusCode != 0 {
		t.Fatalf("err = %v, want a *TokenError with a cause and no status", err)
	}
	if errors.Is(err, mdti.ErrUnauthorized) {
		t.Error("a token endpoint that does not answer is not a refusal")
	}
	if took := time.Since(began); took > time.Second {
		t.Errorf("the token request took %v: the attempt timeout did not apply", took)
	}
	if strings.Contains(err.Error(), sim.Config().ClientSecret) {
		t.Error("the secret appears in the error")
	}

	// A refusal of the connection itself.
	dead, err := mdti.NewClient(mdti.WithBaseURL(sim.BaseURL()), mdti.WithTokenURL("http://127.0.0.1:1/{tenant}/token"),
		mdti.WithClientCredentials("t", "c", "s3cret-value"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = dead.GetHost(t.Context(), "contoso.com")
	if !errors.As(err, &te) || te.Err == nil || strings.Contains(err.Error(), "s3cret-value") {
		t.Errorf("err = %v, want a *TokenError with its cause", err)
	}
}
