package mapping

import (
	"strconv"
	"unicode/utf8"
)

// A Skip is an input item that produced no object, and why.
type Skip struct {
	// Item names the input: its kind and a quoted, shortened value, e.g.
	// `indicator domain "foo bar"` or `record TXT "v=spf1 -all"`.
	Item string
	// Reason says why it was not converted.
	Reason string
}

// String returns "item: reason".
func (s Skip) String() string { return s.Item + ": " + s.Reason }

// maxShownLen bounds how much of a value a Skip repeats.
const maxShownLen = 120

// quoteValue quotes a value for a Skip item: Go-quoted (so control
// characters and invalid UTF-8 stay visible and harmless in logs) and cut to
// maxShownLen bytes with the full length noted.
func quoteValue(v string) string {
	if len(v) <= maxShownLen {
		return strconv.Quote(v)
	}
	cut := maxShownLen
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return strconv.Quote(v[:cut]) + "... (" + strconv.Itoa(len(v)) + " bytes)"
}

// item builds a Skip item: kind, then the quoted value.
func item(kind, value string) string { return kind + " " + quoteValue(value) }
