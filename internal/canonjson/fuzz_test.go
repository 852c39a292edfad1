package canonjson

import (
	"encoding/json"
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzAppendString checks that every valid string gives JSON that decodes
// back to the same string, with only the escapes RFC 8785 allows, and that
// every invalid one is rejected.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a", "\"\\", "\x00\x1f\x7f", "<>&", "\u2028\u2029", "😀", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := AppendString(nil, s)
		// AppendBytes is the same loop over a []byte: same bytes, same error.
		if outB, errB := AppendBytes(nil, []byte(s)); string(outB) != string(out) || (errB == nil) != (err == nil) {
			t.Fatalf("AppendBytes(%q) = %q, %v; AppendString gave %q, %v", s, outB, errB, out, err)
		}
		if !utf8.ValidString(s) {
			if err == nil {
				t.Fatalf("no error for invalid UTF-8 %q", s)
			}
			return
		}
		if err != nil {
			t.Fatalf("error for valid %q: %v", s, err)
		}
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("output %q is not JSON: %v", out, err)
		}
		if back != s {
			t.Fatalf("round trip %q -> %q", s, back)
		}
		// Only quote, backslash and controls may be escaped.
		for i := 1; i < len(out)-1; i++ {
			if out[i] == '\\' {
				next := out[i+1]
				switch next {
				case '"', '\\', 'b', 'f', 'n', 'r', 't':
				case 'u':
					if string(out[i+2:i+4]) != "00" {
						t.Fatalf("non-control \\u escape in %q", out)
					}
				default:
					t.Fatalf("bad escape \\%c in %q", next, out)
				}
				i++
			}
		}
	})
}

// FuzzMarshalObject checks that objects built from fuzzed keys and values
// are valid JSON with keys in UTF-16 order.
func FuzzMarshalObject(f *testing.F) {
	f.Add("a", "b", 1.5)
	f.Add("\U0001F600", "\uE000", math.Copysign(0, -1))
	f.Add("", "\u2028", 1e21)
	f.Fuzz(func(t *testing.T, k1, k2 string, n float64) {
		m := map[string]any{k1: n, k2: k1}
		out, err := Marshal(m)
		if err != nil {
			return // invalid UTF-8 or NaN/Inf
		}
		var back map[string]any
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("output %q is not JSON: %v", out, err)
		}
		if len(back) != len(m) {
			t.Fatalf("lost keys: %q", out)
		}
		if k1 != k2 && Less(k1, k2) == Less(k2, k1) {
			t.Fatalf("Less is not a strict order for %q, %q", k1, k2)
		}
	})
}
