package mapping

import "hash/maphash"

// valueIndex finds the ring of entries of an observable (any entry of the
// ring: its head). It is a hash table with open addressing and linear
// probing over the entries themselves: one pointer and one tag byte a slot,
// against about 70 bytes an observable for a Go map of scoRef keys, which
// an uncapped answer of half a million observables feels (35 MB). The tag (7
// bits of the hash) spares most probes a read of the entry, a cache miss
// in a large accumulator. Its order is never seen: the output is sorted.
type valueIndex struct {
	slots []*relEntry // a power of two long
	tags  []uint8     // 0: the slot is empty; else tagOf the entry's hash
	n     int
	seed  maphash.Seed
}

// newValueIndex returns an index sized for about hint observables.
func newValueIndex(hint int) *valueIndex {
	size := 16
	for size*3 < hint*4 { // at most three quarters full
		size *= 2
	}
	return &valueIndex{slots: make([]*relEntry, size), tags: make([]uint8, size), seed: maphash.MakeSeed()}
}

func (x *valueIndex) hash(sco scoKind, value string) uint64 {
	return maphash.String(x.seed, value) ^ uint64(sco)*0x9e3779b97f4a7c15
}

// tagOf is the tag of a hash: its top 7 bits, never 0.
func tagOf(h uint64) uint8 { return uint8(h>>57) | 0x80 }

// find returns the head of ref's ring, or nil.
func (x *valueIndex) find(ref scoRef) *relEntry {
	if i := x.slot(ref); i >= 0 {
		return x.slots[i]
	}
	return nil
}

// slot returns the slot of ref, or -1.
func (x *valueIndex) slot(ref scoRef) int {
	h := x.hash(ref.sco, ref.value)
	tag, mask := tagOf(h), len(x.slots)-1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		switch x.tags[i] {
		case 0:
			return -1
		case tag:
			if e := x.slots[i]; e.key.sco == ref.sco && e.key.value == ref.value {
				return i
			}
		}
	}
}

// set makes e the head of its value's ring, adding the value when new.
func (x *valueIndex) set(e *relEntry) {
	h := x.hash(e.key.sco, e.key.value)
	tag, mask := tagOf(h), len(x.slots)-1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		switch x.tags[i] {
		case 0:
			x.slots[i], x.tags[i] = e, tag
			x.n++
			if x.n*4 > len(x.slots)*3 {
				x.grow()
			}
			return
		case tag:
			if o := x.slots[i]; o.key.sco == e.key.sco && o.key.value == e.key.value {
				x.slots[i] = e
				return
			}
		}
	}
}

func (x *valueIndex) grow() {
	old, oldTags := x.slots, x.tags
	x.slots, x.tags = make([]*relEntry, 2*len(old)), make([]uint8, 2*len(old))
	mask := len(x.slots) - 1
	for j, e := range old {
		if oldTags[j] == 0 {
			continue
		}
		i := int(x.hash(e.key.sco, e.key.value)) & mask
		for x.tags[i] != 0 {
			i = (i + 1) & mask
		}
		x.slots[i], x.tags[i] = e, oldTags[j]
	}
}

// remove deletes ref's ring from the index, shifting back the entries
// probed past it so that no lookup stops early (no tombstones).
func (x *valueIndex) remove(ref scoRef) {
	i := x.slot(ref)
	if i < 0 {
		return
	}
	mask := len(x.slots) - 1
	x.slots[i], x.tags[i] = nil, 0
	x.n--
	for j := (i + 1) & mask; x.tags[j] != 0; j = (j + 1) & mask {
		e := x.slots[j]
		// e may fill the hole at i unless its home lies cyclically in (i, j].
		k := int(x.hash(e.key.sco, e.key.value)) & mask
		if i <= j && (i < k && k <= j) || i > j && (i < k || k <= j) {
			continue
		}
		x.slots[i], x.tags[i] = e, x.tags[j]
		x.slots[j], x.tags[j] = nil, 0
		i = j
	}
}

// len is the number of observables indexed.
func (x *valueIndex) len() int { return x.n }
