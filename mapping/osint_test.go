package mapping

import (
	"testing"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// TestOSINTSourceIsPublic: Graph names open-source indicators "osint"
// where PassiveTotal said "public"; both get PublicTLP, "microsoft" (like
// "riskiq") gets NonPublicTLP.
func TestOSINTSourceIsPublic(t *testing.T) {
	t.Parallel()
	a := passivetotal.Article{
		GUID: "a272d5ab", Title: "t", CreatedDate: ptTime(t, "2023-03-03 18:20:22"),
		Indicators: []passivetotal.ArticleIndicatorGroup{
			{Type: "domain", Source: "osint", Values: []string{"osint.example.com"}},
			{Type: "domain", Source: " OSINT ", Values: []string{"osint2.example.com"}},
			{Type: "domain", Source: "microsoft", Values: []string{"msft.example.com"}},
		},
	}
	r, err := Article(a, ArticleOptions{PublicTLP: stix.TLPGreen, NonPublicTLP: stix.TLPRed})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"[domain-name:value = 'osint.example.com']":  stix.TLPGreen.ID(),
		"[domain-name:value = 'osint2.example.com']": stix.TLPGreen.ID(),
		"[domain-name:value = 'msft.example.com']":   stix.TLPRed.ID(),
	}
	seen := 0
	for _, o := range r.Objects {
		ind, ok := o.(*stix.Indicator)
		if !ok {
			continue
		}
		seen++
		if w := want[ind.Pattern]; len(ind.ObjectMarkingRefs) != 1 || ind.ObjectMarkingRefs[0] != w {
			t.Errorf("%s marked %v, want %s", ind.Pattern, ind.ObjectMarkingRefs, w)
		}
	}
	if seen != 3 {
		t.Errorf("%d indicators, want 3", seen)
	}
}
