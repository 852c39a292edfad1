package mapping_test

import (
	"fmt"
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
)

// A Graph intelligence profile of kind actor becomes an intrusion-set with
// its origin and targets; each indicator an indicator, its observable and
// the relationships between them.
func ExampleProfileBundle() {
	profile, err := mdti.DecodeIntelProfile(strings.NewReader(`{"id": "p1", "kind": "actor",
	  "title": "Example Tempest", "aliases": ["EX-1"], "firstActiveDateTime": "2019-06-01T00:00:00Z",
	  "countriesOrRegionsOfOrigin": [{"code": "RU", "label": "Russia"}],
	  "targets": ["Financial Services: Banking"],
	  "summary": {"content": "A **financially motivated** group.", "format": "markdown"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	page, err := mdti.DecodeIntelProfileIndicators(strings.NewReader(`{"value": [
	  {"id": "i1", "source": "microsoft", "firstSeenDateTime": "2022-05-02T23:09:20Z",
	   "artifact": {"@odata.type": "#microsoft.graph.security.hostname", "id": "login-example.net"}},
	  {"id": "i2", "source": "osint", "artifact": {"@odata.type": "#microsoft.graph.security.hostCookie", "id": "c1"}}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, skips, err := mapping.ProfileBundle(*profile, page.Indicators, mapping.ProfileOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range b.Objects {
		fmt.Println(o.Type())
	}
	for _, s := range skips {
		fmt.Println("skipped:", s)
	}
	// Output:
	// identity
	// marking-definition
	// intrusion-set
	// location
	// relationship
	// identity
	// relationship
	// indicator
	// domain-name
	// relationship
	// relationship
	// skipped: indicator hostCookie "c1": unsupported artifact type "hostCookie"
}

// An article tagged with a profile's alias references the profile's
// object; one naming a CVE the full vulnerability.
func ExampleLinkArticle() {
	var links mapping.ArticleLinks
	_ = links.AddProfile(mdti.IntelProfile{ID: "p1", Kind: "actor", Title: "Example Tempest", Aliases: []string{"EX-1"}}, mapping.ProfileOptions{})
	_ = links.AddVulnerability(mdti.Vulnerability{ID: "CVE-2021-44228"}, nil, mapping.VulnerabilityOptions{})
	a, err := passivetotal.DecodeArticle(strings.NewReader(`{"guid": "g1", "title": "EX-1 exploits CVE-2021-44228",
	  "publishedDate": "2022-01-01T00:00:00Z", "tags": ["ex-1"]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := mapping.Article(*a, mapping.ArticleOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	mapping.LinkArticle(r, *a, &links)
	for _, o := range r.Objects[1:] {
		fmt.Println(o.Type())
	}
	// Output:
	// intrusion-set
	// vulnerability
}
