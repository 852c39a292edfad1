package mapping

import (
	"container/heap"
	"strings"
	"time"
)

// relKey identifies one relationship of an enrichment. The queried entity is
// fixed, so a relationship is fixed by its type, its direction and the
// observable on the other side. It is a comparable struct of plain values
// (no interfaces) so map lookups on the hot path do not allocate.
type relKey struct {
	relType  relKind
	reversed bool // the observable is the source and the entity the target
	sco      scoKind
	value    string // normalised observable value
}

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

// relEntry accumulates every record that maps to one relationship.
type relEntry struct {
	key         relKey
	first, last time.Time
	sources     []string // sorted, deduplicated
	recordTypes []string // sorted, deduplicated, upper-case
	hash        string   // recordHash of the most recent record
	hashLast    time.Time
	records     int // input records merged into this entry
	index       int // position in the heap
}

// merge widens e with one more record.
func (e *relEntry) merge(first, last time.Time, recordType string, sources []string, hash string) {
	if first.Before(e.first) {
		e.first = first
	}
	if last.After(e.last) {
		e.last = last
	}
	e.recordTypes = insertSorted(e.recordTypes, recordType)
	for _, s := range sources {
		if s = strings.TrimSpace(s); s != "" {
			e.sources = insertSorted(e.sources, s)
		}
	}
	// Keep the hash of the most recent record; ties go to the smaller hash
	// so the result does not depend on input order.
	if hash != "" && (e.hash == "" || last.After(e.hashLast) || last.Equal(e.hashLast) && hash < e.hash) {
		e.hash, e.hashLast = hash, last
	}
	e.records++
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

// less orders entries from least to most wanted: older lastSeen first,
// then a total order on the rest so that which entries the cap keeps never
// depends on the input order.
func (e *relEntry) less(o *relEntry) bool {
	if !e.last.Equal(o.last) {
		return e.last.Before(o.last)
	}
	if !e.first.Equal(o.first) {
		return e.first.After(o.first)
	}
	a, b := e.key, o.key
	if a.value != b.value {
		return a.value > b.value
	}
	if a.sco != b.sco {
		return a.sco > b.sco
	}
	if a.relType != b.relType {
		return a.relType > b.relType
	}
	return a.reversed && !b.reversed
}

// topN keeps at most n relationships, the most recent by lastSeen, merging
// records of the same relationship. Its memory is bounded by n entries
// whatever the number of records fed to it, so a stream of a million records
// can be capped. Records dropped by the cap are counted in cut.
//
// A relationship evicted by the cap and seen again later restarts from the
// later record alone (remembering every evicted key would make memory grow
// with the input); the cut count reports that records were lost either way.
type topN struct {
	n       int // <= 0: no cap
	entries entryHeap
	byKey   map[relKey]*relEntry
	cut     int
}

func newTopN(n int) *topN {
	size := n
	if size <= 0 || size > 4096 {
		size = 4096
	}
	return &topN{n: n, byKey: make(map[relKey]*relEntry, size), entries: make(entryHeap, 0, size)}
}

// add feeds one record.
func (t *topN) add(k relKey, first, last time.Time, recordType string, sources []string, hash string) {
	if e, ok := t.byKey[k]; ok {
		e.merge(first, last, recordType, sources, hash)
		heap.Fix(&t.entries, e.index)
		return
	}
	e := &relEntry{key: k, first: first, last: last}
	e.merge(first, last, recordType, sources, hash)
	e.records = 1
	if t.n > 0 && len(t.entries) >= t.n {
		low := t.entries[0]
		if !low.less(e) {
			t.cut++ // the new record ranks below everything kept
			return
		}
		heap.Pop(&t.entries)
		delete(t.byKey, low.key)
		t.cut += low.records
	}
	heap.Push(&t.entries, e)
	t.byKey[k] = e
}

// sorted returns the kept entries, most recent first.
func (t *topN) sorted() []*relEntry {
	out := make([]*relEntry, len(t.entries))
	copy(out, t.entries)
	// Sort by the heap order, reversed: most wanted first.
	sortEntries(out)
	return out
}

// entryHeap is a min-heap of entries by less.
type entryHeap []*relEntry

func (h entryHeap) Len() int           { return len(h) }
func (h entryHeap) Less(i, j int) bool { return h[i].less(h[j]) }
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
