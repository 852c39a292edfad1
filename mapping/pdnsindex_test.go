package mapping

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestValueIndexMatchesMap runs random inserts, head changes and removals
// on the index and on a Go map, and compares every lookup: the backward
// shift of a removal must leave every other value findable.
func TestValueIndexMatchesMap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		values int // distinct values drawn from
		ops    int
		hint   int
	}{
		{"few values, many collisions after removals", 40, 5000, 0},
		{"grows from small", 3000, 20000, 0},
		{"sized ahead", 3000, 20000, 4096},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(uint64(i), 7))
			x := newValueIndex(tt.hint)
			model := map[scoRef]*relEntry{}
			ref := func() scoRef {
				return scoRef{sco: scoKind(r.IntN(2)), value: strconv.Itoa(r.IntN(tt.values))}
			}
			for op := range tt.ops {
				k := ref()
				switch r.IntN(3) {
				case 0, 1: // add the value, or make a new entry its head
					e := &relEntry{key: relKey{sco: k.sco, value: k.value}}
					x.set(e)
					model[k] = e
				case 2:
					x.remove(k)
					delete(model, k)
				}
				if x.len() != len(model) {
					t.Fatalf("op %d: len %d, want %d", op, x.len(), len(model))
				}
				for range 4 {
					q := ref()
					if got, want := x.find(q), model[q]; got != want {
						t.Fatalf("op %d: find(%v) = %p, want %p", op, q, got, want)
					}
				}
			}
			for k, want := range model {
				if got := x.find(k); got != want {
					t.Fatalf("find(%v) = %p, want %p", k, got, want)
				}
			}
		})
	}
}
