package stix

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Comparison is one `path = 'value'` comparison of a STIX pattern.
type Comparison struct {
	// Path is an object path: "domain-name:value",
	// "file:hashes.'SHA-256'", "file:parent_directory_ref.path".
	Path string
	// Value is the string compared against; it is quoted and escaped.
	Value string
}

// Equals returns the comparison path = 'value'.
func Equals(path, value string) Comparison { return Comparison{Path: path, Value: value} }

// Pattern returns the single-comparison pattern "[path = 'value']".
func Pattern(path, value string) (string, error) { return And(Equals(path, value)) }

// And returns one observation expression joining the comparisons with AND:
// "[a = 'x' AND b = 'y']". Paths are validated, values escaped (see
// [QuoteLiteral]); the result always parses with [CheckPattern].
func And(cs ...Comparison) (string, error) {
	if len(cs) == 0 {
		return "", errors.New("stix: pattern: no comparisons")
	}
	n := 2
	for _, c := range cs {
		n += len(c.Path) + len(c.Value) + 12
	}
	// A strings.Builder: the string shares its buffer instead of being a
	// second copy (one allocation per indicator, not two).
	var b strings.Builder
	b.Grow(n)
	b.WriteByte('[')
	for i, c := range cs {
		if err := CheckObjectPath(c.Path); err != nil {
			return "", err
		}
		if !utf8.ValidString(c.Value) {
			return "", fmt.Errorf("stix: pattern: value for %s is not valid UTF-8", c.Path)
		}
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteString(c.Path)
		b.WriteString(" = ")
		writeLiteral(&b, c.Value)
	}
	b.WriteByte(']')
	return b.String(), nil
}

// HashPath returns the object path of one hash of an object type, e.g.
// HashPath("file", "sha256") = "file:hashes.'SHA-256'". The algorithm is
// normalised with [NormalizeHashName].
func HashPath(objectType, algorithm string) string {
	return objectType + ":hashes.'" + NormalizeHashName(algorithm) + "'"
}

// QuoteLiteral returns s as a STIX pattern string literal: in single
// quotes, with \ written as \\ and ' as \'. Nothing else needs escaping in
// the STIX 2.1 grammar.
func QuoteLiteral(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	writeLiteral(&b, s)
	return b.String()
}

// writeLiteral writes QuoteLiteral(s) to b, copying the runs between
// the characters it escapes whole.
func writeLiteral(b *strings.Builder, s string) {
	b.WriteByte('\'')
	for {
		i := strings.IndexAny(s, `'\`)
		if i < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteByte('\\')
		b.WriteByte(s[i])
		s = s[i+1:]
	}
	b.WriteString(s)
	b.WriteByte('\'')
}

// CheckObjectPath validates an object path of the form TYPE:PROP, where
// PROP is a chain of properties (letters, digits, underscores), quoted
// keys ('SHA-256'), and list indexes ([0] or [*]).
func CheckObjectPath(path string) error {
	p := patternParser{s: path}
	if err := p.objectPath(); err != nil {
		return err
	}
	if p.i != len(p.s) {
		return fmt.Errorf("stix: pattern: object path %q: unexpected %q", path, p.s[p.i:])
	}
	return nil
}

// CheckPattern parses p with the subset of the STIX 2.1 pattern grammar
// the SDK emits, and more: observation expressions in brackets joined by
// AND, OR or FOLLOWEDBY, each a chain of comparisons joined by AND or OR,
// with parentheses; comparison operators = != < <= > >= LIKE MATCHES
// (optionally NOT); string, integer, float and boolean literals. It
// rejects unbalanced brackets and quotes, bad escapes and invalid paths.
func CheckPattern(pattern string) error {
	p := patternParser{s: pattern}
	p.space()
	if err := p.observationExpr(); err != nil {
		return err
	}
	p.space()
	if p.i != len(p.s) {
		return p.errorf("trailing text")
	}
	return nil
}

type patternParser struct {
	s string
	i int
}

func (p *patternParser) errorf(format string, args ...any) error {
	return fmt.Errorf("stix: pattern: at offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *patternParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

// keyword consumes kw (followed by a space or bracket) if it is next.
func (p *patternParser) keyword(kw string) bool {
	if !strings.HasPrefix(p.s[p.i:], kw) {
		return false
	}
	j := p.i + len(kw)
	if j < len(p.s) {
		c := p.s[j]
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '[' && c != '(' && c != ']' && c != ')' && c != '\'' {
			return false
		}
	}
	p.i = j
	return true
}

func (p *patternParser) observationExpr() error {
	for {
		p.space()
		switch {
		case p.i < len(p.s) && p.s[p.i] == '(':
			p.i++
			if err := p.observationExpr(); err != nil {
				return err
			}
			p.space()
			if p.i >= len(p.s) || p.s[p.i] != ')' {
				return p.errorf("missing )")
			}
			p.i++
		case p.i < len(p.s) && p.s[p.i] == '[':
			p.i++
			if err := p.comparisonExpr(); err != nil {
				return err
			}
			p.space()
			if p.i >= len(p.s) || p.s[p.i] != ']' {
				return p.errorf("missing ]")
			}
			p.i++
		default:
			return p.errorf("expected [ or (")
		}
		p.space()
		if !p.keyword("AND") && !p.keyword("OR") && !p.keyword("FOLLOWEDBY") {
			return nil
		}
	}
}

func (p *patternParser) comparisonExpr() error {
	for {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '(' {
			p.i++
			if err := p.comparisonExpr(); err != nil {
				return err
			}
			p.space()
			if p.i >= len(p.s) || p.s[p.i] != ')' {
				return p.errorf("missing )")
			}
			p.i++
		} else if err := p.comparison(); err != nil {
			return err
		}
		p.space()
		if !p.keyword("AND") && !p.keyword("OR") {
			return nil
		}
	}
}

func (p *patternParser) comparison() error {
	if err := p.objectPath(); err != nil {
		return err
	}
	p.space()
	p.keyword("NOT")
	p.space()
	switch {
	case strings.HasPrefix(p.s[p.i:], "!="), strings.HasPrefix(p.s[p.i:], "<="), strings.HasPrefix(p.s[p.i:], ">="):
		p.i += 2
	case p.i < len(p.s) && (p.s[p.i] == '=' || p.s[p.i] == '<' || p.s[p.i] == '>'):
		p.i++
	case p.keyword("LIKE"), p.keyword("MATCHES"):
	default:
		return p.errorf("expected a comparison operator")
	}
	p.space()
	return p.literal()
}

func (p *patternParser) literal() error {
	if p.i >= len(p.s) {
		return p.errorf("expected a literal")
	}
	if p.s[p.i] == '\'' {
		return p.stringLiteral()
	}
	if p.keyword("true") || p.keyword("false") {
		return nil
	}
	start := p.i
	if p.s[p.i] == '-' || p.s[p.i] == '+' {
		p.i++
	}
	digits := 0
	for p.i < len(p.s) && (p.s[p.i] >= '0' && p.s[p.i] <= '9' || p.s[p.i] == '.') {
		p.i++
		digits++
	}
	if digits == 0 {
		p.i = start
		return p.errorf("expected a literal")
	}
	return nil
}

// stringLiteral consumes '...' where only \' and \\ are valid escapes.
func (p *patternParser) stringLiteral() error {
	p.i++ // opening quote
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case '\'':
			p.i++
			return nil
		case '\\':
			if p.i+1 >= len(p.s) || p.s[p.i+1] != '\'' && p.s[p.i+1] != '\\' {
				return p.errorf("invalid escape in string literal")
			}
			p.i += 2
		default:
			p.i++
		}
	}
	return p.errorf("unterminated string literal")
}

func (p *patternParser) objectPath() error {
	start := p.i
	for p.i < len(p.s) && isTypeChar(p.s[p.i]) {
		p.i++
	}
	if !validTypeName(p.s[start:p.i]) {
		return p.errorf("invalid object type %q", p.s[start:p.i])
	}
	if p.i >= len(p.s) || p.s[p.i] != ':' {
		return p.errorf("expected : after the object type")
	}
	p.i++
	if err := p.pathComponent(); err != nil {
		return err
	}
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case '.':
			p.i++
			if err := p.pathComponent(); err != nil {
				return err
			}
		case '[':
			p.i++
			if p.i < len(p.s) && p.s[p.i] == '*' {
				p.i++
			} else {
				n := 0
				for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
					p.i++
					n++
				}
				if n == 0 {
					return p.errorf("expected a list index")
				}
			}
			if p.i >= len(p.s) || p.s[p.i] != ']' {
				return p.errorf("missing ] in list index")
			}
			p.i++
		default:
			return nil
		}
	}
	return nil
}

// pathComponent is a property name or a quoted key ('SHA-256').
func (p *patternParser) pathComponent() error {
	if p.i < len(p.s) && p.s[p.i] == '\'' {
		p.i++
		start := p.i
		for p.i < len(p.s) && p.s[p.i] != '\'' {
			c := p.s[p.i]
			if !(isTypeChar(c) || c == '_' || 'A' <= c && c <= 'Z') {
				return p.errorf("invalid character in quoted path key")
			}
			p.i++
		}
		if p.i >= len(p.s) || p.i == start {
			return p.errorf("unterminated or empty quoted path key")
		}
		p.i++
		return nil
	}
	start := p.i
	for p.i < len(p.s) && (isTypeChar(p.s[p.i]) && p.s[p.i] != '-' || p.s[p.i] == '_') {
		p.i++
	}
	if p.i == start {
		return p.errorf("expected a property name")
	}
	return nil
}

func isTypeChar(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-'
}
