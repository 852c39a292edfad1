package main

import (
	"bytes"
	"testing"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/internal/gen"
	"github.com/ptstix/passivetotal/stix"
)

// TestMapperEncodesAsTheSink: the JSON the mapper encodes ahead (on the importer's
// workers) is byte for byte what the sink would encode from the objects.
func TestMapperEncodesAsTheSink(t *testing.T) {
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
			for _, b := range m.Bundles {
				want, err := cli.EncodeBundle(b.Objects)
				if err != nil {
					t.Fatal(err)
				}
				if b.JSON == nil || !bytes.Equal(b.JSON, want) {
					t.Fatalf("article %s: the mapper's JSON differs from EncodeBundle's", a.GUID)
				}
				n++
			}
		}
		if n < 20 {
			t.Fatalf("only %d bundles compared", n)
		}
	}
}
