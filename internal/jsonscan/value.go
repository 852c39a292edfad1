package jsonscan

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// StrValue reads a string literal and returns its text, unescaped. Lone
// surrogate escapes and invalid UTF-8, which encoding/json replaces with
// U+FFFD, are ErrSlow.
func (s *Scanner) StrValue() (string, error) {
	start, end, err := s.Str()
	if err == nil {
		return string(s.B[start:end]), nil
	}
	if err != ErrSlow {
		return "", err
	}
	b := s.B[start:end]
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		// str checked the escapes: b[i+1] exists, \u has four hex digits.
		switch e := b[i+1]; e {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := rune(0)
			for _, h := range b[i+2 : i+6] {
				r = r<<4 | rune(unhexDigit(h))
			}
			if r >= 0xd800 && r < 0xe000 {
				return "", ErrSlow // surrogates: encoding/json pairs or replaces them
			}
			out = utf8.AppendRune(out, r)
			i += 6
			continue
		default: // " \ /
			out = append(out, e)
		}
		i += 2
	}
	if !utf8.Valid(out) {
		return "", ErrSlow
	}
	return string(out), nil
}

func unhexDigit(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// Object reads an object whose keys must be distinct and exactly one of
// names (others are skipped unless they could fold to one of names), and
// calls field with the index of each known key, positioned at its value.
func (s *Scanner) Object(names []string, field func(int) error) error {
	if err := s.Expect('{'); err != nil {
		if err == ErrBad {
			err = ErrSlow
		}
		return err
	}
	if c, err := s.Peek(); err != nil {
		return err
	} else if c == '}' {
		s.I++
		return nil
	}
	var seen uint32
	for {
		ks, ke, err := s.Str()
		if err != nil {
			return err
		}
		if err := s.Expect(':'); err != nil {
			return err
		}
		f := -1
		for i, n := range names {
			if string(s.B[ks:ke]) == n {
				f = i
				break
			}
		}
		switch {
		case f < 0:
			if FoldsToField(s.B[ks:ke], names) {
				return ErrSlow
			}
			err = s.Skip()
		case seen&(1<<f) != 0:
			return ErrSlow
		default:
			seen |= 1 << f
			err = field(f)
		}
		if err != nil {
			return err
		}
		c, err := s.Peek()
		if err != nil {
			return err
		}
		s.I++
		switch c {
		case ',':
		case '}':
			return nil
		default:
			s.I--
			return ErrBad
		}
	}
}

// List reads a list (or null: isNull) and calls elem at each element.
func (s *Scanner) List(elem func() error) (isNull bool, err error) {
	c, err := s.Peek()
	if err != nil {
		return false, err
	}
	switch c {
	case 'n':
		return true, s.Literal("null")
	case '[':
	default:
		return false, ErrSlow // a single element or a placeholder
	}
	s.I++
	if c, err := s.Peek(); err != nil {
		return false, err
	} else if c == ']' {
		s.I++
		return false, nil
	}
	for {
		if err := elem(); err != nil {
			return false, err
		}
		c, err := s.Peek()
		if err != nil {
			return false, err
		}
		s.I++
		switch c {
		case ',':
		case ']':
			return false, nil
		default:
			s.I--
			return false, ErrBad
		}
	}
}

// FoldsToField reports whether an unknown key could still select one of
// names under encoding/json's case-insensitive matching (non-ASCII keys
// are assumed to, since Unicode folding has surprises such as K -> K).
func FoldsToField(k []byte, names []string) bool {
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

// SyntaxError returns encoding/json's error for malformed bytes, so the fast
// paths report a bad body in the same words as the lenient path.
func SyntaxError(b []byte) error {
	var v struct{}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	return ErrBad // not reached for bytes the Scanner rejected
}
