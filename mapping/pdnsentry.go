package mapping

import (
	"encoding/hex"
	"math/bits"
	"slices"
	"strings"
)

// The compact parts of a relEntry: its sources as bits over a table of
// source names, and its record hash as bytes. An answer names a handful of
// sources (riskiq, pingly, kaspersky, ...) over all its records, and its
// record hashes are SHA-256 in lower-case hex: a slice of names and a
// 64-byte string for each of a million relationships would cost more than
// the rest of the entry.

// maxSourceBits is how many source names the table numbers; the names of an
// answer beyond them are kept by each entry that has them.
const maxSourceBits = 64

// sourceTable numbers the distinct source names of one accumulator in the
// order they are first seen.
type sourceTable struct {
	names []string
	// sorted lists the bits of names in name order; set by order, once
	// the accumulator is complete.
	sorted []uint8
}

// bit returns the bit of name, adding it to the table when there is room.
func (t *sourceTable) bit(name string) (uint64, bool) {
	// A linear scan: the table is short and most names differ in length.
	for i, n := range t.names {
		if n == name {
			return 1 << i, true
		}
	}
	if len(t.names) == maxSourceBits {
		return 0, false
	}
	// A copy: the record's text must not be kept alive by the table.
	t.names = append(t.names, strings.Clone(name))
	return 1 << (len(t.names) - 1), true
}

// order prepares the table for list.
func (t *sourceTable) order() {
	t.sorted = t.sorted[:0]
	for i := range t.names {
		t.sorted = append(t.sorted, uint8(i))
	}
	slices.SortFunc(t.sorted, func(a, b uint8) int { return strings.Compare(t.names[a], t.names[b]) })
}

// entryExtra is what an entry keeps beyond its fixed fields, rarely.
type entryExtra struct {
	sources []string // sorted, deduplicated names not in the table
	hash    string   // the record hash when hashForm is recHashText
}

func (e *relEntry) ext() *entryExtra {
	if e.extra == nil {
		e.extra = &entryExtra{}
	}
	return e.extra
}

// addSource adds one (trimmed, non-empty) source name to e.
func (t *topN) addSource(e *relEntry, name string) {
	if b, ok := t.sources.bit(name); ok {
		e.sources |= b
		return
	}
	x := e.ext()
	if i, found := slices.BinarySearch(x.sources, name); !found {
		x.sources = slices.Insert(x.sources, i, strings.Clone(name))
	}
}

// sourceList returns e's sources, sorted and distinct: a new slice (nil
// when there are none). The table must have been ordered (sorted does).
func (t *topN) sourceList(e *relEntry) []string {
	n := bits.OnesCount64(e.sources)
	if e.extra != nil {
		n += len(e.extra.sources)
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for _, b := range t.sources.sorted {
		if e.sources&(1<<b) != 0 {
			out = append(out, t.sources.names[b])
		}
	}
	if e.extra != nil && len(e.extra.sources) > 0 {
		// Names outside the table are never in it: the union is distinct.
		out = append(out, e.extra.sources...)
		slices.Sort(out)
	}
	return out
}

// Forms of a relEntry's record hash.
const (
	recHashNone uint8 = iota // no record had a hash
	recHashHex               // 64 lower-case hex digits, kept as their 32 bytes in hash
	recHashText              // any other text, kept in extra.hash
)

// setHash keeps h (not empty) as e's record hash.
func (e *relEntry) setHash(h string) {
	if decodeLowerHex(e.hash[:], h) {
		e.hashForm = recHashHex
		if e.extra != nil {
			e.extra.hash = ""
		}
		return
	}
	e.hashForm = recHashText
	// A copy: the record's text shares one block with its other fields,
	// which the entry must not keep alive.
	e.ext().hash = strings.Clone(h)
}

// hashGreater reports whether e's record hash sorts after h.
func (e *relEntry) hashGreater(h string) bool {
	switch e.hashForm {
	case recHashHex:
		var buf [2 * len(e.hash)]byte
		hex.Encode(buf[:], e.hash[:])
		return string(buf[:]) > h
	case recHashText:
		return e.extra.hash > h
	}
	return false
}

// hashString returns e's record hash as the record gave it ("" when none).
func (e *relEntry) hashString() string {
	switch e.hashForm {
	case recHashHex:
		return hex.EncodeToString(e.hash[:])
	case recHashText:
		return e.extra.hash
	}
	return ""
}

// decodeLowerHex decodes s into dst when s is exactly 2*len(dst) lower-case
// hex digits (which hex encoding gives back byte for byte), and reports
// whether it did; dst is unchanged otherwise. A table lookup per digit: a
// branch per digit mispredicted often enough to take 4% of an uncapped
// mapping.
func decodeLowerHex(dst []byte, s string) bool {
	if len(s) != 2*len(dst) || len(dst) > 32 {
		return false
	}
	var buf [32]byte
	bad := byte(0)
	for i := range dst {
		hi, lo := lowerHexDigits[s[2*i]], lowerHexDigits[s[2*i+1]]
		bad |= hi | lo
		buf[i] = hi<<4 | lo&0x0f
	}
	if bad&0x80 != 0 {
		return false
	}
	copy(dst, buf[:len(dst)])
	return true
}

// lowerHexDigits maps a lower-case hex digit to its value, anything else
// to 0xff.
var lowerHexDigits = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i, c := range "0123456789abcdef" {
		t[c] = byte(i)
	}
	return t
}()
