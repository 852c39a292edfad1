package metrics

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestReasonLabel(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"no valid firstSeen", "no valid firstSeen"},
		{`record value "a.example" is not the queried entity`, `record value "…" is not the queried entity`},
		{"unsupported record type " + strconv.Quote("X") + " with resolve type " + strconv.Quote(`we"ird\`), `unsupported record type "…" with resolve type "…"`},
		{`unbalanced "quote here`, `unbalanced "quote here`},
		{"first line\nsecond line", "first line"},
		{"", "unspecified"},
		{"  \n", "unspecified"},
		{"bad \xff byte", "bad ? byte"},
		{strings.Repeat("é", 100), strings.Repeat("é", MaxReasonLen/2)},
	}
	for _, tt := range tests {
		if got := ReasonLabel(tt.in); got != tt.want {
			t.Errorf("ReasonLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzReasonLabel(f *testing.F) {
	for _, s := range []string{"", `a "b" c`, `"\"`, "x\ny", strings.Repeat("\"", 9), "\xff\"\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := ReasonLabel(s)
		if l == "" || len(l) > MaxReasonLen || strings.ContainsRune(l, '\n') {
			t.Fatalf("ReasonLabel(%q) = %q", s, l)
		}
		if ReasonLabel(l) != l {
			t.Fatalf("not stable: %q -> %q -> %q", s, l, ReasonLabel(l))
		}
	})
}

// TestReasonBound: reasons the normalisation cannot fold (values without quotes) stop
// adding series after MaxReasons; the counts still add up.
func TestReasonBound(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	n := MaxReasons + 10
	for i := range n {
		m.Skipped(ScopeObject, fmt.Sprintf("bad value %d", i))
	}
	m.Skipped(ScopeItem, "bad value 999") // the bound is per scope
	s := scrape(t, m)
	got := s.ByLabel("ptstix_skips_total", "reason", "scope", ScopeObject)
	if len(got) != MaxReasons+1 {
		t.Errorf("%d reason series, want %d", len(got), MaxReasons+1)
	}
	if got[OtherReason] != 10 {
		t.Errorf("other = %v, want 10", got[OtherReason])
	}
	if total := s.Sum("ptstix_skips_total", "scope", ScopeObject); total != float64(n) {
		t.Errorf("total = %v, want %d", total, n)
	}
	if v := s.Get("ptstix_skips_total", "scope", ScopeItem, "reason", "bad value 999"); v != 1 {
		t.Errorf("item scope reason = %v, want 1", v)
	}
}
