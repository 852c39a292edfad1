package stix

import (
	"unicode"
	"unicode/utf8"
)

// pycti normalises names with Python's str.lower() and str.strip(). Go's
// strings.ToLower and strings.TrimSpace differ on a few characters, and an
// ID computed from a differently normalised name would not match the
// platform's, so both are reimplemented here.

// isPySpace reports whether Python's str.isspace() is true for r (the
// characters str.strip() removes): Unicode White_Space plus the
// information separators U+001C..U+001F, which Python treats as
// whitespace (bidirectional class B/S) and Go does not.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
}

// pyStrip returns s without leading and trailing Python whitespace.
func pyStrip(s string) string {
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		if !isPySpace(r) {
			break
		}
		s = s[n:]
	}
	for s != "" {
		r, n := utf8.DecodeLastRuneInString(s)
		if !isPySpace(r) {
			break
		}
		s = s[:len(s)-n]
	}
	return s
}

// pyLower returns Python's s.lower().
func pyLower(s string) string { return string(appendPyLower(nil, s)) }

// appendPyLower appends Python's s.lower() to dst: Unicode full lowercase
// mapping, which adds to Go's simple mapping U+0130 -> "i\u0307" and the
// Final_Sigma rule for U+03A3. Invalid UTF-8 bytes are copied as they are
// (the canonical JSON encoder rejects them afterwards).
func appendPyLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			dst = append(dst, c)
		case r == 0x130: // LATIN CAPITAL LETTER I WITH DOT ABOVE
			dst = append(dst, 'i', 0xcc, 0x87)
		case r == 0x3a3: // GREEK CAPITAL LETTER SIGMA
			if finalSigma(s, i, i+n) {
				dst = utf8.AppendRune(dst, 0x3c2)
			} else {
				dst = utf8.AppendRune(dst, 0x3c3)
			}
		default:
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		i += n
	}
	return dst
}

// finalSigma implements the Final_Sigma condition as CPython does: the
// sigma at s[start:end] follows a cased letter (skipping case-ignorable
// characters) and is not followed by one.
func finalSigma(s string, start, end int) bool {
	before := s[:start]
	found := false
	for before != "" {
		r, n := utf8.DecodeLastRuneInString(before)
		before = before[:len(before)-n]
		if isCaseIgnorable(r) {
			continue
		}
		found = isCased(r)
		break
	}
	if !found {
		return false
	}
	after := s[end:]
	for after != "" {
		r, n := utf8.DecodeRuneInString(after)
		after = after[n:]
		if isCaseIgnorable(r) {
			continue
		}
		return !isCased(r)
	}
	return true
}

// isCased is Unicode's Cased property.
func isCased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
		unicode.Is(unicode.Other_Lowercase, r) || unicode.Is(unicode.Other_Uppercase, r)
}

// isCaseIgnorable is Unicode's Case_Ignorable property: categories Mn, Me,
// Cf, Lm, Sk and the Word_Break MidLetter/MidNumLet/Single_Quote characters.
func isCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', 0xb7, 0x387, 0x55f, 0x5f4, 0x2018, 0x2019, 0x2024,
		0x2027, 0xfe13, 0xfe52, 0xfe55, 0xff07, 0xff0e, 0xff1a:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
