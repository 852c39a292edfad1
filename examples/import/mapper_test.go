package main

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/internal/gen"
	"github.com/ptstix/passivetotal/stix"
)

// TestMapperBundles: each article's bundle is named after its GUID and is the
// deduplicated bundle of its objects with their content-derived ID, so the sink writes
// the same bytes for the same content.
func TestMapperBundles(t *testing.T) {
	t.Parallel()
	var body bytes.Buffer
	if _, err := gen.WriteArticles(&body, gen.ArticleOptions{Seed: 3, Articles: 30, Quirks: true}); err != nil {
		t.Fatal(err)
	}
	page, err := passivetotal.DecodeArticles(&body)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []mapConfig{{}, {policy: stix.PolicyLegacy, observables: true, publicTLP: stix.TLPGreen}} {
		fn, err := newMapper(c, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range page.Articles {
			m, err := fn(a)
			if err != nil {
				continue
			}
			for _, o := range m.Bundles {
				want := stix.NewBundle(o.Bundle.Objects...)
				got := []string{o.Kind, o.Name, o.Bundle.ID}
				if d := cmp.Diff([]string{"article", a.GUID, want.ID}, got); d != "" || len(want.Objects) != len(o.Bundle.Objects) {
					t.Fatalf("article %s: kind, name, ID (-want +got):\n%s%d objects, %d distinct", a.GUID, d, len(o.Bundle.Objects), len(want.Objects))
				}
				n++
			}
		}
		if n < 20 {
			t.Fatalf("only %d bundles compared", n)
		}
	}
}
