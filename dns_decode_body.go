package passivetotal

import (
	"encoding/json"

	"github.com/ptstix/passivetotal/internal/jsonscan"
)

// The fast path of the whole-body passive DNS decoder: the envelope in its
// usual shape is read by hand, each record with dnsDecoder.record (or
// recordSlow for a record in an unusual shape).

// envelope keys of the passive DNS answer, as PassiveDNS.UnmarshalJSON
// reads them.
var pdnsEnvelopeNames = []string{"queryValue", "queryType", "firstSeen", "lastSeen", "totalRecords", "pager", "results"}

// decodePassiveDNSFast decodes a whole passive DNS body by hand. ok is
// false when the body is not in the usual shape or not well-formed; the
// caller then decodes it with encoding/json, which also has the error.
func decodePassiveDNSFast(data []byte) (*PassiveDNS, bool) {
	d := &dnsDecoder{s: scanner{jsonscan.Scanner{B: data}}}
	s := &d.s
	p := new(PassiveDNS)
	if s.Expect('{') != nil {
		return nil, false
	}
	if c, err := s.Peek(); err != nil {
		return nil, false
	} else if c == '}' {
		s.I++
		return p, d.atEnd()
	}
	var seen uint8
	for {
		ks, ke, err := s.Str()
		if err != nil || s.Expect(':') != nil {
			return nil, false
		}
		key := s.B[ks:ke]
		f := -1
		for i, n := range pdnsEnvelopeNames {
			if string(key) == n {
				f = i
			}
		}
		if f < 0 {
			if jsonscan.FoldsToField(key, pdnsEnvelopeNames) || s.Skip() != nil {
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
		c, err := s.Peek()
		if err != nil {
			return nil, false
		}
		s.I++
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
	d.s.SkipSpace()
	return d.s.I == len(d.s.B)
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
			text = string(s.B[sp.start:sp.end])
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
		c, err := s.Peek()
		if err != nil {
			return false
		}
		if c == 'n' {
			p.TotalRecords = 0
			return s.Literal("null") == nil
		}
		start, end, err := s.Number()
		if err != nil {
			return false
		}
		n, err := parseFlexInt(string(s.B[start:end]))
		p.TotalRecords = n
		return err == nil
	case "pager":
		s.SkipSpace()
		start := s.I
		if s.Skip() != nil {
			return false
		}
		return json.Unmarshal(s.B[start:s.I], &p.Pager) == nil
	case "results":
		return d.results(p)
	}
	return false
}

// results reads the results list (or null) into p.Results.
func (d *dnsDecoder) results(p *PassiveDNS) bool {
	s := &d.s
	c, err := s.Peek()
	if err != nil {
		return false
	}
	switch c {
	case 'n':
		p.Results = nil
		return s.Literal("null") == nil
	case '[':
	default:
		return false // a single record or a placeholder: flexList decides
	}
	s.I++
	p.Results = []DNSRecord{}
	if c, err := s.Peek(); err != nil {
		return false
	} else if c == ']' {
		s.I++
		return true
	}
	for {
		s.SkipSpace()
		start := s.I
		r, err := d.record()
		if err != nil {
			s.I = start
			if s.Skip() != nil {
				return false
			}
			if r, err = recordSlow(s.B[start:s.I]); err != nil {
				return false
			}
		}
		p.Results = append(p.Results, r)
		c, err := s.Peek()
		if err != nil {
			return false
		}
		s.I++
		switch c {
		case ',':
		case ']':
			return true
		default:
			return false
		}
	}
}
