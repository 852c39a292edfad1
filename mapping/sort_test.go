package mapping

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestSortEntriesInHalves: sorting in two halves and merging gives the
// order of one sort, ties on the times included.
func TestSortEntriesInHalves(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		n    int
	}{
		{"below the parallel length", parallelSortMin - 1},
		{"parallel, even", parallelSortMin * 2},
		{"parallel, odd", parallelSortMin + 1},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(uint64(i), 11))
			es := make([]*relEntry, tt.n)
			for j := range es {
				// Few distinct times, so most order comes from the keys.
				es[j] = &relEntry{
					key:   relKey{value: strconv.Itoa(r.IntN(tt.n)), sco: scoKind(r.IntN(2)), relType: relKind(r.IntN(2)), reversed: r.IntN(2) == 0},
					first: day(1 + r.IntN(3)), last: day(4 + r.IntN(3)),
				}
			}
			want := sortEntries(append([]*relEntry(nil), es...), 1)
			got := sortEntries(es, 2)
			if len(got) != len(want) {
				t.Fatalf("%d entries, want %d", len(got), len(want))
			}
			for j := range want {
				if got[j] != want[j] && got[j].compare(want[j]) != 0 {
					t.Fatalf("entry %d: %+v, want %+v", j, got[j].key, want[j].key)
				}
			}
		})
	}
}
