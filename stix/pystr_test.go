package stix

import (
	"testing"
	"unicode/utf8"
)

// Expected values come from CPython 3 str.lower() / str.isspace().
func TestPyLower(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"PassiveTotal", "passivetotal"},
		{"İSTANBUL", "i\u0307stanbul"},
		{"ΟΔΟΣ", "οδος"[:len("οδο")] + "\u03c2"},
		{"ΟΔΟΣ.", "\u03bf\u03b4\u03bf\u03c2."},
		{"Σ", "\u03c3"},
		{"ΑΣ Β", "\u03b1\u03c2 \u03b2"},
		{"ΑΣΑ", "\u03b1\u03c3\u03b1"},
		{"ΑΣ'", "\u03b1\u03c2'"},
		{"ΑΣ'Α", "\u03b1\u03c3'\u03b1"},
		{"ΑΣ\u0301", "\u03b1\u03c2\u0301"},
		{"ǅ", "\u01c6"},
		{"ẞ", "\u00df"},
		{"\u212a", "k"}, // KELVIN SIGN
		{"\u2126", "\u03c9"},
		{"Café Ñandú", "café ñandú"},
		{"a\xffB", "a\xffb"}, // invalid bytes pass through
	}
	for _, tt := range tests {
		if got := pyLower(tt.in); got != tt.want {
			t.Errorf("pyLower(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPyStrip(t *testing.T) {
	t.Parallel()
	// Every character CPython's str.isspace() accepts.
	const pySpace = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
	for _, r := range pySpace {
		if !isPySpace(r) {
			t.Errorf("isPySpace(%U) = false, Python says true", r)
		}
		s := string(r) + "x" + string(r)
		if got := pyStrip(s); got != "x" {
			t.Errorf("pyStrip(%q) = %q", s, got)
		}
	}
	// And nothing else below U+3001 (ZWSP, BOM, U+180E are not spaces in Python 3).
	n := 0
	for r := rune(0); r <= 0x3000; r++ {
		if isPySpace(r) {
			n++
		}
	}
	if want := utf8.RuneCountInString(pySpace); n != want {
		t.Errorf("%d runes are spaces, Python has %d", n, want)
	}
	for _, s := range []string{"\u200bx", "\ufeffx", "\u180ex"} {
		if pyStrip(s) != s {
			t.Errorf("pyStrip(%q) stripped a non-space", s)
		}
	}
}
