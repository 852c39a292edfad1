package mapping

import (
	"math"
	"slices"
	"testing"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/stix"
)

func profileTestLinks(t *testing.T) (*ArticleLinks, string, string) {
	t.Helper()
	actor, _ := actorProfile(t)
	v, _ := log4jVulnerability(t)
	var links ArticleLinks
	if err := links.AddProfile(actor, ProfileOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := links.AddVulnerability(v, []mdti.VulnerabilityArticle{{ID: "listed-guid"}}, VulnerabilityOptions{}); err != nil {
		t.Fatal(err)
	}
	isID, _ := stix.IntrusionSetID(stix.PolicyOpenCTI, "Example Tempest")
	vID, _ := stix.VulnerabilityID(stix.PolicyOpenCTI, "CVE-2021-44228")
	return &links, isID, vID
}

func TestLinkArticle(t *testing.T) {
	t.Parallel()
	links, isID, vID := profileTestLinks(t)
	base := passivetotal.Article{
		GUID: "g1", Title: "Weekly roundup", Type: "public",
		PublishedDate: ptTime(t, "2022-01-01 00:00:00"),
		Indicators:    []passivetotal.ArticleIndicatorGroup{{Type: "domain", Source: "public", Values: []string{"a.example"}}},
	}
	tests := []struct {
		name string
		edit func(a *passivetotal.Article)
		want []string // IDs the report must reference besides its indicators
		not  []string
	}{
		{"alias tag", func(a *passivetotal.Article) { a.Tags = []string{" paper HERON "} }, []string{isID}, []string{vID}},
		{"title tag", func(a *passivetotal.Article) { a.Tags = []string{"example tempest"} }, []string{isID}, []string{vID}},
		{"CVE tag replaces the bare vulnerability", func(a *passivetotal.Article) { a.Tags = []string{"cve-2021-44228"} }, []string{vID}, []string{isID}},
		{"CVE in summary", func(a *passivetotal.Article) { a.Summary = "Actors exploit cve-2021-44228 widely." }, []string{vID}, []string{isID}},
		{"listed by the vulnerability", func(a *passivetotal.Article) { a.GUID = "listed-guid" }, []string{vID}, []string{isID}},
		{"nothing named", func(a *passivetotal.Article) { a.Tags = []string{"Tempest"}; a.Summary = "CVE-2021-4422" }, nil, []string{isID, vID}},
		{"both", func(a *passivetotal.Article) { a.Tags = []string{"EXAMPLE-GROUP-1", "CVE-2021-44228"} }, []string{isID, vID}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := base
			tc.edit(&a)
			r, err := Article(a, ArticleOptions{})
			if err != nil {
				t.Fatal(err)
			}
			before := len(r.Objects)
			LinkArticle(r, a, links)
			b := checkResult(t, r)
			report := r.Objects[0].(*stix.Report)
			for _, id := range tc.want {
				if !slices.Contains(report.ObjectRefs, id) {
					t.Errorf("report does not reference %s", id)
				}
				if b.Get(id) == nil {
					t.Errorf("bundle lacks %s", id)
				}
			}
			for _, id := range tc.not {
				if slices.Contains(report.ObjectRefs, id) {
					t.Errorf("report references %s", id)
				}
			}
			if tc.want == nil && len(r.Objects) != before {
				t.Errorf("objects grew from %d to %d with nothing linked", before, len(r.Objects))
			}
			// The vulnerability in the bundle is the full one, once.
			n := 0
			for _, o := range r.Objects {
				if v, ok := o.(*stix.Vulnerability); ok && v.ID == vID {
					n++
					if v.Custom["x_opencti_cvss_base_score"] != 10.0 {
						t.Errorf("linked vulnerability lacks its CVSS score: %v", v.Custom)
					}
				}
			}
			if n > 1 {
				t.Errorf("vulnerability %s appears %d times", vID, n)
			}
		})
	}
}

func TestLinkArticleAuthorAndNoReport(t *testing.T) {
	t.Parallel()
	links, isID, _ := profileTestLinks(t)
	other := &stix.Identity{Name: "Someone Else", IdentityClass: "organization"}
	a := passivetotal.Article{GUID: "g", Title: "T", PublishedDate: ptTime(t, "2022-01-01 00:00:00"), Tags: []string{"Paper Heron"}}
	r, err := Article(a, ArticleOptions{Author: other})
	if err != nil {
		t.Fatal(err)
	}
	LinkArticle(r, a, links)
	checkResult(t, r) // would fail on a created_by_ref naming the profile's author
	for _, o := range r.Objects {
		if is, ok := o.(*stix.IntrusionSet); ok && is.ID == isID && is.CreatedByRef != r.Author.ID {
			t.Errorf("linked intrusion-set created by %s, not the article's author %s", is.CreatedByRef, r.Author.ID)
		}
	}
	// An article without dates maps to no report: linking leaves it alone.
	empty, err := Article(passivetotal.Article{GUID: "x", Tags: []string{"Paper Heron"}}, ArticleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	LinkArticle(empty, passivetotal.Article{GUID: "x", Tags: []string{"Paper Heron"}}, links)
	if len(empty.Objects) != 0 {
		t.Errorf("objects added to a result without report: %d", len(empty.Objects))
	}
	LinkArticle(nil, a, links) // must not panic
	LinkArticle(r, a, nil)
}

func TestArticleLinksRefuse(t *testing.T) {
	t.Parallel()
	var l ArticleLinks
	if err := l.AddProfile(mdti.IntelProfile{Kind: "other", Title: "X"}, ProfileOptions{}); err == nil {
		t.Error("profile of unknown kind accepted")
	}
	if err := l.AddVulnerability(mdti.Vulnerability{}, nil, VulnerabilityOptions{}); err == nil {
		t.Error("vulnerability without ID accepted")
	}
	if err := l.AddProfile(mdti.IntelProfile{Kind: "actor", Title: "X"}, ProfileOptions{PublicTLP: 77}); err == nil {
		t.Error("invalid options accepted")
	}
}

func TestVulnCVSSBadScores(t *testing.T) {
	t.Parallel()
	for _, f := range []float64{math.NaN(), math.Inf(1), -0.5, 10.01} {
		props := map[string]any{}
		vulnCVSSProps(&mdti.CVSSSummary{Score: &f}, true, props)
		if len(props) != 0 {
			t.Errorf("score %v wrote %v", f, props)
		}
	}
}
