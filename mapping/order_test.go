package mapping

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/ptstix/passivetotal/stix"
)

// The passive DNS bundle does not depend on the order of the records:
// collapsing duplicates (union of sources, widest range, hash of the most
// recent record) and the cap (most recent first, ties broken by content)
// give the same bytes for any permutation, so a re-enrichment that gets
// the same records paged differently changes nothing downstream.
func TestPropertyPassiveDNSOrderIndependent(t *testing.T) {
	t.Parallel()
	g := gen{rand.New(rand.NewPCG(7, 8))}
	entities := []Entity{
		{Type: stix.TypeDomainName, Value: "example.com"},
		{Type: stix.TypeIPv4Addr, Value: "192.0.2.7", Markings: []string{stix.TLPGreenID}},
	}
	for i := range 200 {
		recs := g.records(g.r.IntN(60))
		e := entities[i%len(entities)]
		opts := PassiveDNSOptions{Policy: stix.IDPolicy(i % 3), MaxRecords: g.r.IntN(20) - 2, RelatedTo: i%4 < 2}
		r, err := PassiveDNS(e, answer(recs...), opts)
		if err != nil {
			t.Fatal(err)
		}
		b := checkResult(t, r)
		shuffled := append(recs[:0:0], recs...)
		g.r.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		r2, err := PassiveDNS(e, answer(shuffled...), opts)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(marshal(t, b), marshal(t, checkResult(t, r2))) {
			t.Fatalf("answer %d (%d records, cap %d): the bundle depends on record order", i, len(recs), opts.MaxRecords)
		}
		if len(r.Skips) != len(r2.Skips) || r.Cut != r2.Cut {
			t.Fatalf("answer %d: %d skips, cut %d; shuffled %d skips, cut %d", i, len(r.Skips), r.Cut, len(r2.Skips), r2.Cut)
		}
	}
}
