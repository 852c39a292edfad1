// Package jsonscan is a small hand-written JSON reader over a byte slice,
// used by the fast paths of the root package's passive DNS and article
// decoders. It never decides anything encoding/json would decide
// differently: what it is not sure about it reports as ErrSlow, and the
// caller then hands the bytes to its lenient encoding/json path, which has
// the last word (values and errors).
package jsonscan

import (
	"errors"
	"unicode/utf8"
)

// Scanner reads JSON from B, starting at I.
type Scanner struct {
	B []byte // the input (in a stream: the bytes in hand)
	I int    // the read offset in B
	// More is set when more input may follow B (streaming): running out
	// of bytes is then ErrShort (read more and retry) rather than ErrEOF.
	More bool
}

var (
	// ErrShort: the value continues past the bytes in hand.
	ErrShort = errors.New("passivetotal: scanner needs more input")
	// ErrSlow: well-formed or not, this is for encoding/json to decide.
	ErrSlow = errors.New("passivetotal: scanner defers to encoding/json")
	// ErrBad: not JSON at Scanner.I.
	ErrBad = errors.New("passivetotal: malformed JSON")
	// ErrEOF: the input ended inside a value.
	ErrEOF = errors.New("passivetotal: unexpected end of JSON input")
)

// MaxDepth matches encoding/json's nesting limit.
const MaxDepth = 10000

// end is the error for running out of bytes.
func (s *Scanner) end() error {
	if s.More {
		return ErrShort
	}
	return ErrEOF
}

// SkipSpace skips JSON whitespace.
func (s *Scanner) SkipSpace() {
	for s.I < len(s.B) {
		switch s.B[s.I] {
		case ' ', '\t', '\n', '\r':
			s.I++
		default:
			return
		}
	}
}

// Peek skips whitespace and returns the next byte.
func (s *Scanner) Peek() (byte, error) {
	s.SkipSpace()
	if s.I >= len(s.B) {
		return 0, s.end()
	}
	return s.B[s.I], nil
}

// Expect skips whitespace and consumes c.
func (s *Scanner) Expect(c byte) error {
	got, err := s.Peek()
	if err != nil {
		return err
	}
	if got != c {
		return ErrBad
	}
	s.I++
	return nil
}

// Str reads a string literal at s.I (after whitespace) and returns the
// bounds of its contents in s.B. A literal with an escape or invalid
// UTF-8 is well-formed JSON that needs unquoting: it is reported as
// ErrSlow, after checking it is well-formed (so ErrSlow never hides a
// syntax error from a caller that skips the value).
func (s *Scanner) Str() (start, end int, err error) {
	if err := s.Expect('"'); err != nil {
		return 0, 0, err
	}
	start = s.I
	ascii, plain := true, true
	for i := s.I; i < len(s.B); i++ {
		for i < len(s.B) && plainStringByte[s.B[i]] {
			i++ // the usual bytes, in a tight loop
		}
		if i >= len(s.B) {
			break
		}
		c := s.B[i]
		switch {
		case c == '"':
			s.I = i + 1
			if !plain || (!ascii && !utf8.Valid(s.B[start:i])) {
				return start, i, ErrSlow
			}
			return start, i, nil
		case c == '\\':
			plain = false
			if i+1 >= len(s.B) {
				return 0, 0, s.end()
			}
			i++
			switch s.B[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s.B) {
					return 0, 0, s.end()
				}
				for _, h := range s.B[i+1 : i+5] {
					if !isHex(h) {
						s.I = i
						return 0, 0, ErrBad
					}
				}
				i += 4
			default:
				s.I = i
				return 0, 0, ErrBad
			}
		case c < 0x20:
			s.I = i
			return 0, 0, ErrBad
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

// Number reads a number literal at s.I and returns its bounds. In a
// stream a number is complete only once the byte after it is in hand.
func (s *Scanner) Number() (start, end int, err error) {
	s.SkipSpace()
	start = s.I
	i := s.I
	n := len(s.B)
	digits := func() int {
		k := i
		for i < n && s.B[i] >= '0' && s.B[i] <= '9' {
			i++
		}
		return i - k
	}
	if i < n && s.B[i] == '-' {
		i++
	}
	switch {
	case i >= n:
		return 0, 0, s.end()
	case s.B[i] == '0':
		i++
	case digits() == 0:
		s.I = i
		return 0, 0, ErrBad
	}
	if i < n && s.B[i] == '.' {
		i++
		if digits() == 0 {
			if i >= n {
				return 0, 0, s.end()
			}
			s.I = i
			return 0, 0, ErrBad
		}
	}
	if i < n && (s.B[i] == 'e' || s.B[i] == 'E') {
		i++
		if i < n && (s.B[i] == '+' || s.B[i] == '-') {
			i++
		}
		if digits() == 0 {
			if i >= n {
				return 0, 0, s.end()
			}
			s.I = i
			return 0, 0, ErrBad
		}
	}
	if i >= n && s.More {
		return 0, 0, ErrShort
	}
	s.I = i
	return start, i, nil
}

// Literal consumes true, false or null (whichever lit is).
func (s *Scanner) Literal(lit string) error {
	s.SkipSpace()
	for k := 0; k < len(lit); k++ {
		if s.I+k >= len(s.B) {
			return s.end()
		}
		if s.B[s.I+k] != lit[k] {
			s.I += k
			return ErrBad
		}
	}
	s.I += len(lit)
	return nil
}

// Skip consumes one value of any kind, checking that it is well-formed.
func (s *Scanner) Skip() error { return s.skipDepth(0) }

func (s *Scanner) skipDepth(depth int) error {
	c, err := s.Peek()
	if err != nil {
		return err
	}
	switch {
	case c == '"':
		if _, _, err := s.Str(); err != nil && err != ErrSlow {
			return err
		}
		return nil
	case c == '-' || c >= '0' && c <= '9':
		_, _, err := s.Number()
		return err
	case c == 't':
		return s.Literal("true")
	case c == 'f':
		return s.Literal("false")
	case c == 'n':
		return s.Literal("null")
	case c == '[' || c == '{':
		if depth >= MaxDepth {
			return ErrBad
		}
		s.I++
		closer := byte(']')
		if c == '{' {
			closer = '}'
		}
		if n, err := s.Peek(); err != nil {
			return err
		} else if n == closer {
			s.I++
			return nil
		}
		for {
			if c == '{' {
				if _, _, err := s.Str(); err != nil && err != ErrSlow {
					return err
				}
				if err := s.Expect(':'); err != nil {
					return err
				}
			}
			if err := s.skipDepth(depth + 1); err != nil {
				return err
			}
			n, err := s.Peek()
			if err != nil {
				return err
			}
			s.I++
			switch n {
			case ',':
			case closer:
				return nil
			default:
				s.I--
				return ErrBad
			}
		}
	}
	return ErrBad
}
