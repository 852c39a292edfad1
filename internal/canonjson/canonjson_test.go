package canonjson

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAppendString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"plain", "example.com", `"example.com"`},
		{"quote and backslash", `a"b\c`, `"a\"b\\c"`},
		{"short escapes", "\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"other controls lowercase hex", "\x00\x01\x0b\x1f\x1c", `"\u0000\u0001\u000b\u001f\u001c"`},
		{"DEL is raw", "\x7f", "\"\x7f\""},
		{"html characters raw", "<a>&amp;", `"<a>&amp;"`},
		{"slash raw", "a/b", `"a/b"`},
		{"line and paragraph separators raw", "\u2028\u2029", "\"\u2028\u2029\""},
		{"non-ASCII raw", "bücher ΟΔΟΣ 東京 😀", `"bücher ΟΔΟΣ 東京 😀"`},
		{"empty", "", `""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := AppendString(nil, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			gotB, err := AppendBytes(nil, []byte(tt.in))
			if err != nil || string(gotB) != tt.want {
				t.Errorf("AppendBytes = %s, %v", gotB, err)
			}
		})
	}
}

func TestInvalidUTF8(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"\xff", "a\xc3", "\xed\xa0\x80" /* surrogate */, "ok\x80ok"} {
		if _, err := AppendString(nil, in); !errors.Is(err, ErrInvalidUTF8) {
			t.Errorf("AppendString(%q) error = %v, want ErrInvalidUTF8", in, err)
		}
		if _, err := AppendBytes(nil, []byte(in)); !errors.Is(err, ErrInvalidUTF8) {
			t.Errorf("AppendBytes(%q) error = %v, want ErrInvalidUTF8", in, err)
		}
		if _, err := Marshal(map[string]any{in: "x"}); err == nil {
			t.Errorf("Marshal with key %q: no error", in)
		}
	}
}

func TestKeyOrderUTF16(t *testing.T) {
	t.Parallel()
	// RFC 8785 section 3.2.3 sorts by UTF-16 code units: U+1F600 (as the
	// surrogates D83D DE00) sorts before U+E000 and U+FB01, unlike a byte
	// or code point sort.
	m := map[string]any{
		"\uE000":     1,
		"\U0001F600": 2,
		"\uFB01":     3,
		"a":          4,
		"A":          5,
		"aa":         6,
		"":           7,
		"\u00e9":     8,
		"\u20ac":     9,
		"\U00010000": 10,
	}
	got, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"\":7,\"A\":5,\"a\":4,\"aa\":6,\"\u00e9\":8,\"\u20ac\":9,\"\U00010000\":10,\"\U0001F600\":2,\"\uE000\":1,\"\uFB01\":3}"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestRFC8785Example(t *testing.T) {
	t.Parallel()
	// The sorting example of RFC 8785 section 3.2.3.
	m := map[string]any{
		"\u20ac":     "Euro Sign",
		"\r":         "Carriage Return",
		"\ufb33":     "Hebrew Letter Dalet With Dagesh",
		"1":          "One",
		"\U0001f600": "Emoji: Grinning Face",
		"\u0080":     "Control",
		"\u00f6":     "Latin Small Letter O With Diaeresis",
	}
	got, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\U0001f600\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestNumbers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{1, "1"},
		{-1, "-1"},
		{100, "100"},
		{4.5, "4.5"},
		{0.1, "0.1"},
		{1.0 / 3, "0.3333333333333333"},
		{1e20, "100000000000000000000"},
		{1e21, "1e+21"},
		{123456789012345680000, "123456789012345680000"},
		{1e-6, "0.000001"},
		{1e-7, "1e-7"},
		{0.000001234, "0.000001234"},
		{5e-324, "5e-324"},
		{1.7976931348623157e308, "1.7976931348623157e+308"},
		{9007199254740992, "9007199254740992"},
		{-1.5e-9, "-1.5e-9"},
		{333333333.3333333, "333333333.3333333"},
	}
	for _, tt := range tests {
		got, err := AppendNumber(nil, tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("AppendNumber(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := AppendNumber(nil, bad); !errors.Is(err, ErrNumber) {
			t.Errorf("AppendNumber(%v) error = %v", bad, err)
		}
	}
	if got := string(AppendInt(nil, 15169)); got != "15169" {
		t.Errorf("AppendInt = %s", got)
	}
	if got := string(AppendInt(nil, 1<<60)); got != "1152921504606847000" {
		t.Errorf("AppendInt(2^60) = %s", got)
	}
}

func TestMarshalValues(t *testing.T) {
	t.Parallel()
	got, err := Marshal(map[string]any{
		"s":    "x",
		"n":    nil,
		"b":    true,
		"i":    15169,
		"f":    1.5,
		"list": []any{"a", 1, false, nil, map[string]string{"z": "1", "y": "2"}},
		"strs": []string{"b", "a"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"b":true,"f":1.5,"i":15169,"list":["a",1,false,null,{"y":"2","z":"1"}],"n":null,"s":"x","strs":["b","a"]}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := Marshal(struct{}{}); err == nil {
		t.Error("no error for an unsupported type")
	}
}

func TestAppendStringAllocations(t *testing.T) {
	buf := make([]byte, 0, 256)
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = AppendString(buf[:0], "tab\there\"q\\b\u0001 bücher")
	})
	if allocs != 0 {
		t.Errorf("%v allocations, want 0", allocs)
	}
}

func BenchmarkAppendString(b *testing.B) {
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = AppendString(buf[:0], "https://example.com/path?q=1&r=\"x\" bücher")
	}
}

// The word-at-a-time skip must never miss a byte that needs a look.
func TestMayNeedEscapeNoFalseNegative(t *testing.T) {
	t.Parallel()
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			for _, fill := range []byte{'a', 0x21, 0x23, 0x5b, 0x5d, 0x7f, '0'} {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				w := load64(string(b[:]), 0)
				want := !plain[c] || !plain[fill]
				if got := mayNeedEscape(w); want && !got {
					t.Fatalf("byte %#x at %d in %q: missed", c, pos, b)
				}
				if !want && mayNeedEscape(w) {
					t.Errorf("plain word %q reported", b)
				}
			}
		}
	}
}

func BenchmarkAppendStringID(b *testing.B) {
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = AppendString(buf[:0], "relationship--6b1a4c2e-4b0b-5f44-9a6e-2f1d3c4b5a69")
	}
}

func BenchmarkAppendBytes(b *testing.B) {
	buf := make([]byte, 0, 256)
	s := []byte("https://example.com/path?q=1&r=\"x\" bücher")
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = AppendBytes(buf[:0], s)
	}
}
