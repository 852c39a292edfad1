package passivetotal

import "github.com/ptstix/passivetotal/internal/jsonscan"

// scanner is jsonscan's reader with the lenient readers of this package's
// rules (flexString, timeValue, flexInt, flexStrings) on top.
type scanner struct {
	jsonscan.Scanner
}

// flexString reads what flexString accepts as a string or null.
func (s *scanner) flexString() (string, error) {
	c, err := s.Peek()
	if err != nil {
		return "", err
	}
	switch c {
	case '"':
		v, err := s.StrValue()
		if err != nil || isPlaceholder(v) {
			return "", err
		}
		return v, nil
	case 'n':
		return "", s.Literal("null")
	}
	return "", jsonscan.ErrSlow
}

// timeValue reads what Time accepts as a string or null.
func (s *scanner) timeValue() (Time, error) {
	c, err := s.Peek()
	if err != nil {
		return Time{}, err
	}
	switch c {
	case '"':
		v, err := s.StrValue()
		if err != nil {
			return Time{}, err
		}
		t, _ := ParseTime(v)
		return Time{Time: t, Raw: v}, nil
	case 'n':
		return Time{}, s.Literal("null")
	}
	return Time{}, jsonscan.ErrSlow
}

// flexInt reads what flexInt accepts as a number or null.
func (s *scanner) flexInt() (int, error) {
	c, err := s.Peek()
	if err != nil {
		return 0, err
	}
	if c == 'n' {
		return 0, s.Literal("null")
	}
	if c != '-' && (c < '0' || c > '9') {
		return 0, jsonscan.ErrSlow
	}
	start, end, err := s.Number()
	if err != nil {
		return 0, err
	}
	n, err := parseFlexInt(string(s.B[start:end]))
	if err != nil {
		return 0, jsonscan.ErrSlow // encoding/json reports it
	}
	return n, nil
}

// flexStrings reads what flexList[flexString] then flexStrings give: a
// list of strings or nulls with the placeholders dropped (empty but not
// nil when only placeholders were there, nil for []), one string (nil
// when a placeholder), or null.
func (s *scanner) flexStrings() ([]string, error) {
	c, err := s.Peek()
	if err != nil {
		return nil, err
	}
	switch c {
	case 'n':
		return nil, s.Literal("null")
	case '"':
		v, err := s.flexString()
		if err != nil || v == "" {
			return nil, err
		}
		return []string{v}, nil
	case '[':
	default:
		return nil, jsonscan.ErrSlow
	}
	s.I++
	if c, err := s.Peek(); err != nil {
		return nil, err
	} else if c == ']' {
		s.I++
		return nil, nil
	}
	var out []string
	for {
		v, err := s.flexString()
		if err != nil {
			return nil, err
		}
		if v != "" {
			out = append(out, v)
		}
		c, err := s.Peek()
		if err != nil {
			return nil, err
		}
		s.I++
		switch c {
		case ',':
		case ']':
			if out == nil {
				out = []string{}
			}
			return out, nil
		default:
			s.I--
			return nil, jsonscan.ErrBad
		}
	}
}
