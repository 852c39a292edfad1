// Package canonjson writes RFC 8785 (JSON Canonicalization Scheme) JSON.
//
// It is the byte-exact serialisation hashed into STIX deterministic IDs, so
// it must agree with python-stix2's canonicalize() and the OpenCTI platform:
// object keys sorted by UTF-16 code units, no insignificant whitespace,
// strings escaped only where JSON requires it (`"`, `\` and C0 controls,
// using \b \f \n \r \t and lowercase \u00xx), everything else (non-ASCII,
// <, >, &, U+2028, U+2029) written raw, and numbers in ECMAScript form.
//
// encoding/json is not this format (it escapes <>& and U+2028/9 and
// silently repairs invalid UTF-8), hence this package. Invalid UTF-8 is an
// error here: replacing it would make two different inputs hash alike.
//
// The Append* functions write into a caller buffer so that the small
// objects hashed into IDs can be encoded without heap allocations.
package canonjson

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrInvalidUTF8 is returned when a string is not valid UTF-8.
var ErrInvalidUTF8 = errors.New("canonjson: invalid UTF-8 in string")

// ErrNumber is returned for NaN and infinities, which JSON cannot carry.
var ErrNumber = errors.New("canonjson: NaN or infinite number")

const hexDigits = "0123456789abcdef"

// plain marks the bytes copied through unchanged without further checks:
// printable ASCII except '"' and '\\'. A table keeps the hot loop to one
// load and one branch per byte.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// load64 reads s[i:i+8] as a little-endian word (the compiler merges the
// byte loads into one).
func load64[T string | []byte](s T, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// mayNeedEscape reports whether a byte of w may be a C0 control, '"',
// '\\' or non-ASCII ("has less than" and "has zero byte" bit tricks: they
// may report a word that has none, never miss one).
func mayNeedEscape(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	less20 := (w - ones*0x20) & ^w & highs
	quote := ((w ^ ones*'"') - ones) & ^(w ^ ones*'"') & highs
	bslash := ((w ^ ones*'\\') - ones) & ^(w ^ ones*'\\') & highs
	return (less20 | quote | bslash | w&highs) != 0
}

// AppendString appends s as a canonical JSON string literal (with quotes).
//
//go:noinline
func AppendString(dst []byte, s string) ([]byte, error) { return appendQuoted(dst, s) }

// AppendBytes is AppendString for a byte slice (no conversion, no allocation).
//
//go:noinline
func AppendBytes(dst []byte, s []byte) ([]byte, error) { return appendQuoted(dst, s) }

// appendQuoted is AppendString and AppendBytes: one loop, instantiated
// once per shape (string, []byte), so neither converts nor allocates.
// The two wrappers must stay real functions: inlined into another
// package, the call to this shape instantiation carries no escape
// information there, so the caller's buffers (stix builds IDs in stack
// arrays) would be moved to the heap. The wrappers' own escape tags say
// s does not escape.
func appendQuoted[T string | []byte](dst []byte, s T) ([]byte, error) {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight plain bytes at a time: IDs, hashes, domain names and most
		// text have nothing to escape. A word that might hold a byte to
		// look at (the test has no false negatives) goes byte by byte.
		for i+8 <= len(s) && !mayNeedEscape(load64(s, i)) {
			i += 8
		}
		for i < len(s) && plain[s[i]] {
			i++
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		// Non-ASCII is written raw but must be valid UTF-8. The string
		// conversion is free for a string and a copy of at most four
		// bytes to the stack for a []byte: neither allocates.
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if r == utf8.RuneError && size == 1 {
			return dst, ErrInvalidUTF8
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"'), nil
}

// AppendNumber appends f in the ECMAScript Number.prototype.toString form
// RFC 8785 section 3.2.2.3 requires.
func AppendNumber(dst []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return dst, ErrNumber
	}
	if f == 0 {
		return append(dst, '0'), nil // also -0
	}
	if f < 0 {
		dst = append(dst, '-')
		f = -f
	}
	// Shortest round-trip digits and the decimal exponent.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64) // d.ddde±xx
	mant := e
	exp := 0
	for i, c := range e {
		if c == 'e' {
			mant = e[:i]
			x, _ := strconv.Atoi(string(e[i+1:]))
			exp = x
			break
		}
	}
	var digits [24]byte
	k := 0
	for _, c := range mant {
		if c != '.' {
			digits[k] = c
			k++
		}
	}
	ds := digits[:k]
	n := exp + 1 // position of the decimal point relative to the digits
	switch {
	case k <= n && n <= 21:
		dst = append(dst, ds...)
		for i := k; i < n; i++ {
			dst = append(dst, '0')
		}
	case 0 < n && n <= 21:
		dst = append(dst, ds[:n]...)
		dst = append(dst, '.')
		dst = append(dst, ds[n:]...)
	case -6 < n && n <= 0:
		dst = append(dst, '0', '.')
		for i := 0; i < -n; i++ {
			dst = append(dst, '0')
		}
		dst = append(dst, ds...)
	default:
		dst = append(dst, ds[0])
		if k > 1 {
			dst = append(dst, '.')
			dst = append(dst, ds[1:]...)
		}
		dst = append(dst, 'e')
		if n-1 >= 0 {
			dst = append(dst, '+')
		}
		dst = strconv.AppendInt(dst, int64(n-1), 10)
	}
	return dst, nil
}

// Less reports whether key a sorts before key b in RFC 8785 order, which
// compares UTF-16 code units (not bytes or code points: astral characters
// sort as surrogates, below U+E000..U+FFFF).
func Less(a, b string) bool { return Compare(a, b) < 0 }

// Compare compares a and b by UTF-16 code units, returning -1, 0 or +1.
func Compare(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			ua, ub := unit(ra), unit(rb)
			if ua != ub {
				if ua < ub {
					return -1
				}
				return 1
			}
			// Same high surrogate: compare the low ones.
			_, la := utf16.EncodeRune(ra)
			_, lb := utf16.EncodeRune(rb)
			if la < lb {
				return -1
			}
			return 1
		}
		a, b = a[na:], b[nb:]
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

// unit returns the first UTF-16 code unit of r.
func unit(r rune) rune {
	if r >= 0x10000 && r <= utf8.MaxRune {
		hi, _ := utf16.EncodeRune(r)
		return hi
	}
	return r
}

// Marshal returns the canonical JSON of v. See Append for the accepted types.
func Marshal(v any) ([]byte, error) { return Append(nil, v) }

// Append appends the canonical JSON of v to dst. v may be nil, bool,
// string, any Go integer or float type, map[string]any, map[string]string,
// []any or []string, nested freely. Other types are an error: canonical
// form is only defined on the JSON data model.
func Append(dst []byte, v any) ([]byte, error) {
	var err error
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case string:
		return AppendString(dst, x)
	case float64:
		return AppendNumber(dst, x)
	case float32:
		return AppendNumber(dst, float64(x))
	case int:
		return appendInt(dst, int64(x))
	case int8:
		return appendInt(dst, int64(x))
	case int16:
		return appendInt(dst, int64(x))
	case int32:
		return appendInt(dst, int64(x))
	case int64:
		return appendInt(dst, x)
	case uint:
		return AppendNumber(dst, float64(x))
	case uint8:
		return appendInt(dst, int64(x))
	case uint16:
		return appendInt(dst, int64(x))
	case uint32:
		return appendInt(dst, int64(x))
	case uint64:
		return AppendNumber(dst, float64(x))
	case map[string]string:
		return appendObject(dst, x, AppendString)
	case map[string]any:
		return appendObject(dst, x, Append)
	case []string:
		dst = append(dst, '[')
		for i, s := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			if dst, err = AppendString(dst, s); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case []any:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			if dst, err = Append(dst, e); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	}
	return dst, fmt.Errorf("canonjson: unsupported type %T", v)
}

// AppendInt appends x as canonical JSON: its decimal digits when an IEEE
// double represents it exactly (|x| < 2^53), else the ECMAScript form of
// the nearest double, as a JavaScript or Python canonicaliser would.
func AppendInt(dst []byte, x int64) []byte {
	dst, _ = appendInt(dst, x) // cannot fail: finite
	return dst
}

// appendInt writes integers exactly when they are within the range where
// an IEEE double is exact (the ES6 form of such a number is its decimal
// digits); larger ones go through the float path like JavaScript would.
func appendInt(dst []byte, x int64) ([]byte, error) {
	const exact = 1 << 53
	if x > -exact && x < exact {
		return strconv.AppendInt(dst, x, 10), nil
	}
	return AppendNumber(dst, float64(x))
}

// appendObject appends m as a JSON object with its keys in canonical order,
// each value written by appendValue.
func appendObject[V any](dst []byte, m map[string]V, appendValue func([]byte, V) ([]byte, error)) ([]byte, error) {
	var err error
	dst = append(dst, '{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			dst = append(dst, ',')
		}
		if dst, err = AppendString(dst, k); err != nil {
			return dst, err
		}
		dst = append(dst, ':')
		if dst, err = appendValue(dst, m[k]); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, Compare)
	return keys
}
