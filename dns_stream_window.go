package passivetotal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/ptstix/passivetotal/internal/jsonscan"
)

// dnsStream feeds the hand-written scanner from a reader for
// PassiveDNSRecords. The window holds the value being read and what was
// read past it; a value that does not fit is read again from its start
// once more bytes are in (values are small, reads are large, so this is
// rare). No value may grow the window beyond MaxRecordSize.
type dnsStream struct {
	r     io.Reader
	d     dnsDecoder // d.s.B is the window; d.s.More is false once r is drained
	base  int64      // stream offset of d.s.B[0]
	fills int        // number of refills so far
}

// The window starts small, so that a consumer who stops after a few
// records has not made the reader produce many more, and doubles per
// refill up to streamMaxRead.
const (
	streamFirstRead = 2 << 10
	streamMaxRead   = 64 << 10
)

// fill drops the window's bytes before keep, reads more, and leaves the
// scanner at the first kept byte.
func (z *dnsStream) fill(keep int) error {
	s := &z.d.s
	rest := len(s.B) - keep
	// Hold at most one byte past the limit, so a value that does not fit
	// always needs one more fill, which then fails.
	const limit = MaxRecordSize + 1
	if rest >= limit {
		return tooLarge("one JSON value", MaxRecordSize)
	}
	buf := s.B[:cap(s.B)]
	copy(buf, s.B[keep:])
	z.base += int64(keep)
	if z.fills > 0 && (cap(buf) < streamMaxRead || rest > cap(buf)/2) {
		nb := make([]byte, min(max(2*cap(buf), 2*rest), limit))
		copy(nb, buf[:rest])
		buf = nb
	}
	z.fills++
	// The kept bytes are scanned again from the start: reading at least as
	// many new bytes (up to streamMaxRead) keeps a big value arriving in
	// small reads from being rescanned once per read.
	room := buf[:min(len(buf), limit)]
	need := min(max(rest, 1), streamMaxRead, len(room)-rest)
	n, err := 0, error(nil)
	for empty := 0; n < need && err == nil; {
		var k int
		k, err = z.r.Read(room[rest+n:])
		n += k
		if k > 0 {
			empty = 0
		} else if empty++; empty == 100 {
			if n == 0 {
				return io.ErrNoProgress
			}
			break
		}
	}
	s.B, s.I = buf[:rest+n], 0
	if err == io.EOF {
		s.More = false
	} else if err != nil {
		return err
	}
	return nil
}

// peek skips whitespace, reading as needed, and returns the next byte.
func (z *dnsStream) peek() (byte, error) {
	s := &z.d.s
	for {
		c, err := s.Peek()
		if err != jsonscan.ErrShort {
			return c, err
		}
		if err := z.fill(s.I); err != nil {
			return 0, err
		}
	}
}

// expect skips whitespace and consumes c.
func (z *dnsStream) expect(c byte) error {
	got, err := z.peek()
	if err == nil && got != c {
		err = jsonscan.ErrBad
	}
	if err != nil {
		return z.syntax(err)
	}
	z.d.s.I++
	return nil
}

// syntax turns a scanner error at the current position into the error
// PassiveDNSRecords reports.
func (z *dnsStream) syntax(err error) error {
	switch err {
	case jsonscan.ErrEOF:
		return io.ErrUnexpectedEOF
	case jsonscan.ErrBad, jsonscan.ErrSlow:
		s := &z.d.s
		c := "end of input"
		if s.I < len(s.B) {
			c = fmt.Sprintf("character %q", s.B[s.I])
		}
		return fmt.Errorf("passivetotal: passive DNS body: invalid %s at byte %d", c, z.base+int64(s.I))
	}
	return err
}

// key reads an object key.
func (z *dnsStream) key() (string, error) {
	if _, err := z.peek(); err != nil {
		return "", z.syntax(err)
	}
	s := &z.d.s
	for {
		start := s.I
		ks, ke, err := s.Str()
		switch err {
		case nil:
			return string(s.B[ks:ke]), nil
		case jsonscan.ErrSlow: // escapes or invalid UTF-8: unquote the encoding/json way
			var k string
			if err := json.Unmarshal(s.B[start:s.I], &k); err != nil {
				return "", err
			}
			return k, nil
		case jsonscan.ErrShort:
			if err := z.fill(start); err != nil {
				return "", err
			}
		default:
			return "", z.syntax(err)
		}
	}
}

// value reads one well-formed value of any kind and returns its bytes,
// valid until the next read.
func (z *dnsStream) value() ([]byte, error) {
	if _, err := z.peek(); err != nil {
		return nil, z.syntax(err)
	}
	s := &z.d.s
	for {
		start := s.I
		err := s.Skip()
		switch err {
		case nil:
			return s.B[start:s.I], nil
		case jsonscan.ErrShort:
			if err := z.fill(start); err != nil {
				return nil, err
			}
		case jsonscan.ErrEOF:
			return nil, io.ErrUnexpectedEOF
		default:
			return nil, jsonscan.SyntaxError(s.B[start:])
		}
	}
}

// records reads the value of "results": a list whose elements are
// decoded and yielded one by one, or null.
func (z *dnsStream) records(yield func(DNSRecord, error) bool) error {
	s := &z.d.s
	c, err := z.peek()
	if err != nil {
		return z.syntax(err)
	}
	switch c {
	case 'n':
		_, err := z.value()
		return err
	case '[':
		s.I++
	default:
		return errors.New("passivetotal: passive DNS results is not a list")
	}
	if c, err := z.peek(); err != nil {
		return z.syntax(err)
	} else if c == ']' {
		s.I++
		return nil
	}
	for {
		r, err := z.record()
		if err != nil {
			return fmt.Errorf("passivetotal: passive DNS record: %w", err)
		}
		if !yield(r, nil) {
			return errStopped
		}
		c, err := z.peek()
		if err != nil {
			return z.syntax(err)
		}
		s.I++
		switch c {
		case ',':
		case ']':
			return nil
		default:
			s.I--
			return z.syntax(jsonscan.ErrBad)
		}
	}
}

// record reads one element of results: by hand when it has the usual
// shape, else through encoding/json as dnsRecordWire.
func (z *dnsStream) record() (DNSRecord, error) {
	s := &z.d.s
	for {
		if _, err := z.peek(); err != nil {
			return DNSRecord{}, z.syntax(err)
		}
		start := s.I
		r, err := z.d.record()
		if err == nil {
			return r, nil
		}
		if err != jsonscan.ErrShort {
			s.I = start
			switch err = s.Skip(); err {
			case nil:
				return recordSlow(s.B[start:s.I])
			case jsonscan.ErrEOF:
				return DNSRecord{}, io.ErrUnexpectedEOF
			case jsonscan.ErrBad:
				return DNSRecord{}, jsonscan.SyntaxError(s.B[start:])
			}
		}
		if err := z.fill(start); err != nil {
			return DNSRecord{}, err
		}
	}
}
