package mdti_test

import (
	"strings"
	"testing"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
	"github.com/ptstix/passivetotal/stix"
)

// TestArticlesToSTIX: every simulated Graph article maps to a valid bundle
// in which each of its indicators is accounted for: an indicator whose
// pattern holds the value, or a skip naming it.
func TestArticlesToSTIX(t *testing.T) {
	t.Parallel()
	_, c := start(t, mdtitest.Config{Articles: 12})
	articles, indicators, skips := 0, 0, 0
	for a, err := range c.ListArticles(t.Context(), &mdti.ArticleListOptions{Indicators: true}) {
		if err != nil {
			t.Fatal(err)
		}
		articles++
		r, err := mapping.Article(a, mapping.ArticleOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Bundle(); err != nil {
			t.Fatalf("article %s: %v", a.GUID, err)
		}
		var patterns []string
		for _, o := range r.Objects {
			if ind, ok := o.(*stix.Indicator); ok {
				patterns = append(patterns, ind.Pattern)
			}
		}
		all := strings.Join(patterns, "\n")
		for _, g := range a.Indicators {
			for _, v := range g.Values {
				indicators++
				if strings.Contains(strings.ToLower(all), strings.ToLower(strings.ReplaceAll(v, `\`, `\\`))) {
					continue
				}
				if !skipNames(r.Skips, v) {
					t.Errorf("article %s: %s %q is neither an indicator nor a skip", a.GUID, g.Type, v)
				}
				skips++
			}
		}
	}
	if articles != 12 || indicators == 0 {
		t.Fatalf("%d articles, %d indicators", articles, indicators)
	}
	// Article 0 carries an sslCertificate-less hostCookie: one skip at least.
	if skips == 0 {
		t.Error("no skip: the hostCookie artifact of the first article should be one")
	}
}

func skipNames(skips []mapping.Skip, v string) bool {
	for _, s := range skips {
		if strings.Contains(s.Item, v) || strings.Contains(s.Item, strings.ReplaceAll(v, `\`, `\\`)) {
			return true
		}
	}
	return false
}

// TestPassiveDNSToSTIX: forward records of a domain and reverse records of
// an IP address map to valid bundles with every record used or skipped.
func TestPassiveDNSToSTIX(t *testing.T) {
	t.Parallel()
	_, c := start(t, mdtitest.Config{})
	tests := []struct {
		entity  string
		reverse bool
		rel     string
	}{
		{"contoso.com", false, "resolves-to"},
		{"20.103.85.33", true, "resolves-to"},
	}
	for _, tt := range tests {
		e, err := mapping.NewEntity(tt.entity)
		if err != nil {
			t.Fatal(err)
		}
		records := c.PassiveDNS(t.Context(), tt.entity, nil)
		if tt.reverse {
			records = c.PassiveDNSReverse(t.Context(), tt.entity, nil)
		}
		var n int
		counted := func(yield func(passivetotal.DNSRecord, error) bool) {
			for r, err := range records {
				n++
				if !yield(r, err) {
					return
				}
			}
		}
		r, err := mapping.PassiveDNSRecords(e, counted, mapping.PassiveDNSOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Bundle(); err != nil {
			t.Fatalf("%s: %v", tt.entity, err)
		}
		rels := 0
		for _, o := range r.Objects {
			if rel, ok := o.(*stix.Relationship); ok && rel.RelationshipType == tt.rel {
				rels++
			}
		}
		if n == 0 || rels == 0 {
			t.Errorf("%s: %d records gave %d %s relationships (skips %v)", tt.entity, n, rels, tt.rel, r.Skips)
		}
		if len(r.Skips) != 0 {
			t.Errorf("%s: unexpected skips %v", tt.entity, r.Skips)
		}
	}
}
