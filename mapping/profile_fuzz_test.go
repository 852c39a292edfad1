package mapping

import (
	"testing"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/stix"
)

// FuzzMapProfile maps a profile and an indicator built from fuzzed strings
// under every option and asserts that nothing panics, the bundle validates
// (every object on its own, no dangling reference, every pattern parses)
// and every skip says what and why. Seeds live in testdata/fuzz/FuzzMapProfile.
func FuzzMapProfile(f *testing.F) {
	f.Add("Example Tempest", "actor", "EX-1", "Ukraine", "RU", "hostname", "", "login-example.net", "microsoft", "## *x*", "markdown", int64(1651532960), int64(1654041600))
	f.Add("ExampleLoader", "tool", "", "Healthcare", "Korea (North)", "unclassifiedArtifact", "url", "http://x/'\\", "public", "<p>a</p>", "html", int64(0), int64(-1))
	f.Fuzz(func(t *testing.T, title, kind, alias, target, origin, artType, artKind, value, source, content, format string, first, last int64) {
		seen := func(sec int64) passivetotal.Time {
			return passivetotal.NewTime(time.Unix(sec%253402300799, 0))
		}
		p := mdti.IntelProfile{
			ID: value, Kind: kind, Title: title, Aliases: []string{alias, title, value},
			Summary:     mdti.FormattedText{Content: content, Format: format},
			Tradecraft:  mdti.FormattedText{Content: value, Format: format},
			FirstActive: seen(first), Targets: []string{target, origin, value},
			Origins: []mdti.ProfileOrigin{{Code: origin, Label: target}, {Label: origin}},
		}
		inds := []mdti.IntelProfileIndicator{
			{ID: "1", Source: source, FirstSeen: seen(first), LastSeen: seen(last), Artifact: mdti.ProfileArtifact{Type: artType, Kind: artKind, ID: value, Value: value}},
			{ID: "2", Source: source, FirstSeen: seen(last), Artifact: mdti.ProfileArtifact{Type: "hostname", ID: value}},
			{ID: "3", Source: "public", Artifact: mdti.ProfileArtifact{Type: "unclassifiedArtifact", Kind: artKind, Value: title}},
		}
		for _, opts := range []ProfileOptions{{}, {ThreatActor: true, Tool: true, NoObservables: true, Policy: stix.PolicyLegacy}} {
			r, err := Profile(p, inds, opts)
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, r)
		}
	})
}

// FuzzMapVulnerability maps a vulnerability built from fuzzed strings and
// asserts the same properties. Seeds live in testdata/fuzz/FuzzMapVulnerability.
func FuzzMapVulnerability(f *testing.F) {
	f.Add("CVE-2021-44228", "CWE-20", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "AV:N/AC:M/Au:N/C:C/I:C/A:C", "https://x.example/a", "Example Lib 1.0", "**d**", 9.8)
	f.Add("", "cwe-x", "CVSS:3.0/", "(", "javascript:x", "", "", -1.0)
	f.Fuzz(func(t *testing.T, id, cwe, v3, v2, link, component, desc string, score float64) {
		v := mdti.Vulnerability{
			ID: id, CWEIDs: []string{cwe, id}, Description: mdti.FormattedText{Content: desc, Format: "markdown"},
			CVSS3:    &mdti.CVSSSummary{Score: &score, Severity: desc, VectorString: v3},
			CVSS2:    &mdti.CVSSSummary{VectorString: v2},
			Exploits: []mdti.Hyperlink{{Name: desc, URL: link}}, References: []mdti.Hyperlink{{URL: id}},
		}
		r, err := Vulnerability(v, []mdti.VulnerabilityComponent{{ID: "c", Name: component}, {Name: id}}, VulnerabilityOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, r)
	})
}

// FuzzLinkArticle links an article with fuzzed tags and text to a profile
// and a vulnerability named by fuzzed strings; the linked result must stay
// a valid, complete bundle. Seeds live in testdata/fuzz/FuzzLinkArticle.
func FuzzLinkArticle(f *testing.F) {
	f.Add("Example Tempest", "CVE-2021-44228", "EX-1", "see CVE-2021-44228", "guid")
	f.Fuzz(func(t *testing.T, title, cve, tag, summary, guid string) {
		var links ArticleLinks
		_ = links.AddProfile(mdti.IntelProfile{Kind: "actor", Title: title, Aliases: []string{tag}}, ProfileOptions{})
		_ = links.AddVulnerability(mdti.Vulnerability{ID: cve}, []mdti.VulnerabilityArticle{{ID: guid}}, VulnerabilityOptions{})
		a := passivetotal.Article{
			GUID: guid, Title: title, Summary: summary, Tags: []string{tag, cve, title},
			PublishedDate: passivetotal.NewTime(time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)),
		}
		r, err := Article(a, ArticleOptions{})
		if err != nil {
			t.Fatal(err)
		}
		LinkArticle(r, a, &links)
		if len(r.Objects) > 0 {
			checkResult(t, r)
		}
	})
}
