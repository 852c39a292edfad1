package passivetotal

import (
	"bytes"
	"encoding/json"
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

// foldsToField reports whether an unknown key could still select one of
// names under encoding/json's case-insensitive matching (non-ASCII keys
// are assumed to, since Unicode folding has surprises such as K -> K).
func foldsToField(k []byte, names []string) bool {
	for _, c := range k {
		if c >= 0x80 {
			return true
		}
	}
	for _, n := range names {
		if len(n) == len(k) && bytes.EqualFold(k, []byte(n)) {
			return true
		}
	}
	return false
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

// strOrNull reads a string or null value into sp; other shapes are errSlow.
func (d *dnsDecoder) strOrNull(sp *span) error {
	s := &d.s
	c, err := s.peek()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		start, end, err := s.str()
		if err != nil {
			return err
		}
		*sp = span{start: start, end: end, set: true}
		return nil
	case 'n':
		*sp = span{}
		return s.literal("null")
	}
	return errSlow
}

// source reads the source value: a list of strings or nulls, one string,
// or null. srcList reports the list form.
func (d *dnsDecoder) source() (srcList bool, err error) {
	s := &d.s
	c, err := s.peek()
	if err != nil || c != '[' {
		if err == nil && c != '"' && c != 'n' {
			return false, errSlow
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
	s.i++
	if c, err := s.peek(); err != nil {
		return true, err
	} else if c == ']' {
		s.i++
		return true, nil
	}
	for {
		var sp span
		if err := d.strOrNull(&sp); err != nil {
			return true, err
		}
		d.src = append(d.src, sp) // unset spans are nulls: "" then dropped
		c, err := s.peek()
		if err != nil {
			return true, err
		}
		s.i++
		switch c {
		case ',':
		case ']':
			return true, nil
		default:
			s.i--
			return true, errBad
		}
	}
}

// record reads one record object at the scanner's position. On any error
// the position is unspecified: callers rewind and take the slow path.
func (d *dnsDecoder) record() (DNSRecord, error) {
	s := &d.s
	if err := s.expect('{'); err != nil {
		if err == errBad {
			err = errSlow // null, a number...: encoding/json decides
		}
		return DNSRecord{}, err
	}
	d.f = [nDNSFields - 1]span{}
	d.src = d.src[:0]
	var seen uint16
	srcList := false
	if c, err := s.peek(); err != nil {
		return DNSRecord{}, err
	} else if c == '}' {
		s.i++
		return d.build(srcList), nil
	}
	for {
		ks, ke, err := s.str()
		if err != nil {
			return DNSRecord{}, err
		}
		if err := s.expect(':'); err != nil {
			return DNSRecord{}, err
		}
		f := dnsFieldIndex(s.b[ks:ke])
		switch {
		case f < 0:
			if foldsToField(s.b[ks:ke], dnsFieldNames[:]) {
				return DNSRecord{}, errSlow
			}
			err = s.skip()
		case seen&(1<<f) != 0:
			return DNSRecord{}, errSlow // duplicate key: last wins in encoding/json
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
		c, err := s.peek()
		if err != nil {
			return DNSRecord{}, err
		}
		s.i++
		switch c {
		case ',':
		case '}':
			return d.build(srcList), nil
		default:
			return DNSRecord{}, errBad
		}
	}
}

// build makes the record from the spans with the lenient rules of
// flexString, Time and flexList[flexString]. The fields that rarely repeat
// share one string allocation; the others are interned.
func (d *dnsDecoder) build(srcList bool) DNSRecord {
	b := d.s.b
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
	d := dnsDecoder{s: scanner{b: b}}
	r, err := d.record()
	if err != nil {
		return DNSRecord{}, false
	}
	d.s.ws()
	return r, d.s.i == len(b)
}

// envelope keys of the passive DNS answer, as PassiveDNS.UnmarshalJSON
// reads them.
var pdnsEnvelopeNames = []string{"queryValue", "queryType", "firstSeen", "lastSeen", "totalRecords", "pager", "results"}

// decodePassiveDNSFast decodes a whole passive DNS body by hand. ok is
// false when the body is not in the usual shape or not well-formed; the
// caller then decodes it with encoding/json, which also has the error.
func decodePassiveDNSFast(data []byte) (*PassiveDNS, bool) {
	d := &dnsDecoder{s: scanner{b: data}}
	s := &d.s
	p := new(PassiveDNS)
	if s.expect('{') != nil {
		return nil, false
	}
	if c, err := s.peek(); err != nil {
		return nil, false
	} else if c == '}' {
		s.i++
		return p, d.atEnd()
	}
	var seen uint8
	for {
		ks, ke, err := s.str()
		if err != nil || s.expect(':') != nil {
			return nil, false
		}
		key := s.b[ks:ke]
		f := -1
		for i, n := range pdnsEnvelopeNames {
			if string(key) == n {
				f = i
			}
		}
		if f < 0 {
			if foldsToField(key, pdnsEnvelopeNames) || s.skip() != nil {
				return nil, false
			}
		} else {
			if seen&(1<<f) != 0 {
				return nil, false
			}
			seen |= 1 << f
			if !d.envelopeField(p, pdnsEnvelopeNames[f]) {
				return nil, false
			}
		}
		c, err := s.peek()
		if err != nil {
			return nil, false
		}
		s.i++
		switch c {
		case ',':
		case '}':
			return p, d.atEnd()
		default:
			return nil, false
		}
	}
}

// atEnd reports whether only whitespace is left.
func (d *dnsDecoder) atEnd() bool {
	d.s.ws()
	return d.s.i == len(d.s.b)
}

// envelopeField reads one envelope value into p.
func (d *dnsDecoder) envelopeField(p *PassiveDNS, key string) bool {
	s := &d.s
	switch key {
	case "queryValue", "queryType", "firstSeen", "lastSeen":
		var sp span
		if d.strOrNull(&sp) != nil {
			return false
		}
		var text string
		if sp.set {
			text = string(s.b[sp.start:sp.end])
		}
		switch key {
		case "queryValue", "queryType":
			if isPlaceholder(text) {
				text = ""
			}
			if key == "queryValue" {
				p.QueryValue = text
			} else {
				p.QueryType = text
			}
		default:
			t := Time{Raw: text}
			if sp.set {
				t.Time, _ = ParseTime(text)
			}
			if key == "firstSeen" {
				p.FirstSeen = t
			} else {
				p.LastSeen = t
			}
		}
		return true
	case "totalRecords":
		c, err := s.peek()
		if err != nil {
			return false
		}
		if c == 'n' {
			p.TotalRecords = 0
			return s.literal("null") == nil
		}
		start, end, err := s.number()
		if err != nil {
			return false
		}
		n, err := parseFlexInt(string(s.b[start:end]))
		p.TotalRecords = n
		return err == nil
	case "pager":
		s.ws()
		start := s.i
		if s.skip() != nil {
			return false
		}
		return json.Unmarshal(s.b[start:s.i], &p.Pager) == nil
	case "results":
		return d.results(p)
	}
	return false
}

// results reads the results list (or null) into p.Results.
func (d *dnsDecoder) results(p *PassiveDNS) bool {
	s := &d.s
	c, err := s.peek()
	if err != nil {
		return false
	}
	switch c {
	case 'n':
		p.Results = nil
		return s.literal("null") == nil
	case '[':
	default:
		return false // a single record or a placeholder: flexList decides
	}
	s.i++
	p.Results = []DNSRecord{}
	if c, err := s.peek(); err != nil {
		return false
	} else if c == ']' {
		s.i++
		return true
	}
	for {
		s.ws()
		start := s.i
		r, err := d.record()
		if err != nil {
			s.i = start
			if s.skip() != nil {
				return false
			}
			if r, err = recordSlow(s.b[start:s.i]); err != nil {
				return false
			}
		}
		p.Results = append(p.Results, r)
		c, err := s.peek()
		if err != nil {
			return false
		}
		s.i++
		switch c {
		case ',':
		case ']':
			return true
		default:
			return false
		}
	}
}
