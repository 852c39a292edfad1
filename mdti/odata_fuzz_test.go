package mdti

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzCheckNextLink: a link the client accepts stays on the base URL's
// scheme, host and path, and carries neither credentials nor a fragment.
func FuzzCheckNextLink(f *testing.F) {
	f.Add("https://graph.microsoft.com/v1.0/security/threatIntelligence/hosts/contoso.com/passiveDns?$count=true&$top=100&$skip=100")
	f.Add("https://evil.example/v1.0/security/threatIntelligence/articles?$skip=5")
	f.Add("https://graph.microsoft.com/v1.0/security/threatIntelligence/../../me")
	f.Add("https://user:pw@graph.microsoft.com/v1.0/security/threatIntelligence/articles")
	f.Add("/v1.0/security/threatIntelligence/articles?$skip=5")
	f.Add("https://graph.microsoft.com/v1.0/security/threatIntelligence/articles#frag")
	base, err := url.Parse("https://graph.microsoft.com/v1.0/security/threatIntelligence")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, link string) {
		seen := map[string]bool{}
		u, err := checkNextLink(base, link, seen)
		if err != nil {
			if _, again := checkNextLink(base, link, map[string]bool{}); again == nil {
				t.Fatalf("refused then accepted: %q", link)
			}
			return
		}
		if !strings.EqualFold(u.Host, base.Host) || !strings.EqualFold(u.Scheme, base.Scheme) || u.User != nil || u.Fragment != "" {
			t.Fatalf("accepted %q: %#v", link, u)
		}
		if p := u.EscapedPath(); p != base.Path && !strings.HasPrefix(p, base.Path+"/") {
			t.Fatalf("accepted %q outside the base path", link)
		}
		if _, err := checkNextLink(base, link, seen); err == nil {
			t.Fatalf("the same link accepted twice: %q", link)
		}
	})
}
