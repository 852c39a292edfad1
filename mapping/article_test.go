package mapping

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

func simpleArticle(t *testing.T, groups ...passivetotal.ArticleIndicatorGroup) passivetotal.Article {
	return passivetotal.Article{
		GUID: "a1", Title: "T", Type: "public",
		PublishedDate: ptTime(t, "2024-01-02 03:04:05"),
		CreatedDate:   ptTime(t, "2024-01-03 00:00:00"),
		Tags:          []string{"x"},
		Indicators:    groups,
	}
}

func reportOf(t *testing.T, r *Result) *stix.Report {
	t.Helper()
	for _, o := range r.Objects {
		if rep, ok := o.(*stix.Report); ok {
			return rep
		}
	}
	t.Fatal("no report")
	return nil
}

func TestArticleMarkings(t *testing.T) {
	t.Parallel()
	pub := passivetotal.ArticleIndicatorGroup{Type: "domain", Source: "public", Values: []string{"a.example"}}
	priv := passivetotal.ArticleIndicatorGroup{Type: "domain", Source: "riskiq", Values: []string{"b.example"}}
	both := passivetotal.ArticleIndicatorGroup{Type: "domain", Source: "riskiq", Values: []string{"a.example"}}
	tests := []struct {
		name       string
		groups     []passivetotal.ArticleIndicatorGroup
		opts       ArticleOptions
		wantReport string
		wantFirst  string // marking of the first indicator
	}{
		{"all public", []passivetotal.ArticleIndicatorGroup{pub}, ArticleOptions{}, stix.TLPClearID, stix.TLPClearID},
		{"one private", []passivetotal.ArticleIndicatorGroup{pub, priv}, ArticleOptions{}, stix.TLPAmberID, stix.TLPClearID},
		{"same value public and private", []passivetotal.ArticleIndicatorGroup{pub, both}, ArticleOptions{}, stix.TLPAmberID, stix.TLPAmberID},
		{"configured", []passivetotal.ArticleIndicatorGroup{pub, priv}, ArticleOptions{PublicTLP: stix.TLPGreen, NonPublicTLP: stix.TLPRed}, stix.TLPRedID, stix.TLPGreenID},
		{"no indicator, public article", nil, ArticleOptions{}, stix.TLPClearID, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := Article(simpleArticle(t, tt.groups...), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, r)
			if diff := cmp.Diff([]string{tt.wantReport}, reportOf(t, r).ObjectMarkingRefs); diff != "" {
				t.Errorf("report marking (-want +got):\n%s", diff)
			}
			for _, o := range r.Objects {
				if ind, ok := o.(*stix.Indicator); ok {
					if diff := cmp.Diff([]string{tt.wantFirst}, ind.ObjectMarkingRefs); diff != "" {
						t.Errorf("indicator marking (-want +got):\n%s", diff)
					}
					break
				}
			}
		})
	}
}

func TestArticleTimes(t *testing.T) {
	t.Parallel()
	g := passivetotal.ArticleIndicatorGroup{Type: "ip", Source: "public", Values: []string{"2001:db8::1"}}
	a := simpleArticle(t, g)
	r, err := Article(a, ArticleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	rep := reportOf(t, r)
	ind := r.Objects[1].(*stix.Indicator)
	if !rep.Published.Equal(a.PublishedDate.Time) || !ind.ValidFrom.Equal(a.PublishedDate.Time) {
		t.Errorf("published %v, valid_from %v; want %v", rep.Published, ind.ValidFrom, a.PublishedDate.Time)
	}
	if !ind.Created.Equal(a.CreatedDate.Time) || !ind.Modified.Equal(a.CreatedDate.Time) || !rep.Created.Equal(a.CreatedDate.Time) {
		t.Errorf("created %v / modified %v; want %v", ind.Created, ind.Modified, a.CreatedDate.Time)
	}
	if ind.Pattern != "[ipv6-addr:value = '2001:db8::1']" || ind.XOpenCTIMainObservableType != "IPv6-Addr" {
		t.Errorf("IPv6 indicator = %q (%s)", ind.Pattern, ind.XOpenCTIMainObservableType)
	}

	// No published date: created is used for both.
	a.PublishedDate = passivetotal.Time{Raw: "N/A"}
	r, err = Article(a, ArticleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep := reportOf(t, r); !rep.Published.Equal(a.CreatedDate.Time) {
		t.Errorf("published = %v, want createdDate %v", rep.Published, a.CreatedDate.Time)
	}

	// Neither: one skip, no object.
	a.CreatedDate = passivetotal.Time{}
	r, err = Article(a, ArticleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Skip{{Item: `article "a1"`, Reason: "no valid publishedDate or createdDate"}}
	if diff := cmp.Diff(want, r.Skips); diff != "" || len(r.Objects) != 0 {
		t.Errorf("skips (-want +got):\n%s\nobjects: %d", diff, len(r.Objects))
	}
}

func TestArticleNoObservables(t *testing.T) {
	t.Parallel()
	g := passivetotal.ArticleIndicatorGroup{Type: "filepath", Source: "public", Values: []string{`C:\x\y.exe`}}
	r, err := Article(simpleArticle(t, g), ArticleOptions{NoObservables: true})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	var types []string
	for _, o := range r.Objects {
		types = append(types, o.Type())
	}
	if diff := cmp.Diff([]string{"report", "indicator"}, types); diff != "" {
		t.Errorf("types (-want +got):\n%s", diff)
	}
}

func TestArticleTagResolver(t *testing.T) {
	t.Parallel()
	a := simpleArticle(t)
	a.Tags = []string{"APT28", "T1566", "broken", "invalid", "foreign", "plain"}
	resolver := TagResolverFunc(func(tag string) ([]stix.Object, error) {
		switch tag {
		case "APT28":
			// Any valid object will do; a vulnerability stands in for the
			// intrusion set a real resolver would return (stix has no
			// IntrusionSet struct).
			id, _ := stix.VulnerabilityID(stix.PolicyOpenCTI, "APT28")
			v := &stix.Vulnerability{Common: stix.Common{ID: id, Created: stix.Time(a.CreatedDate.Time), Modified: stix.Time(a.CreatedDate.Time)}, Name: "APT28"}
			return []stix.Object{v}, nil
		case "broken":
			return nil, errors.New("lookup failed")
		case "invalid":
			return []stix.Object{&stix.Vulnerability{Name: "no id"}}, nil
		case "foreign":
			// As the platform knows it: created by an identity this
			// bundle will not carry.
			id, _ := stix.VulnerabilityID(stix.PolicyOpenCTI, "foreign")
			v := &stix.Vulnerability{Common: stix.Common{ID: id, CreatedByRef: "identity--8ce3f695-d5a4-4dc8-9e93-a65af453d2e1",
				Created: stix.Time(a.CreatedDate.Time), Modified: stix.Time(a.CreatedDate.Time)}, Name: "foreign"}
			return []stix.Object{v}, nil
		}
		return nil, nil
	})
	r, err := Article(a, ArticleOptions{TagResolver: resolver})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	var types []string
	for _, o := range r.Objects {
		types = append(types, o.Type())
	}
	if diff := cmp.Diff([]string{"report", "vulnerability", "attack-pattern"}, types); diff != "" {
		t.Errorf("types (-want +got):\n%s", diff)
	}
	if len(r.Skips) != 3 || r.Skips[0].Reason != "tag resolver: lookup failed" ||
		!strings.Contains(r.Skips[2].Reason, "references an object outside the bundle") {
		t.Errorf("skips = %v", r.Skips)
	}
	if _, err := r.Bundle(); err != nil {
		t.Errorf("the article's bundle failed over one foreign tag object: %v", err)
	}
	if got := reportOf(t, r).ObjectRefs; len(got) != 2 {
		t.Errorf("report refs = %v, want the two tag objects", got)
	}
}

func TestArticleOptionsErrors(t *testing.T) {
	t.Parallel()
	a := simpleArticle(t)
	for _, opts := range []ArticleOptions{
		{PublicTLP: 42},
		{NonPublicTLP: 42},
		{Author: &stix.Identity{Name: "  "}},
		{Author: &stix.Identity{Name: "X", Common: stix.Common{ID: "report--not-an-identity"}}},
	} {
		if _, err := Article(a, opts); err == nil {
			t.Errorf("Article with %+v: no error", opts)
		}
	}
}

func TestArticleCustomAuthor(t *testing.T) {
	t.Parallel()
	author := &stix.Identity{Name: "ACME CERT", IdentityClass: "organization"}
	r, err := Article(simpleArticle(t), ArticleOptions{Author: author})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	want, _ := stix.IdentityID(stix.PolicyOpenCTI, "ACME CERT", "organization")
	if r.Author.ID != want || reportOf(t, r).CreatedByRef != want {
		t.Errorf("author = %s, report by %s; want %s", r.Author.ID, reportOf(t, r).CreatedByRef, want)
	}
	if author.ID != "" {
		t.Error("the caller's identity was modified")
	}
}

func TestDefaultAuthorPerPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		policy       stix.IDPolicy
		article, dns string
	}{
		{stix.PolicyOpenCTI, "PassiveTotal", "PassiveTotal"},
		{stix.PolicyStrict, "PassiveTotal", "PassiveTotal"},
		{stix.PolicyLegacy, "RiskIQ", "RiskIQ PassiveTotal"},
	}
	for _, tt := range tests {
		ar, err := Article(simpleArticle(t), ArticleOptions{Policy: tt.policy})
		if err != nil {
			t.Fatal(err)
		}
		dr, err := PassiveDNS(Entity{Type: stix.TypeDomainName, Value: "example.com"}, nil, PassiveDNSOptions{Policy: tt.policy})
		if err != nil {
			t.Fatal(err)
		}
		if ar.Author.Name != tt.article || dr.Author.Name != tt.dns {
			t.Errorf("%v: authors %q, %q; want %q, %q", tt.policy, ar.Author.Name, dr.Author.Name, tt.article, tt.dns)
		}
	}
}
