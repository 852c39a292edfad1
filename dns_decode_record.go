package passivetotal

import (
	"bytes"
	"encoding/json"

	"github.com/ptstix/passivetotal/internal/jsonscan"
)

// The fast path of the passive DNS decoders. A record in the usual shape
// (string or null values, a list of strings for source, no escapes, no
// duplicate or oddly cased keys) is read by hand; anything else goes
// through dnsRecordWire and encoding/json, which stays the reference for
// the lenient rules. Both give the same DNSRecord for the same bytes.

// Indexes of the record fields, in dnsFieldNames order.
const (
	fFirstSeen = iota
	fLastSeen
	fCollected
	fValue
	fResolve
	fResolveType
	fRecordType
	fRecordHash
	fSource
	nDNSFields
)

var dnsFieldNames = [nDNSFields]string{"firstSeen", "lastSeen", "collected", "value", "resolve",
	"resolveType", "recordType", "recordHash", "source"}

// dnsFieldIndex returns the field a key names exactly, or -1.
func dnsFieldIndex(k []byte) int {
	switch string(k) { // no allocation: the compiler compares in place
	case "firstSeen":
		return fFirstSeen
	case "lastSeen":
		return fLastSeen
	case "collected":
		return fCollected
	case "value":
		return fValue
	case "resolve":
		return fResolve
	case "resolveType":
		return fResolveType
	case "recordType":
		return fRecordType
	case "recordHash":
		return fRecordHash
	case "source":
		return fSource
	}
	return -1
}

// span locates a string value's contents in the scanner's bytes.
type span struct {
	start, end int
	set        bool // false: absent or null
}

// dnsDecoder decodes records, reusing its scratch space between them.
type dnsDecoder struct {
	s      scanner
	f      [nDNSFields - 1]span // string fields (all but source)
	src    []span
	arena  []byte
	intern map[string]string
}

// maxInterned bounds the intern table: values that repeat across records
// (the queried value, record and resolve types, sources) are shared;
// unbounded distinct values stop being added once it is full.
const maxInterned = 1024

func (d *dnsDecoder) internBytes(b []byte) string {
	if s, ok := d.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(b) <= 64 && len(d.intern) < maxInterned {
		if d.intern == nil {
			d.intern = make(map[string]string)
		}
		d.intern[s] = s
	}
	return s
}

// strOrNull reads a string or null value into sp; other shapes are jsonscan.ErrSlow.
func (d *dnsDecoder) strOrNull(sp *span) error {
	s := &d.s
	c, err := s.Peek()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		start, end, err := s.Str()
		if err != nil {
			return err
		}
		*sp = span{start: start, end: end, set: true}
		return nil
	case 'n':
		*sp = span{}
		return s.Literal("null")
	}
	return jsonscan.ErrSlow
}

// source reads the source value: a list of strings or nulls, one string,
// or null. srcList reports the list form.
func (d *dnsDecoder) source() (srcList bool, err error) {
	s := &d.s
	c, err := s.Peek()
	if err != nil || c != '[' {
		if err == nil && c != '"' && c != 'n' {
			return false, jsonscan.ErrSlow
		}
		var sp span
		if err := d.strOrNull(&sp); err != nil {
			return false, err
		}
		if sp.set {
			d.src = append(d.src, sp)
		}
		return false, nil
	}
	s.I++
	if c, err := s.Peek(); err != nil {
		return true, err
	} else if c == ']' {
		s.I++
		return true, nil
	}
	for {
		var sp span
		if err := d.strOrNull(&sp); err != nil {
			return true, err
		}
		d.src = append(d.src, sp) // unset spans are nulls: "" then dropped
		c, err := s.Peek()
		if err != nil {
			return true, err
		}
		s.I++
		switch c {
		case ',':
		case ']':
			return true, nil
		default:
			s.I--
			return true, jsonscan.ErrBad
		}
	}
}

// record reads one record object at the scanner's position. On any error
// the position is unspecified: callers rewind and take the slow path.
func (d *dnsDecoder) record() (DNSRecord, error) {
	s := &d.s
	if err := s.Expect('{'); err != nil {
		if err == jsonscan.ErrBad {
			err = jsonscan.ErrSlow // null, a number...: encoding/json decides
		}
		return DNSRecord{}, err
	}
	d.f = [nDNSFields - 1]span{}
	d.src = d.src[:0]
	var seen uint16
	srcList := false
	if c, err := s.Peek(); err != nil {
		return DNSRecord{}, err
	} else if c == '}' {
		s.I++
		return d.build(srcList), nil
	}
	for {
		ks, ke, err := s.Str()
		if err != nil {
			return DNSRecord{}, err
		}
		if err := s.Expect(':'); err != nil {
			return DNSRecord{}, err
		}
		f := dnsFieldIndex(s.B[ks:ke])
		switch {
		case f < 0:
			if jsonscan.FoldsToField(s.B[ks:ke], dnsFieldNames[:]) {
				return DNSRecord{}, jsonscan.ErrSlow
			}
			err = s.Skip()
		case seen&(1<<f) != 0:
			return DNSRecord{}, jsonscan.ErrSlow // duplicate key: last wins in encoding/json
		case f == fSource:
			seen |= 1 << f
			srcList, err = d.source()
		default:
			seen |= 1 << f
			err = d.strOrNull(&d.f[f])
		}
		if err != nil {
			return DNSRecord{}, err
		}
		c, err := s.Peek()
		if err != nil {
			return DNSRecord{}, err
		}
		s.I++
		switch c {
		case ',':
		case '}':
			return d.build(srcList), nil
		default:
			return DNSRecord{}, jsonscan.ErrBad
		}
	}
}

// build makes the record from the spans with the lenient rules of
// flexString, Time and flexList[flexString]. The fields that rarely repeat
// share one string allocation; the others are interned.
func (d *dnsDecoder) build(srcList bool) DNSRecord {
	b := d.s.B
	d.arena = d.arena[:0]
	var off [fRecordHash + 1][2]int
	for _, f := range [...]int{fFirstSeen, fLastSeen, fCollected, fResolve, fRecordHash} {
		sp := d.f[f]
		off[f][0] = len(d.arena)
		if sp.set {
			d.arena = append(d.arena, b[sp.start:sp.end]...)
		}
		off[f][1] = len(d.arena)
	}
	arena := string(d.arena)
	at := func(f int) string { return arena[off[f][0]:off[f][1]] }
	flex := func(f int) string {
		if s := at(f); !isPlaceholder(s) {
			return s
		}
		return ""
	}
	tm := func(f int) Time {
		if !d.f[f].set {
			return Time{}
		}
		raw := at(f)
		// The usual "YYYY-MM-DD HH:MM:SS" first: ParseTime would get to
		// the same parser after its checks for placeholders and epochs.
		t, ok := parseDateTimeFast(raw)
		if !ok {
			t, _ = ParseTime(raw)
		}
		return Time{Time: t, Raw: raw}
	}
	str := func(f int) string {
		sp := d.f[f]
		if !sp.set || isPlaceholderBytes(b[sp.start:sp.end]) {
			return ""
		}
		return d.internBytes(b[sp.start:sp.end])
	}
	r := DNSRecord{
		FirstSeen: tm(fFirstSeen), LastSeen: tm(fLastSeen),
		Value: str(fValue), Resolve: flex(fResolve), ResolveType: str(fResolveType), RecordType: str(fRecordType),
		Collected: tm(fCollected), RecordHash: flex(fRecordHash),
	}
	if len(d.src) > 0 {
		// flexList then flexStrings: placeholders (and nulls) are dropped;
		// a list of only those is empty, not nil; a lone placeholder is nil.
		var out []string
		for _, sp := range d.src {
			if !sp.set || isPlaceholderBytes(b[sp.start:sp.end]) {
				continue
			}
			if out == nil {
				out = make([]string, 0, len(d.src))
			}
			out = append(out, d.internBytes(b[sp.start:sp.end]))
		}
		if out == nil && srcList {
			out = []string{}
		}
		r.Source = out
	}
	return r
}

// isPlaceholderBytes is isPlaceholder without converting b.
func isPlaceholderBytes(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) == 0 || bytes.EqualFold(b, []byte("n/a"))
}

// recordSlow decodes one record's bytes the reference way.
func recordSlow(b []byte) (DNSRecord, error) {
	var w dnsRecordWire
	if err := json.Unmarshal(b, &w); err != nil {
		return DNSRecord{}, err
	}
	return w.record(), nil
}

// decodeDNSRecordFast decodes b, one whole record, by hand; ok is false
// when encoding/json must decide.
func decodeDNSRecordFast(b []byte) (DNSRecord, bool) {
	d := dnsDecoder{s: scanner{jsonscan.Scanner{B: b}}}
	r, err := d.record()
	if err != nil {
		return DNSRecord{}, false
	}
	d.s.SkipSpace()
	return r, d.s.I == len(b)
}
