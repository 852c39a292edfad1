package passivetotal

import (
	"encoding/json"
	"unicode/utf8"
)

// The fast path of the article decoders: a page of articles in the usual
// shape is read by hand in one pass (encoding/json went through an
// UnmarshalJSON per level, rescanning every indicator value about a dozen
// times). Anything unusual in an article (numbers where strings go, a
// single value instead of a list, duplicate or oddly cased keys, lone
// surrogates...) sends that article to Article.UnmarshalJSON's lenient
// path; anything unusual in the envelope, or malformed JSON anywhere,
// sends the whole body to encoding/json, which also has the error.

// strValue reads a string literal and returns its text, unescaped. Lone
// surrogate escapes and invalid UTF-8, which encoding/json replaces with
// U+FFFD, are errSlow.
func (s *scanner) strValue() (string, error) {
	start, end, err := s.str()
	if err == nil {
		return string(s.b[start:end]), nil
	}
	if err != errSlow {
		return "", err
	}
	b := s.b[start:end]
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
				return "", errSlow // surrogates: encoding/json pairs or replaces them
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
		return "", errSlow
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

// flexString reads what flexString accepts as a string or null.
func (s *scanner) flexString() (string, error) {
	c, err := s.peek()
	if err != nil {
		return "", err
	}
	switch c {
	case '"':
		v, err := s.strValue()
		if err != nil || isPlaceholder(v) {
			return "", err
		}
		return v, nil
	case 'n':
		return "", s.literal("null")
	}
	return "", errSlow
}

// timeValue reads what Time accepts as a string or null.
func (s *scanner) timeValue() (Time, error) {
	c, err := s.peek()
	if err != nil {
		return Time{}, err
	}
	switch c {
	case '"':
		v, err := s.strValue()
		if err != nil {
			return Time{}, err
		}
		t, _ := ParseTime(v)
		return Time{Time: t, Raw: v}, nil
	case 'n':
		return Time{}, s.literal("null")
	}
	return Time{}, errSlow
}

// flexInt reads what flexInt accepts as a number or null.
func (s *scanner) flexInt() (int, error) {
	c, err := s.peek()
	if err != nil {
		return 0, err
	}
	if c == 'n' {
		return 0, s.literal("null")
	}
	if c != '-' && (c < '0' || c > '9') {
		return 0, errSlow
	}
	start, end, err := s.number()
	if err != nil {
		return 0, err
	}
	n, err := parseFlexInt(string(s.b[start:end]))
	if err != nil {
		return 0, errSlow // encoding/json reports it
	}
	return n, nil
}

// flexStrings reads what flexList[flexString] then flexStrings give: a
// list of strings or nulls with the placeholders dropped (empty but not
// nil when only placeholders were there, nil for []), one string (nil
// when a placeholder), or null.
func (s *scanner) flexStrings() ([]string, error) {
	c, err := s.peek()
	if err != nil {
		return nil, err
	}
	switch c {
	case 'n':
		return nil, s.literal("null")
	case '"':
		v, err := s.flexString()
		if err != nil || v == "" {
			return nil, err
		}
		return []string{v}, nil
	case '[':
	default:
		return nil, errSlow
	}
	s.i++
	if c, err := s.peek(); err != nil {
		return nil, err
	} else if c == ']' {
		s.i++
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
		c, err := s.peek()
		if err != nil {
			return nil, err
		}
		s.i++
		switch c {
		case ',':
		case ']':
			if out == nil {
				out = []string{}
			}
			return out, nil
		default:
			s.i--
			return nil, errBad
		}
	}
}

// object reads an object whose keys must be distinct and exactly one of
// names (others are skipped unless they could fold to one of names), and
// calls field with the index of each known key, positioned at its value.
func (s *scanner) object(names []string, field func(int) error) error {
	if err := s.expect('{'); err != nil {
		if err == errBad {
			err = errSlow
		}
		return err
	}
	if c, err := s.peek(); err != nil {
		return err
	} else if c == '}' {
		s.i++
		return nil
	}
	var seen uint32
	for {
		ks, ke, err := s.str()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		f := -1
		for i, n := range names {
			if string(s.b[ks:ke]) == n {
				f = i
				break
			}
		}
		switch {
		case f < 0:
			if foldsToField(s.b[ks:ke], names) {
				return errSlow
			}
			err = s.skip()
		case seen&(1<<f) != 0:
			return errSlow
		default:
			seen |= 1 << f
			err = field(f)
		}
		if err != nil {
			return err
		}
		c, err := s.peek()
		if err != nil {
			return err
		}
		s.i++
		switch c {
		case ',':
		case '}':
			return nil
		default:
			s.i--
			return errBad
		}
	}
}

// list reads a list (or null: isNull) and calls elem at each element.
func (s *scanner) list(elem func() error) (isNull bool, err error) {
	c, err := s.peek()
	if err != nil {
		return false, err
	}
	switch c {
	case 'n':
		return true, s.literal("null")
	case '[':
	default:
		return false, errSlow // a single element or a placeholder
	}
	s.i++
	if c, err := s.peek(); err != nil {
		return false, err
	} else if c == ']' {
		s.i++
		return false, nil
	}
	for {
		if err := elem(); err != nil {
			return false, err
		}
		c, err := s.peek()
		if err != nil {
			return false, err
		}
		s.i++
		switch c {
		case ',':
		case ']':
			return false, nil
		default:
			s.i--
			return false, errBad
		}
	}
}

var articleGroupNames = []string{"type", "count", "values", "source"}

// indicatorGroup reads one element of an article's indicators.
func (s *scanner) indicatorGroup() (ArticleIndicatorGroup, error) {
	var g ArticleIndicatorGroup
	err := s.object(articleGroupNames, func(f int) (err error) {
		switch f {
		case 0:
			g.Type, err = s.flexString()
		case 1:
			g.Count, err = s.flexInt()
		case 2:
			g.Values, err = s.flexStrings()
		case 3:
			g.Source, err = s.flexString()
		}
		return err
	})
	return g, err
}

var articleNames = []string{"guid", "title", "summary", "type", "link", "publishedDate", "createdDate",
	"categories", "tags", "indicators"}

// article reads one article object by hand.
func (s *scanner) article() (Article, error) {
	var a Article
	err := s.object(articleNames, func(f int) (err error) {
		switch f {
		case 0:
			a.GUID, err = s.flexString()
		case 1:
			a.Title, err = s.flexString()
		case 2:
			a.Summary, err = s.flexString()
		case 3:
			a.Type, err = s.flexString()
		case 4:
			a.Link, err = s.flexString()
		case 5:
			a.PublishedDate, err = s.timeValue()
		case 6:
			a.CreatedDate, err = s.timeValue()
		case 7:
			a.Categories, err = s.flexStrings()
		case 8:
			a.Tags, err = s.flexStrings()
		case 9:
			a.Indicators = a.Indicators[:0]
			var isNull bool
			isNull, err = s.list(func() error {
				g, err := s.indicatorGroup()
				a.Indicators = append(a.Indicators, g)
				return err
			})
			if err == nil && !isNull && a.Indicators == nil {
				a.Indicators = []ArticleIndicatorGroup{} // [] decodes to an empty list
			}
		}
		return err
	})
	return a, err
}

// articleFast reads one article, through Article.UnmarshalJSON when it is
// not in the usual shape. ok is false on malformed JSON or a decoding
// error (the caller then lets encoding/json report on the whole body).
func (s *scanner) articleFast() (Article, bool) {
	s.ws()
	start := s.i
	a, err := s.article()
	if err == nil {
		return a, true
	}
	s.i = start
	if s.skip() != nil {
		return Article{}, false
	}
	a = Article{}
	return a, json.Unmarshal(s.b[start:s.i], &a) == nil
}

var articleListNames = []string{"success", "totalRecords", "articles"}

// decodeArticleListFast decodes a whole GET /articles body by hand; ok is
// false when encoding/json must decide.
func decodeArticleListFast(data []byte) (*ArticleList, bool) {
	s := &scanner{b: data}
	l := new(ArticleList)
	ok := true
	err := s.object(articleListNames, func(f int) error {
		switch f {
		case 0:
			c, err := s.peek()
			if err != nil {
				return err
			}
			switch c {
			case 't':
				l.Success = true
				return s.literal("true")
			case 'f':
				return s.literal("false")
			}
			return errSlow
		case 1:
			n, err := s.flexInt()
			l.TotalRecords = n
			return err
		}
		isNull, err := s.list(func() error {
			a, good := s.articleFast()
			ok = ok && good
			l.Articles = append(l.Articles, a)
			if !good {
				return errSlow
			}
			return nil
		})
		if err == nil && !isNull && l.Articles == nil {
			l.Articles = []Article{}
		}
		return err
	})
	if err != nil || !ok {
		return nil, false
	}
	s.ws()
	return l, s.i == len(s.b)
}

// decodeArticleFast decodes one article object by hand; ok is false when
// encoding/json must decide.
func decodeArticleFast(data []byte) (Article, bool) {
	s := &scanner{b: data}
	a, err := s.article()
	if err != nil {
		return Article{}, false
	}
	s.ws()
	return a, s.i == len(s.b)
}
