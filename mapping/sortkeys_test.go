package mapping

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ptstix/passivetotal/stix"
)

// TestSortKeys: keys come out in bytes.Compare order, whether sorted at
// once or in two parts split on the top bit (uneven parts included).
func TestSortKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		n       int
		workers int
		highBit float64 // share of keys with the top bit set
	}{
		{"one worker", 5000, 1, 0.5},
		{"short, two workers", 2*parallelSortMin - 1, 2, 0.5},
		{"two parts", 2*parallelSortMin + 7, 2, 0.5},
		{"all in the low part", 2 * parallelSortMin, 2, 0},
		{"all in the high part", 2 * parallelSortMin, 2, 1},
		{"uneven", 3 * parallelSortMin, 4, 0.1},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(uint64(i), 5))
			keys := make([]stix.IDKey, tt.n)
			for j := range keys {
				for b := range keys[j] {
					keys[j][b] = byte(r.IntN(256))
				}
				keys[j][0] &= 0x7f
				if r.Float64() < tt.highBit {
					keys[j][0] |= 0x80
				}
				if j%10 == 0 && j > 0 {
					keys[j] = keys[j-1] // duplicates
				}
			}
			want := append([]stix.IDKey(nil), keys...)
			slices.SortFunc(want, func(a, b stix.IDKey) int { return bytes.Compare(a[:], b[:]) })
			sortKeys(keys, tt.workers)
			if d := cmp.Diff(want, keys); d != "" {
				t.Errorf("sortKeys (-want +got):\n%s", d)
			}
		})
	}
}
