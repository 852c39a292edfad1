package mapping_test

import (
	"fmt"
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/stix"
)

// An article becomes a report, indicators, observables and based-on
// relationships; a MITRE tag becomes an attack pattern. The Legacy policy
// gives the IDs the retired OpenCTI connector produced for this article.
func ExampleArticleBundle() {
	body := `{"guid": "e86878b1", "title": "Spam Farm Spotted in the Wild",
	  "publishedDate": "2021-03-05T08:00:00.000+0000", "createdDate": "2021-03-05T09:12:44.000+0000",
	  "link": "https://community.riskiq.com/article/e86878b1",
	  "tags": ["spam", "T1566.002 - Spearphishing Link"],
	  "indicators": [
	    {"type": "domain", "values": ["Evil.Example.com."], "source": "public"},
	    {"type": "url", "values": ["https://example.com/evil.php"], "source": "riskiq"},
	    {"type": "wildcard", "values": ["*.example.com"], "source": "public"}]}`
	a, err := passivetotal.DecodeArticle(strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, skips, err := mapping.ArticleBundle(*a, mapping.ArticleOptions{Policy: stix.PolicyLegacy})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range b.Objects {
		fmt.Println(o.StixID())
	}
	for _, s := range skips {
		fmt.Println("skipped:", s)
	}
	// Output:
	// identity--12206468-7cbe-566d-a9b5-c7b23a2e8818
	// marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9
	// marking-definition--f88d31f6-486f-44da-b317-01333bde0b82
	// report--06f7f4d5-6ebb-5588-ac3d-a2f98d46c36f
	// attack-pattern--c99ef9d2-e161-5107-a6aa-4f3a05f1ad11
	// indicator--251b41b7-1baf-527e-a251-5821a471dd65
	// indicator--c76db3f7-3ffd-5287-9f92-616310e4ea24
	// domain-name--6262c8a9-ac28-50fe-a7df-f5923bb2ee14
	// url--ba69d7d9-eb0d-59d0-8914-44ca30347966
	// relationship--24f3ef24-ba70-5d45-add7-a386b12a4920
	// relationship--0bf4f32a-113f-5bd8-b6c1-c9911e26a4b8
	// skipped: indicator wildcard "*.example.com": unsupported indicator type "wildcard"
}

// A passive DNS answer about a domain becomes observables and
// relationships, most recent first; the TXT record has no mapping and is
// reported, not dropped.
func ExamplePassiveDNSBundle() {
	body := `{"queryValue": "passivetotal.org", "queryType": "domain", "results": [
	  {"firstSeen": "2017-06-14 11:22:21", "lastSeen": "2017-06-23 23:34:35", "value": "passivetotal.org",
	   "source": ["riskiq"], "resolve": "52.52.94.111", "resolveType": "ip", "recordType": "A"},
	  {"firstSeen": "2015-12-29 16:40:00", "lastSeen": "2019-10-05 21:51:41", "value": "passivetotal.org",
	   "source": ["pingly", "riskiq"], "resolve": "NS-218.awsdns-27.com.", "resolveType": "domain", "recordType": "NS"},
	  {"firstSeen": "2015-12-29 16:40:00", "lastSeen": "2019-10-05 21:51:41", "value": "passivetotal.org",
	   "source": ["riskiq"], "resolve": "v=spf1 -all", "resolveType": "text", "recordType": "TXT (SPF1)"}]}`
	answer, err := passivetotal.DecodePassiveDNS(strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	entity := mapping.Entity{Type: stix.TypeDomainName, Value: "passivetotal.org", Markings: []string{stix.TLPAmberID}}
	b, skips, err := mapping.PassiveDNSBundle(entity, answer, mapping.PassiveDNSOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range b.Objects {
		switch v := o.(type) {
		case *stix.Relationship:
			fmt.Println(v.RelationshipType, v.Description, v.StartTime, v.StopTime, v.XPassiveTotalSources, v.ObjectMarkingRefs)
		case *stix.DomainName:
			fmt.Println(v.Type(), v.Value)
		case *stix.IPv4Addr:
			fmt.Println(v.Type(), v.Value)
		default:
			fmt.Println(o.StixID())
		}
	}
	for _, s := range skips {
		fmt.Println("skipped:", s)
	}
	// Output:
	// identity--e3a8eb8d-a5d4-5cb6-b5f3-f10a17ad78a7
	// marking-definition--f88d31f6-486f-44da-b317-01333bde0b82
	// domain-name passivetotal.org
	// domain-name ns-218.awsdns-27.com
	// resolves-to NS record 2015-12-29T16:40:00.000Z 2019-10-05T21:51:41.000Z [pingly riskiq] [marking-definition--f88d31f6-486f-44da-b317-01333bde0b82]
	// ipv4-addr 52.52.94.111
	// resolves-to A record 2017-06-14T11:22:21.000Z 2017-06-23T23:34:35.000Z [riskiq] [marking-definition--f88d31f6-486f-44da-b317-01333bde0b82]
	// skipped: record TXT (SPF1) "v=spf1 -all": unsupported record type "TXT (SPF1)" with resolve type "text"
}
