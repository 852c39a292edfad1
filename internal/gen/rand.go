package gen

import "hash/fnv"

// rng is a tiny splitmix64 generator. We use our own instead of math/rand so
// that the byte streams stay identical across Go releases: benchmarks and
// golden files depend on it.
type rng struct{ s uint64 }

// mix64 is the splitmix64 finaliser; a bijection on uint64.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// newRNG seeds a generator for one item from the stream seed and the item's
// coordinates, so items are independent of each other.
func newRNG(seed uint64, parts ...uint64) rng {
	s := mix64(seed + 0x9e3779b97f4a7c15)
	for _, p := range parts {
		s = mix64(s ^ (p + 0x9e3779b97f4a7c15))
	}
	return rng{s: s}
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// intn returns a value in [0, n); n <= 0 yields 0.
func (r *rng) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return int(r.next() % uint64(n))
}

// chance reports true with probability pct/100.
func (r *rng) chance(pct int) bool { return r.intn(100) < pct }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// HashString folds s into a seed; the simulator uses it to derive a passive
// DNS answer from the query text.
func HashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return mix64(h.Sum64())
}

// fmix32 is the murmur3 32-bit finaliser; a bijection on uint32, used to make
// article GUIDs that are unique per index.
func fmix32(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}
