package mapping

import "hash/maphash"

// valueIndex finds the ring of entries of an observable (any entry of the
// ring: its head). It is a hash table with open addressing and linear
// probing over the entries themselves: one pointer a slot, where a Go map
// of scoRef keys took about 70 bytes an observable, which an uncapped answer
// of half a million observables felt (35 MB). Its order is never seen: the
// output is sorted.
type valueIndex struct {
	slots []*relEntry // nil: empty; a power of two long
	n     int
	seed  maphash.Seed
}

// newValueIndex returns an index sized for about hint observables.
func newValueIndex(hint int) *valueIndex {
	size := 16
	for size*3 < hint*4 { // at most three quarters full
		size *= 2
	}
	return &valueIndex{slots: make([]*relEntry, size), seed: maphash.MakeSeed()}
}

func (x *valueIndex) home(sco scoKind, value string) int {
	h := maphash.String(x.seed, value) ^ uint64(sco)*0x9e3779b97f4a7c15
	return int(h & uint64(len(x.slots)-1))
}

// find returns the head of ref's ring, or nil.
func (x *valueIndex) find(ref scoRef) *relEntry {
	mask := len(x.slots) - 1
	for i := x.home(ref.sco, ref.value); ; i = (i + 1) & mask {
		e := x.slots[i]
		if e == nil || e.key.sco == ref.sco && e.key.value == ref.value {
			return e
		}
	}
}

// set makes e the head of its value's ring, adding the value when new.
func (x *valueIndex) set(e *relEntry) {
	mask := len(x.slots) - 1
	for i := x.home(e.key.sco, e.key.value); ; i = (i + 1) & mask {
		o := x.slots[i]
		if o == nil {
			x.slots[i] = e
			x.n++
			if x.n*4 > len(x.slots)*3 {
				x.grow()
			}
			return
		}
		if o.key.sco == e.key.sco && o.key.value == e.key.value {
			x.slots[i] = e
			return
		}
	}
}

func (x *valueIndex) grow() {
	old := x.slots
	x.slots = make([]*relEntry, 2*len(old))
	mask := len(x.slots) - 1
	for _, e := range old {
		if e == nil {
			continue
		}
		i := x.home(e.key.sco, e.key.value)
		for x.slots[i] != nil {
			i = (i + 1) & mask
		}
		x.slots[i] = e
	}
}

// remove deletes ref's ring from the index, shifting back the entries
// probed past it so that no lookup stops early (no tombstones).
func (x *valueIndex) remove(ref scoRef) {
	mask := len(x.slots) - 1
	i := x.home(ref.sco, ref.value)
	for {
		e := x.slots[i]
		if e == nil {
			return
		}
		if e.key.sco == ref.sco && e.key.value == ref.value {
			break
		}
		i = (i + 1) & mask
	}
	x.slots[i] = nil
	x.n--
	for j := (i + 1) & mask; x.slots[j] != nil; j = (j + 1) & mask {
		e := x.slots[j]
		// e may fill the hole at i unless its home lies cyclically in (i, j].
		k := x.home(e.key.sco, e.key.value)
		if i <= j && (i < k && k <= j) || i > j && (i < k || k <= j) {
			continue
		}
		x.slots[i], x.slots[j] = e, nil
		i = j
	}
}

// len is the number of observables indexed.
func (x *valueIndex) len() int { return x.n }
