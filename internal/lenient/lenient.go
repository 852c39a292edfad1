// Package lenient holds the JSON types that read what PassiveTotal and
// Microsoft Graph really send where their documentation promises one
// shape: a string, number or null where a string belongs, a number written
// as a string, a single value where a list belongs, placeholders such as
// "N/A". Both API clients' wire models use them, so one set of rules reads
// both backends.
package lenient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The flex types below decode the shapes the API has been seen to send for
// one logical value. The public models keep plain Go types; these types
// exist only inside their decoders' wire structs, so users never name them.
//
// Their errors name no backend: the client or decoder that called them
// wraps them with its own prefix ("passivetotal: ...", "mdti: ...").

// String is a string that also accepts a number or boolean (kept as its
// JSON text), null, and the placeholders "N/A"/"n/a" (read as "").
type String string

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		*s = ""
		return nil
	}
	switch b[0] {
	case 'n':
		*s = ""
		return nil
	case '"':
		v, err := Unquote(b)
		if err != nil {
			return err
		}
		if IsPlaceholder(v) {
			v = ""
		}
		*s = String(v)
		return nil
	case '{', '[':
		return errors.New("want a string, got a JSON " + jsonKind(b[0]))
	default: // number, true, false
		*s = String(b)
		return nil
	}
}

// Int is an integer that also accepts a string holding a number, a
// float with no fractional part, null, "" and "N/A" (read as 0).
type Int int

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*n = 0
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	text := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &text); err != nil {
			return err
		}
		text = strings.TrimSpace(text)
		if IsPlaceholder(text) {
			return nil
		}
	}
	v, err := ParseInt(text)
	if err != nil {
		return err
	}
	*n = Int(v)
	return nil
}

func ParseInt(text string) (int, error) {
	if i, err := strconv.ParseInt(text, 10, 0); err == nil {
		return int(i), nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) ||
		f > math.MaxInt64 || f < math.MinInt64 || f > float64(math.MaxInt) || f < float64(math.MinInt) {
		return 0, fmt.Errorf("%q is not an integer", Truncate(text, 64))
	}
	return int(f), nil
}

// List is a list that also accepts a single element (read as a list of
// one), null, and the placeholders "", "N/A" and "n/a" (read as empty).
type List[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (l *List[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*l = nil
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] == '[' {
		var v []T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = v
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if IsPlaceholder(s) {
			return nil
		}
	}
	var one T
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*l = []T{one}
	return nil
}

// strings converts a list of String to plain strings, dropping the
// placeholders that read as "". It returns nil for an empty list.
func Strings(l List[String]) []string {
	if len(l) == 0 {
		return nil
	}
	out := make([]string, 0, len(l))
	for _, s := range l {
		if s != "" {
			out = append(out, string(s))
		}
	}
	return out
}

// IsPlaceholder reports whether s is one of the API's "no value" strings.
func IsPlaceholder(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || strings.EqualFold(s, "n/a")
}

// Unquote reads a JSON string literal. Literals with no escapes and
// valid UTF-8 (nearly all of them) skip the reflection-based decoder.
func Unquote(b []byte) (string, error) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		inner := b[1 : len(b)-1]
		if bytes.IndexByte(inner, '\\') < 0 && bytes.IndexByte(inner, '"') < 0 && utf8.Valid(inner) && !hasControl(inner) {
			return string(inner), nil
		}
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}

func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

func jsonKind(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return "value"
}

func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// Bool is a boolean that also accepts "true"/"false" strings, 0/1 and
// null (false). Anything else reads as false rather than failing a body
// over a flag nobody needs.
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *Bool) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	*v = Bool(strings.EqualFold(s, "true") || s == "1")
	return nil
}
