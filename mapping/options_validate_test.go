package mapping

import (
	"testing"

	"github.com/ptstix/passivetotal/stix"
)

// Validate refuses exactly what the mappers refuse, before any input.
func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	badAuthor := &stix.Identity{Name: "X", Common: stix.Common{ID: "report--not-an-identity"}}
	articles := []struct {
		opts  ArticleOptions
		valid bool
	}{
		{ArticleOptions{}, true},
		{ArticleOptions{Policy: stix.PolicyLegacy, PublicTLP: stix.TLPGreen}, true},
		{ArticleOptions{PublicTLP: 42}, false},
		{ArticleOptions{NonPublicTLP: 42}, false},
		{ArticleOptions{Author: &stix.Identity{Name: "  "}}, false},
		{ArticleOptions{Author: badAuthor}, false},
	}
	for _, tt := range articles {
		if err := tt.opts.Validate(); (err == nil) != tt.valid {
			t.Errorf("ArticleOptions%+v.Validate() = %v, want valid %v", tt.opts, err, tt.valid)
		}
	}
	entity, err := NewEntity("example.com")
	if err != nil {
		t.Fatal(err)
	}
	pdns := []struct {
		opts  PassiveDNSOptions
		valid bool
	}{
		{PassiveDNSOptions{}, true},
		{PassiveDNSOptions{TLP: stix.TLPAmber, RelatedTo: true}, true},
		{PassiveDNSOptions{TLP: 42}, false},
		{PassiveDNSOptions{Author: &stix.Identity{Name: ""}}, false},
		{PassiveDNSOptions{Author: badAuthor}, false},
	}
	for _, tt := range pdns {
		err := tt.opts.Validate()
		if (err == nil) != tt.valid {
			t.Errorf("PassiveDNSOptions%+v.Validate() = %v, want valid %v", tt.opts, err, tt.valid)
		}
		_, mapErr := PassiveDNSRecords(entity, nil, tt.opts)
		if (mapErr == nil) != (err == nil) {
			t.Errorf("PassiveDNSOptions%+v: Validate says %v, the mapper says %v", tt.opts, err, mapErr)
		}
	}
}
