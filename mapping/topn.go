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
// observable on the other side.
type relKey struct {
	relType  relKind
	reversed bool // the observable is the source and the entity the target
	scoRef
}

// valueNode gathers the relationships to one observable (almost always
// one), so the observable is looked up once per record and built once.
type valueNode struct {
	rels []*relEntry
	id   string       // the SCO ID, set when a Result is built
	buf  [1]*relEntry // backing array of rels for the usual single entry
}

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
type relEntry struct {
	key         relKey
	node        *valueNode
	first, last int64
	types       uint8    // record types seen, as rt bits
	out         uint8    // what a DNSStream writes for the entry, as out bits
	sources     []string // sorted, deduplicated
	hash        string   // recordHash of the most recent record
	hashLast    int64
	records     int       // input records merged into this entry
	index       int       // position in the heap
	srcBuf      [3]string // backing array of sources for the usual few
}

// merge widens e with one more record.
func (e *relEntry) merge(first, last int64, types uint8, sources []string, hash string) {
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
			e.sources = insertSorted(e.sources, s)
		}
	}
	// Keep the hash of the most recent record; ties go to the smaller hash
	// so the result does not depend on input order.
	if hash != "" && (e.hash == "" || last > e.hashLast || last == e.hashLast && hash < e.hash) {
		// A copy: the record's text shares one block with its other fields,
		// which the entry must not keep alive.
		e.hash, e.hashLast = strings.Clone(hash), last
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

// insertSorted inserts s into the sorted slice xs unless it is there.
func insertSorted(xs []string, s string) []string {
	i := 0
	for i < len(xs) && xs[i] < s {
		i++
	}
	if i < len(xs) && xs[i] == s {
		return xs
	}
	xs = append(xs, "")
	copy(xs[i+1:], xs[i:])
	xs[i] = s
	return xs
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
	byValue map[scoRef]*valueNode
	cut     int
	// Without a cap nothing is evicted before the result is built, so
	// entries and nodes are carved from blocks instead of allocated one
	// by one (with a cap, evicted ones must be freed individually).
	entrySlab slab[relEntry]
	nodeSlab  slab[valueNode]
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
	return &topN{n: n, byValue: make(map[scoRef]*valueNode, size), entries: make(entryHeap, 0, size)}
}

// add feeds one record.
func (t *topN) add(k relKey, first, last int64, types uint8, sources []string, hash string) {
	node := t.byValue[k.scoRef]
	if node != nil {
		for _, e := range node.rels {
			if e.key == k {
				e.merge(first, last, types, sources, hash)
				if t.n > 0 {
					heap.Fix(&t.entries, e.index)
				}
				return
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
	if node != nil && len(node.rels) > 0 {
		k.value = node.rels[0].key.value
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
	if len(sources) > len(e.srcBuf) {
		e.sources = make([]string, 0, len(sources))
	} else if len(sources) > 0 {
		e.sources = e.srcBuf[:0]
	}
	e.merge(first, last, types, sources, hash)
	if t.n <= 0 {
		e.index = len(t.entries)
		t.entries = append(t.entries, e)
	} else {
		if len(t.entries) >= t.n {
			low := t.entries[0]
			heap.Pop(&t.entries)
			t.cut += low.records
			t.unlink(low)
			if node != nil && len(node.rels) == 0 {
				node = nil // unlink deleted it from the map
			}
		}
		heap.Push(&t.entries, e)
	}
	if node == nil {
		if t.n <= 0 {
			node = t.nodeSlab.next()
		} else {
			node = &valueNode{}
		}
		node.rels = node.buf[:0]
		t.byValue[k.scoRef] = node
	}
	e.node = node
	node.rels = append(node.rels, e)
}

// unlink removes an evicted entry from its value node.
func (t *topN) unlink(e *relEntry) {
	n := e.node
	for i, x := range n.rels {
		if x == e {
			n.rels = append(n.rels[:i], n.rels[i+1:]...)
			break
		}
	}
	if len(n.rels) == 0 {
		delete(t.byValue, e.key.scoRef)
	}
}

// sorted returns the kept entries, most recent first.
func (t *topN) sorted() []*relEntry {
	out := []*relEntry(t.entries)
	t.entries = nil
	sortEntries(out)
	return out
}

// entryHeap is a min-heap of entries: the least wanted on top.
type entryHeap []*relEntry

func (h entryHeap) Len() int           { return len(h) }
func (h entryHeap) Less(i, j int) bool { return h[i].compare(h[j]) > 0 }
func (h entryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *entryHeap) Push(x any) {
	e := x.(*relEntry)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *entryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}
