package mdtitest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

func token(t *testing.T, sim *mdtitest.Server, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := sim.Client().PostForm(strings.ReplaceAll(sim.TokenURL(), "{tenant}", sim.Config().TenantID), form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

func get(t *testing.T, sim *mdtitest.Server, path, tok string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, sim.BaseURL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := sim.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

func goodForm(cfg mdtitest.Config) url.Values {
	return url.Values{"grant_type": {"client_credentials"}, "client_id": {cfg.ClientID},
		"client_secret": {cfg.ClientSecret}, "scope": {"https://graph.microsoft.com/.default"}}
}

func TestTokenEndpoint(t *testing.T) {
	t.Parallel()
	sim := mdtitest.StartTB(t, mdtitest.Config{})
	cfg := sim.Config()
	tests := []struct {
		name   string
		change func(url.Values)
		status int
		code   string
		aadsts string
	}{
		{"good", func(url.Values) {}, 200, "", ""},
		{"wrong secret", func(f url.Values) { f.Set("client_secret", "x") }, 401, "invalid_client", "AADSTS7000215"},
		{"unknown client", func(f url.Values) { f.Set("client_id", "x") }, 400, "unauthorized_client", "AADSTS700016"},
		{"bad scope", func(f url.Values) { f.Set("scope", "https://graph.microsoft.com/User.Read") }, 400, "invalid_scope", "AADSTS1002012"},
		{"bad grant", func(f url.Values) { f.Set("grant_type", "password") }, 400, "unsupported_grant_type", "AADSTS70003"},
	}
	for _, tt := range tests {
		f := goodForm(cfg)
		tt.change(f)
		status, body := token(t, sim, f)
		if status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, status, tt.status)
		}
		if tt.code == "" {
			if tok, _ := body["access_token"].(string); tok == "" || body["token_type"] != "Bearer" {
				t.Errorf("%s: body %v", tt.name, body)
			}
			continue
		}
		desc, _ := body["error_description"].(string)
		if body["error"] != tt.code || !strings.HasPrefix(desc, tt.aadsts+":") {
			t.Errorf("%s: body %v", tt.name, body)
		}
	}
}

// TestPagingAndDeterminism: the pages of a listing hold every item once,
// and the same request gets the same bytes from two simulators.
func TestPagingAndDeterminism(t *testing.T) {
	t.Parallel()
	a := mdtitest.StartTB(t, mdtitest.Config{Articles: 11, PageSize: 4})
	b := mdtitest.StartTB(t, mdtitest.Config{Articles: 11, PageSize: 4})
	_, ta := token(t, a, goodForm(a.Config()))
	_, tb := token(t, b, goodForm(b.Config()))
	seen := map[string]bool{}
	path := "/articles?$count=true"
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		sa, ba := get(t, a, path, ta["access_token"].(string))
		_, bb := get(t, b, path, tb["access_token"].(string))
		if sa != 200 {
			t.Fatalf("%s: %d %s", path, sa, ba)
		}
		if !bytes.Equal(bytes.ReplaceAll(ba, []byte(a.URL), nil), bytes.ReplaceAll(bb, []byte(b.URL), nil)) {
			t.Errorf("%s: the two simulators differ", path)
		}
		var page struct {
			Value []struct {
				ID string `json:"id"`
			} `json:"value"`
			Next  string `json:"@odata.nextLink"`
			Count int    `json:"@odata.count"`
		}
		if err := json.Unmarshal(ba, &page); err != nil {
			t.Fatal(err)
		}
		if page.Count != 11 {
			t.Errorf("@odata.count %d", page.Count)
		}
		for _, v := range page.Value {
			if seen[v.ID] {
				t.Errorf("article %s on two pages", v.ID)
			}
			seen[v.ID] = true
		}
		path = strings.TrimPrefix(page.Next, a.BaseURL())
	}
	if len(seen) != 11 {
		t.Errorf("%d articles over the pages, want 11", len(seen))
	}
}

func TestAuthAndErrors(t *testing.T) {
	t.Parallel()
	sim := mdtitest.StartTB(t, mdtitest.Config{})
	_, tok := token(t, sim, goodForm(sim.Config()))
	good := tok["access_token"].(string)
	tests := []struct {
		path, tok string
		status    int
		code      string
	}{
		{"/hosts/contoso.com", "", 401, "InvalidAuthenticationToken"},
		{"/hosts/contoso.com", "forged", 401, "InvalidAuthenticationToken"},
		{"/hosts/nothing.invalid", good, 404, "NotFound"},
		{"/articles/nope", good, 404, "NotFound"},
		{"/articles?$filter=createdDateTime%20ge%202024-01-01", good, 400, "BadRequest"},
		{"/hosts/contoso.com/passiveDns?$filter=bogus", good, 400, "BadRequest"},
		{"/hosts/contoso.com/registrations", good, 404, "BadRequest"},
		{"/hosts/nodata.contoso.com/whois", good, 404, "NotFound"},
		{"/sslCertificates/bm90LWEtY2VydA==", good, 404, "NotFound"},
		{"/whoisRecords/!!/history", good, 404, "NotFound"},
	}
	for _, tt := range tests {
		status, body := get(t, sim, tt.path, tt.tok)
		var e struct {
			Error struct {
				Code string `json:"code"`
			} `json:"error"`
		}
		if err := json.Unmarshal(body, &e); err != nil || status != tt.status || e.Error.Code != tt.code {
			t.Errorf("%s: %d %s, want %d %s", tt.path, status, body, tt.status, tt.code)
		}
	}
	sim.RevokeTokens()
	if status, _ := get(t, sim, "/hosts/contoso.com", good); status != 401 {
		t.Errorf("a revoked token got %d", status)
	}
}
