package mapping

import (
	"container/heap"
	"strings"
	"time"
)

// relKind is a relationship type of the passive DNS mapping.
type relKind uint8

const (
	relResolvesTo relKind = iota
	relRelatedTo
)

func (k relKind) String() string {
	if k == relRelatedTo {
		return "related-to"
	}
	return "resolves-to"
}

// scoKind is an observable type of the passive DNS mapping.
type scoKind uint8

const (
	scoDomain scoKind = iota
	scoIPv4
	scoIPv6
	scoEmail
)

// scoRef names one observable: its kind and normalised value. It is a
// comparable struct of plain values (no interfaces) so map lookups on the
// hot path do not allocate.
type scoRef struct {
	sco   scoKind
	value string
}

// relKey identifies one relationship of an enrichment. The queried entity is
// fixed, so a relationship is fixed by its type, its direction and the
// observable on the other side. Its small fields come first so the key
// takes 24 bytes: an uncapped answer keeps one per distinct relationship.
type relKey struct {
	relType  relKind
	reversed bool // the observable is the source and the entity the target
	sco      scoKind
	value    string
}

// ref is the observable of k.
func (k *relKey) ref() scoRef { return scoRef{sco: k.sco, value: k.value} }

// Record types as bits: the only ones a relationship can come from.
const (
	rtA uint8 = 1 << iota
	rtAAAA
	rtCNAME
	rtNS
	rtMX
	rtSOA
)

var recordTypeBits = map[string]uint8{"A": rtA, "AAAA": rtAAAA, "CNAME": rtCNAME, "NS": rtNS, "MX": rtMX, "SOA": rtSOA}

var recordTypeNames = [...]string{"A", "AAAA", "CNAME", "NS", "MX", "SOA"}

// relEntry accumulates every record that maps to one relationship. Times
// are Unix milliseconds (PassiveTotal times have at most millisecond
// precision) so that ordering a hundred thousand entries compares ints.
//
// An uncapped answer keeps one entry per distinct relationship, so the
// entry is compact (120 bytes, no pointer to a block of its own in the
// usual case): sources are bits over the accumulator's table of source
// names, and a record hash of 64 lower-case hex digits (PassiveTotal's
// SHA-256) is kept as its 32 bytes.
type relEntry struct {
	key relKey
	// next links the entries of one value in a ring (next is the entry
	// itself when it is the only one), so an observable is looked up once
	// per record and written once.
	next        *relEntry
	first, last int64
	hashLast    int64       // lastSeen of the record whose hash is kept
	sources     uint64      // bit i: the accumulator's source name i
	extra       *entryExtra // the rare overflow: nil in the usual case
	records     int         // input records merged into this entry
	index       int32       // position in the heap
	types       uint8       // record types seen, as rt bits
	out         uint8       // what the output writes for the entry, as out bits
	hashForm    uint8       // how the record hash is kept: recHashNone, recHashHex or recHashText
	hash        [32]byte    // the record hash's bytes when hashForm is recHashHex
}

// merge widens e with one more record.
func (t *topN) merge(e *relEntry, first, last int64, types uint8, sources []string, hash string) {
	if first < e.first {
		e.first = first
	}
	if last > e.last {
		e.last = last
	}
	e.types |= types
	for _, s := range sources {
		if !trimmed(s) {
			s = strings.TrimSpace(s)
		}
		if s != "" {
			t.addSource(e, s)
		}
	}
	// Keep the hash of the most recent record; ties go to the smaller hash
	// so the result does not depend on input order.
	if hash != "" && (e.hashForm == recHashNone || last > e.hashLast || last == e.hashLast && e.hashGreater(hash)) {
		e.setHash(hash)
		e.hashLast = last
	}
	e.records++
}

// trimmed reports cheaply whether strings.TrimSpace would return s as it
// is: it starts and ends with a printable ASCII byte other than space.
func trimmed(s string) bool {
	return len(s) > 0 && s[0] > ' ' && s[0] < 0x7f && s[len(s)-1] > ' ' && s[len(s)-1] < 0x7f
}

// description is "<recordType> record", or "NS, SOA record" when records
// of several types collapsed into the relationship.
func (e *relEntry) description() string {
	switch e.types {
	case rtA:
		return "A record"
	case rtAAAA:
		return "AAAA record"
	case rtCNAME:
		return "CNAME record"
	case rtNS:
		return "NS record"
	case rtMX:
		return "MX record"
	case rtSOA:
		return "SOA record"
	}
	var names []string
	for i, n := range recordTypeNames {
		if e.types&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ") + " record"
}

// compare orders entries from most to least wanted: later lastSeen first,
// then a total order on the rest so that what the cap keeps and the output
// order never depend on the input order.
func (e *relEntry) compare(o *relEntry) int {
	switch {
	case e.last != o.last:
		return cmpInt(o.last, e.last)
	case e.first != o.first:
		return cmpInt(e.first, o.first)
	}
	a, b := e.key, o.key
	if a.value != b.value {
		return strings.Compare(a.value, b.value)
	}
	if a.sco != b.sco {
		return int(a.sco) - int(b.sco)
	}
	if a.relType != b.relType {
		return int(a.relType) - int(b.relType)
	}
	switch {
	case a.reversed == b.reversed:
		return 0
	case b.reversed:
		return -1
	}
	return 1
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// toMillis and fromMillis convert between time.Time and entry times.
func toMillis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// topN keeps at most n relationships, the most recent by lastSeen, merging
// records of the same relationship. Its memory is bounded by n entries
// whatever the number of records fed to it, so a stream of a million records
// can be capped. Records dropped by the cap are counted in cut. With no cap
// (n <= 0) entries are only appended: no heap work.
//
// A relationship evicted by the cap and seen again later restarts from the
// later record alone (remembering every evicted key would make memory grow
// with the input); the cut count reports that records were lost either way.
type topN struct {
	n       int // <= 0: no cap
	entries entryHeap
	// byValue finds the ring of entries of an observable; it is dropped
	// once the entries are sorted, before the output is built.
	byValue *valueIndex
	cut     int
	// Without a cap nothing is evicted before the result is built, so
	// entries are carved from blocks instead of allocated one by one
	// (with a cap, evicted ones must be freed individually).
	entrySlab slab[relEntry]
	sources   sourceTable
}

// slab hands out pointers to the elements of blocks of T. Blocks start
// small (a result of a few objects wastes little) and double up to
// maxSlabBlock, which makes the allocation rare and keeps the unused tail
// small.
type slab[T any] struct {
	free  []T
	block int
}

const maxSlabBlock = 128

func (s *slab[T]) next() *T {
	if len(s.free) == 0 {
		s.block = min(max(2*s.block, 4), maxSlabBlock)
		s.free = make([]T, s.block)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// newTopN returns an accumulator for n relationships (n <= 0: no cap).
// hint is how many records are expected (0: unknown), so that the index is
// sized once instead of growing.
func newTopN(n, hint int) *topN {
	size := n
	if size <= 0 || size > hint && hint > 0 {
		size = hint
	}
	if size <= 0 || size > 1<<20 {
		size = 4096
	}
	return &topN{n: n, byValue: newValueIndex(size), entries: make(entryHeap, 0, size)}
}

// add feeds one record.
func (t *topN) add(k relKey, first, last int64, types uint8, sources []string, hash string) {
	head := t.byValue.find(k.ref())
	if head != nil {
		for e := head; ; e = e.next {
			if e.key == k {
				t.merge(e, first, last, types, sources, hash)
				if t.n > 0 {
					heap.Fix(&t.entries, int(e.index))
				}
				return
			}
			if e.next == head {
				break
			}
		}
	}
	if t.n > 0 && len(t.entries) >= t.n {
		// Nothing is built for a record that ranks below everything kept:
		// the usual case once a long answer has filled the cap.
		probe := relEntry{key: k, first: first, last: last}
		if t.entries[0].compare(&probe) <= 0 {
			t.cut++
			return
		}
	}
	// The entry keeps its value beyond the record: a copy, since a decoded
	// record's strings share one block (hundreds of bytes a record) that
	// would otherwise stay alive with each entry.
	if head != nil {
		k.value = head.key.value
	} else {
		k.value = strings.Clone(k.value)
	}
	var e *relEntry
	if t.n <= 0 {
		e = t.entrySlab.next()
	} else {
		e = new(relEntry)
	}
	e.key, e.first, e.last = k, first, last
	t.merge(e, first, last, types, sources, hash)
	if t.n <= 0 {
		e.index = int32(len(t.entries))
		t.entries = append(t.entries, e)
	} else {
		if len(t.entries) >= t.n {
			low := t.entries[0]
			heap.Pop(&t.entries)
			t.cut += low.records
			t.unlink(low)
			if head == low {
				head = t.byValue.find(k.ref()) // the ring's next entry, or nil
			}
		}
		heap.Push(&t.entries, e)
	}
	if head == nil {
		e.next = e
		t.byValue.set(e)
	} else {
		e.next, head.next = head.next, e
	}
}

// unlink removes an evicted entry from the ring of its value.
func (t *topN) unlink(e *relEntry) {
	ref := e.key.ref()
	if e.next == e {
		t.byValue.remove(ref)
	} else {
		p := e.next
		for p.next != e {
			p = p.next
		}
		p.next = e.next
		if t.byValue.find(ref) == e {
			t.byValue.set(e.next)
		}
	}
	e.next = nil
}

// ringClaimed reports whether another entry of en's value already writes
// the observable (has the outSCO bit).
func ringClaimed(en *relEntry) bool {
	for o := en.next; o != en; o = o.next {
		if o.out&outSCO != 0 {
			return true
		}
	}
	return false
}

// sorted returns the kept entries, most recent first, sorted on up to
// workers goroutines.
func (t *topN) sorted(workers int) []*relEntry {
	out := []*relEntry(t.entries)
	t.entries = nil
	t.byValue = nil // the rings link what the output needs
	t.sources.order()
	return sortEntries(out, workers)
}

// entryHeap is a min-heap of entries: the least wanted on top.
type entryHeap []*relEntry

func (h entryHeap) Len() int           { return len(h) }
func (h entryHeap) Less(i, j int) bool { return h[i].compare(h[j]) > 0 }
func (h entryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = int32(i)
	h[j].index = int32(j)
}
func (h *entryHeap) Push(x any) {
	e := x.(*relEntry)
	e.index = int32(len(*h))
	*h = append(*h, e)
}
func (h *entryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}
