package metrics

import (
	"strings"
	"unicode/utf8"
)

// Bounds on data-derived label values: a Prometheus series per distinct value is cheap
// only while the values are few.
const (
	// MaxReasonLen caps a reason label, in bytes.
	MaxReasonLen = 120
	// MaxReasons is how many distinct reasons a scope keeps; later ones count as
	// OtherReason.
	MaxReasons = 64
	// OtherReason is the reason label once MaxReasons is reached.
	OtherReason = "other"
)

// ReasonLabel turns a skip reason into a label value: every double-quoted part (the
// mapping quotes the values it rejects, with strconv.Quote) becomes "…", so
// `record value "a.example" is not the queried entity` and the same reason for another
// value share one series; it keeps the first line only and at most MaxReasonLen bytes.
// Tests comparing metrics with the run summary apply it to the summary's reasons.
func ReasonLabel(reason string) string {
	if i := strings.IndexByte(reason, '\n'); i >= 0 {
		reason = reason[:i]
	}
	var b strings.Builder
	for i := 0; i < len(reason); i++ {
		c := reason[i]
		if c != '"' {
			b.WriteByte(c)
			continue
		}
		// Skip to the closing quote, honouring backslash escapes.
		j := i + 1
		for j < len(reason) && reason[j] != '"' {
			if reason[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(reason) { // unbalanced: keep the rest as it is
			b.WriteString(reason[i:])
			break
		}
		b.WriteString(`"…"`)
		i = j
	}
	s := strings.ToValidUTF8(b.String(), "?")
	if len(s) > MaxReasonLen {
		cut := MaxReasonLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	s = strings.TrimSpace(s)
	if s == "" {
		s = "unspecified"
	}
	return s
}

// labelSet remembers the distinct values of one label, up to a limit.
type labelSet struct {
	seen map[string]struct{}
	max  int
}

// reasonLabel is ReasonLabel bounded to MaxReasons values per scope.
func (m *Metrics) reasonLabel(scope, reason string) string {
	l := ReasonLabel(reason)
	m.mu.Lock()
	defer m.mu.Unlock()
	set := m.reasons[scope]
	if set == nil {
		set = &labelSet{seen: map[string]struct{}{}, max: MaxReasons}
		m.reasons[scope] = set
	}
	if _, ok := set.seen[l]; ok {
		return l
	}
	if len(set.seen) >= set.max {
		return OtherReason
	}
	set.seen[l] = struct{}{}
	return l
}
