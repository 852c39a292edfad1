package mapping

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func day(d int) int64 { return time.Date(2020, 1, d, 0, 0, 0, 0, time.UTC).UnixMilli() }

func TestTopNMergesDuplicates(t *testing.T) {
	t.Parallel()
	tn := newTopN(10, 0)
	k := relKey{value: "1.2.3.4", sco: scoIPv4}
	tn.add(k, day(5), day(6), rtA, []string{"riskiq"}, "h1")
	tn.add(k, day(2), day(4), rtA, []string{"pingly", "riskiq"}, "h0")
	tn.add(k, day(3), day(9), rtA, []string{"kaspersky"}, "h2")
	got := tn.sorted(1)
	if len(got) != 1 {
		t.Fatalf("got %d entries, want 1", len(got))
	}
	e := got[0]
	if e.first != day(2) || e.last != day(9) {
		t.Errorf("range = %v..%v, want %v..%v", e.first, e.last, day(2), day(9))
	}
	if diff := cmp.Diff([]string{"kaspersky", "pingly", "riskiq"}, tn.sourceList(e)); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	if e.hashString() != "h2" || e.records != 3 {
		t.Errorf("hash, records = %q, %d; want h2, 3", e.hashString(), e.records)
	}
}

func TestTopNCapKeepsMostRecentInAnyOrder(t *testing.T) {
	t.Parallel()
	const total, keep = 500, 50
	var want []string
	for i := total - 1; i >= total-keep; i-- {
		want = append(want, strconv.Itoa(i))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 5 {
		order := r.Perm(total)
		tn := newTopN(keep, 0)
		for _, i := range order {
			// Each record has its own lastSeen; the order of arrival is random.
			last := day(1) + int64(i)*60_000
			tn.add(relKey{value: strconv.Itoa(i)}, day(1), last, rtA, nil, "")
		}
		var got []string
		for _, e := range tn.sorted(1) {
			got = append(got, e.key.value)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("round %d: kept (-want +got):\n%s", round, diff)
		}
		if tn.cut != total-keep {
			t.Errorf("round %d: cut = %d, want %d", round, tn.cut, total-keep)
		}
	}
}

func TestTopNTiesAreOrderIndependent(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	var first []string
	for round := range 5 {
		tn := newTopN(3, 0)
		for _, i := range r.Perm(10) {
			tn.add(relKey{value: strconv.Itoa(i)}, day(1), day(2), rtA, nil, "")
		}
		var got []string
		for _, e := range tn.sorted(1) {
			got = append(got, e.key.value)
		}
		if round == 0 {
			first = got
			continue
		}
		if diff := cmp.Diff(first, got); diff != "" {
			t.Fatalf("round %d: kept (-first +got):\n%s", round, diff)
		}
	}
}

func TestTopNEvictionSharesValueRings(t *testing.T) {
	t.Parallel()
	tn := newTopN(2, 0)
	v := scoRef{sco: scoDomain, value: "ns1.example.net"}
	tn.add(relKey{sco: v.sco, value: v.value}, day(1), day(2), rtNS, nil, "")
	tn.add(relKey{sco: v.sco, value: v.value, relType: relRelatedTo}, day(1), day(3), rtSOA, nil, "")
	tn.add(relKey{value: "other"}, day(1), day(4), rtNS, nil, "")
	if tn.cut != 1 || tn.byValue.len() != 2 || ringLen(tn.byValue.find(v)) != 1 {
		t.Fatalf("cut %d, %d values, %d entries in the shared ring", tn.cut, tn.byValue.len(), ringLen(tn.byValue.find(v)))
	}
	if got := tn.byValue.find(v).key.relType; got != relRelatedTo {
		t.Fatalf("the ring kept %v, want the related-to entry", got)
	}
	tn.add(relKey{value: "newest"}, day(1), day(5), rtNS, nil, "")
	if tn.byValue.find(v) != nil || tn.cut != 2 {
		t.Fatalf("emptied ring kept (cut %d)", tn.cut)
	}
}

// ringLen is the number of entries in e's ring (0 for nil).
func ringLen(e *relEntry) int {
	if e == nil {
		return 0
	}
	n := 1
	for o := e.next; o != e; o = o.next {
		n++
	}
	return n
}

func TestDescription(t *testing.T) {
	t.Parallel()
	for types, want := range map[uint8]string{rtA: "A record", rtSOA: "SOA record", rtNS | rtSOA: "NS, SOA record", rtA | rtAAAA | rtMX: "A, AAAA, MX record"} {
		if got := (&relEntry{types: types}).description(); got != want {
			t.Errorf("description(%b) = %q, want %q", types, got, want)
		}
	}
}
