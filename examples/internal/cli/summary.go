package cli

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// Summary counts what a run did, from its Events, and prints the closing report. It is
// an Observer; its counters are safe for concurrent use.
type Summary struct {
	// Offline says the run read saved files only: the report then says no quota was used.
	Offline bool

	mu      sync.Mutex
	noun    string // "articles" or "entities"
	start   time.Time
	done    int
	skipped map[string]int // items skipped, by reason
	bundles int
	objects map[string]int // by STIX type
	skips   map[string]int // mapping skips, by reason
	errors  int
	quota   *[2]int // remaining, limit
}

// NewSummary returns a Summary whose report calls items noun ("articles", "entities").
func NewSummary(noun string) *Summary {
	return &Summary{noun: noun, start: time.Now(), skipped: map[string]int{}, objects: map[string]int{}, skips: map[string]int{}}
}

// Observe counts e.
func (s *Summary) Observe(e Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch e.Kind {
	case ItemDone:
		s.done++
	case ItemSkipped:
		s.skipped[e.Reason]++
	case ObjectSkipped:
		s.skips[e.Reason]++
	case BundleWritten:
		s.bundles++
		for t, n := range e.Objects {
			s.objects[t] += n
		}
	case Quota:
		s.quota = &[2]int{e.Remaining, e.Limit}
	case Error:
		s.errors++
	}
}

// Totals is a snapshot of a Summary, for tests and for callers that report elsewhere.
type Totals struct {
	Done       int            // items handled
	Skipped    map[string]int // items skipped, by reason
	Bundles    int            // bundles written
	Objects    map[string]int // objects written, by STIX type
	Skips      map[string]int // mapping skips, by reason
	Errors     int
	QuotaKnown bool
	Remaining  int
	Limit      int
}

// Totals returns a copy of the counters.
func (s *Summary) Totals() Totals {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := Totals{Done: s.done, Skipped: maps.Clone(s.skipped), Bundles: s.bundles,
		Objects: maps.Clone(s.objects), Skips: maps.Clone(s.skips), Errors: s.errors}
	if s.quota != nil {
		t.QuotaKnown, t.Remaining, t.Limit = true, s.quota[0], s.quota[1]
	}
	return t
}

// ObjectCount is the number of objects written, all types together.
func (t Totals) ObjectCount() int {
	n := 0
	for _, c := range t.Objects {
		n += c
	}
	return n
}

// Print writes the closing report: items done, objects by type, skips by reason, quota
// left. Sorted so two runs over the same data print the same report.
func (s *Summary) Print(w io.Writer) {
	t := s.Totals()
	var b strings.Builder
	skipped := 0
	for _, n := range t.Skipped {
		skipped += n
	}
	fmt.Fprintf(&b, "summary: %d %s done, %d skipped, %d bundles, %d objects, %d errors, in %s\n",
		t.Done, s.noun, skipped, t.Bundles, t.ObjectCount(), t.Errors, time.Since(s.start).Round(time.Millisecond))
	writeCounts(&b, "objects by type", t.Objects)
	writeCounts(&b, s.noun+" skipped", t.Skipped)
	writeCounts(&b, "skips by reason", t.Skips)
	if t.QuotaKnown {
		fmt.Fprintf(&b, "  quota left: %d of %d searches\n", t.Remaining, t.Limit)
	} else if s.Offline {
		b.WriteString("  quota left: not used (saved input)\n")
	} else {
		b.WriteString("  quota left: unknown\n")
	}
	io.WriteString(w, b.String())
}

// writeCounts writes "  title:" and one "    key: n" line per entry, largest first.
func writeCounts(b *strings.Builder, title string, m map[string]int) {
	if len(m) == 0 {
		return
	}
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, c string) int {
		return cmp.Or(cmp.Compare(m[c], m[a]), cmp.Compare(a, c))
	})
	fmt.Fprintf(b, "  %s:\n", title)
	for _, k := range keys {
		fmt.Fprintf(b, "    %6d  %s\n", m[k], k)
	}
}
