package passivetotal

import (
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// scanner is a small hand-written JSON reader over a byte slice, used by
// the fast paths of the passive DNS and article decoders. It never decides
// anything encoding/json would decide differently: what it is not sure
// about it reports as errSlow, and the caller then hands the bytes to the
// lenient encoding/json path, which has the last word (values and errors).
type scanner struct {
	b []byte
	i int
	// more is set when more input may follow b (streaming): running out
	// of bytes is then errShort (read more and retry) rather than errEOF.
	more bool
}

var (
	// errShort: the value continues past the bytes in hand.
	errShort = errors.New("passivetotal: scanner needs more input")
	// errSlow: well-formed or not, this is for encoding/json to decide.
	errSlow = errors.New("passivetotal: scanner defers to encoding/json")
	// errBad: not JSON at scanner.i.
	errBad = errors.New("passivetotal: malformed JSON")
	// errEOF: the input ended inside a value.
	errEOF = errors.New("passivetotal: unexpected end of JSON input")
)

// maxScanDepth matches encoding/json's nesting limit.
const maxScanDepth = 10000

// end is the error for running out of bytes.
func (s *scanner) end() error {
	if s.more {
		return errShort
	}
	return errEOF
}

// ws skips JSON whitespace.
func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek skips whitespace and returns the next byte.
func (s *scanner) peek() (byte, error) {
	s.ws()
	if s.i >= len(s.b) {
		return 0, s.end()
	}
	return s.b[s.i], nil
}

// expect skips whitespace and consumes c.
func (s *scanner) expect(c byte) error {
	got, err := s.peek()
	if err != nil {
		return err
	}
	if got != c {
		return errBad
	}
	s.i++
	return nil
}

// str reads a string literal at s.i (after whitespace) and returns the
// bounds of its contents in s.b. A literal with an escape or invalid
// UTF-8 is well-formed JSON that needs unquoting: it is reported as
// errSlow, after checking it is well-formed (so errSlow never hides a
// syntax error from a caller that skips the value).
func (s *scanner) str() (start, end int, err error) {
	if err := s.expect('"'); err != nil {
		return 0, 0, err
	}
	start = s.i
	ascii, plain := true, true
	for i := s.i; i < len(s.b); i++ {
		for i < len(s.b) && plainStringByte[s.b[i]] {
			i++ // the usual bytes, in a tight loop
		}
		if i >= len(s.b) {
			break
		}
		c := s.b[i]
		switch {
		case c == '"':
			s.i = i + 1
			if !plain || (!ascii && !utf8.Valid(s.b[start:i])) {
				return start, i, errSlow
			}
			return start, i, nil
		case c == '\\':
			plain = false
			if i+1 >= len(s.b) {
				return 0, 0, s.end()
			}
			i++
			switch s.b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s.b) {
					return 0, 0, s.end()
				}
				for _, h := range s.b[i+1 : i+5] {
					if !isHex(h) {
						s.i = i
						return 0, 0, errBad
					}
				}
				i += 4
			default:
				s.i = i
				return 0, 0, errBad
			}
		case c < 0x20:
			s.i = i
			return 0, 0, errBad
		case c >= 0x80:
			ascii = false
		}
	}
	return 0, 0, s.end()
}

// plainStringByte marks the bytes a string literal holds as they are:
// printable ASCII but the quote and the backslash.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// number reads a number literal at s.i and returns its bounds. In a
// stream a number is complete only once the byte after it is in hand.
func (s *scanner) number() (start, end int, err error) {
	s.ws()
	start = s.i
	i := s.i
	n := len(s.b)
	digits := func() int {
		k := i
		for i < n && s.b[i] >= '0' && s.b[i] <= '9' {
			i++
		}
		return i - k
	}
	if i < n && s.b[i] == '-' {
		i++
	}
	switch {
	case i >= n:
		return 0, 0, s.end()
	case s.b[i] == '0':
		i++
	case digits() == 0:
		s.i = i
		return 0, 0, errBad
	}
	if i < n && s.b[i] == '.' {
		i++
		if digits() == 0 {
			if i >= n {
				return 0, 0, s.end()
			}
			s.i = i
			return 0, 0, errBad
		}
	}
	if i < n && (s.b[i] == 'e' || s.b[i] == 'E') {
		i++
		if i < n && (s.b[i] == '+' || s.b[i] == '-') {
			i++
		}
		if digits() == 0 {
			if i >= n {
				return 0, 0, s.end()
			}
			s.i = i
			return 0, 0, errBad
		}
	}
	if i >= n && s.more {
		return 0, 0, errShort
	}
	s.i = i
	return start, i, nil
}

// literal consumes true, false or null (whichever lit is).
func (s *scanner) literal(lit string) error {
	s.ws()
	for k := 0; k < len(lit); k++ {
		if s.i+k >= len(s.b) {
			return s.end()
		}
		if s.b[s.i+k] != lit[k] {
			s.i += k
			return errBad
		}
	}
	s.i += len(lit)
	return nil
}

// skip consumes one value of any kind, checking that it is well-formed.
func (s *scanner) skip() error { return s.skipDepth(0) }

func (s *scanner) skipDepth(depth int) error {
	c, err := s.peek()
	if err != nil {
		return err
	}
	switch {
	case c == '"':
		if _, _, err := s.str(); err != nil && err != errSlow {
			return err
		}
		return nil
	case c == '-' || c >= '0' && c <= '9':
		_, _, err := s.number()
		return err
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '[' || c == '{':
		if depth >= maxScanDepth {
			return errBad
		}
		s.i++
		closer := byte(']')
		if c == '{' {
			closer = '}'
		}
		if n, err := s.peek(); err != nil {
			return err
		} else if n == closer {
			s.i++
			return nil
		}
		for {
			if c == '{' {
				if _, _, err := s.str(); err != nil && err != errSlow {
					return err
				}
				if err := s.expect(':'); err != nil {
					return err
				}
			}
			if err := s.skipDepth(depth + 1); err != nil {
				return err
			}
			n, err := s.peek()
			if err != nil {
				return err
			}
			s.i++
			switch n {
			case ',':
			case closer:
				return nil
			default:
				s.i--
				return errBad
			}
		}
	}
	return errBad
}

// jsonError returns encoding/json's error for malformed bytes, so the fast
// paths report a bad body in the same words as the lenient path.
func jsonError(b []byte) error {
	var v struct{}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	return errBad // not reached for bytes the scanner rejected
}
