package mapping

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func day(d int) time.Time { return time.Date(2020, 1, d, 0, 0, 0, 0, time.UTC) }

func TestTopNMergesDuplicates(t *testing.T) {
	t.Parallel()
	tn := newTopN(10)
	k := relKey{value: "1.2.3.4", sco: scoIPv4}
	tn.add(k, day(5), day(6), "A", []string{"riskiq"}, "h1")
	tn.add(k, day(2), day(4), "A", []string{"pingly", "riskiq"}, "h0")
	tn.add(k, day(3), day(9), "A", []string{"kaspersky"}, "h2")
	got := tn.sorted()
	if len(got) != 1 {
		t.Fatalf("got %d entries, want 1", len(got))
	}
	e := got[0]
	if !e.first.Equal(day(2)) || !e.last.Equal(day(9)) {
		t.Errorf("range = %v..%v, want %v..%v", e.first, e.last, day(2), day(9))
	}
	if diff := cmp.Diff([]string{"kaspersky", "pingly", "riskiq"}, e.sources); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	if e.hash != "h2" || e.records != 3 {
		t.Errorf("hash, records = %q, %d; want h2, 3", e.hash, e.records)
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
		tn := newTopN(keep)
		for _, i := range order {
			// Each record has its own lastSeen; the order of arrival is random.
			last := day(1).Add(time.Duration(i) * time.Minute)
			tn.add(relKey{value: strconv.Itoa(i)}, day(1), last, "A", nil, "")
		}
		var got []string
		for _, e := range tn.sorted() {
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
		tn := newTopN(3)
		for _, i := range r.Perm(10) {
			tn.add(relKey{value: strconv.Itoa(i)}, day(1), day(2), "A", nil, "")
		}
		var got []string
		for _, e := range tn.sorted() {
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

func TestInsertSorted(t *testing.T) {
	t.Parallel()
	var xs []string
	for _, s := range []string{"b", "a", "c", "b", "a"} {
		xs = insertSorted(xs, s)
	}
	if diff := cmp.Diff([]string{"a", "b", "c"}, xs); diff != "" {
		t.Errorf("insertSorted (-want +got):\n%s", diff)
	}
}
