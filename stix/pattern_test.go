package stix

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPatternBuilder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cs   []Comparison
		want string
	}{
		{"domain", []Comparison{Equals("domain-name:value", "example.com")}, "[domain-name:value = 'example.com']"},
		{"hash", []Comparison{Equals(HashPath("file", "sha-256"), "e3b0")}, "[file:hashes.'SHA-256' = 'e3b0']"},
		{"serial", []Comparison{Equals("x509-certificate:serial_number", "0a:1b")}, "[x509-certificate:serial_number = '0a:1b']"},
		{"and", []Comparison{Equals("file:name", "a.exe"), Equals("file:parent_directory_ref.path", `C:\Temp`)},
			`[file:name = 'a.exe' AND file:parent_directory_ref.path = 'C:\\Temp']`},
		{"quote", []Comparison{Equals("file:name", "O'Brien.exe")}, `[file:name = 'O\'Brien.exe']`},
		{"backslash then quote", []Comparison{Equals("mutex:name", `\'`)}, `[mutex:name = '\\\'']`},
		{"newline and unicode kept raw", []Comparison{Equals("url:value", "a\nb ü 😀 ]['")}, "[url:value = 'a\nb ü 😀 ][\\'']"},
		{"list index path", []Comparison{Equals("email-message:to_refs[*].value", "x")}, "[email-message:to_refs[*].value = 'x']"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := And(tt.cs...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if err := CheckPattern(got); err != nil {
				t.Errorf("CheckPattern(%q): %v", got, err)
			}
		})
	}
}

func TestPatternHostileValues(t *testing.T) {
	t.Parallel()
	big := strings.Repeat(`a'b\c]`, 10*1024/6+1)
	values := []string{
		"'", `\`, `\\`, `\'`, "''", "'] OR [x:y = '1", "\n\r\t", "\x00", "ΟΔΟΣ İ 😀",
		"\u2028\u2029", "]", "[", "' AND domain-name:value = '", big, strings.Repeat(`\`, 10000),
	}
	for _, v := range values {
		p, err := Pattern("domain-name:value", v)
		if err != nil {
			t.Fatalf("Pattern(%.20q): %v", v, err)
		}
		if err := CheckPattern(p); err != nil {
			t.Errorf("CheckPattern(%.40q): %v", p, err)
		}
		if got := unquoteForTest(t, p); got != v {
			t.Errorf("value does not round-trip: %.40q -> %.40q", v, got)
		}
	}
}

// unquoteForTest extracts the literal of a single-comparison pattern.
func unquoteForTest(t *testing.T, p string) string {
	t.Helper()
	i := strings.Index(p, " = '")
	body := p[i+4 : len(p)-2]
	var b strings.Builder
	for j := 0; j < len(body); j++ {
		if body[j] == '\\' {
			j++
		}
		b.WriteByte(body[j])
	}
	return b.String()
}

func TestPatternErrors(t *testing.T) {
	t.Parallel()
	for _, cs := range [][]Comparison{
		nil,
		{Equals("domain-name", "x")},
		{Equals("Domain-Name:value", "x")},
		{Equals("domain-name:value = 'x'] OR [ipv4-addr:value", "x")},
		{Equals("file:hashes.'SHA 256'", "x")},
		{Equals("file:hashes.''", "x")},
		{Equals("file:hashes.", "x")},
		{Equals("file:name[", "x")},
		{Equals("file:name", "bad \xff utf8")},
	} {
		if p, err := And(cs...); err == nil {
			t.Errorf("And(%q) = %q, want an error", cs, p)
		}
	}
}

func TestCheckPattern(t *testing.T) {
	t.Parallel()
	good := []string{
		"[domain-name:value = 'x']",
		"[a-b:c = 'x' AND d-e:f != 'y'] OR [ipv4-addr:value = '1.2.3.4']",
		"([file:size > 100] FOLLOWEDBY [file:name LIKE 'a%'])",
		"[file:size >= 10 OR (file:name NOT MATCHES '^a')]",
		"[x509-certificate:is_self_signed = true]",
	}
	for _, p := range good {
		if err := CheckPattern(p); err != nil {
			t.Errorf("CheckPattern(%q): %v", p, err)
		}
	}
	bad := []string{
		"", "[", "]", "[domain-name:value = 'x'", "[domain-name:value = 'x]", "[domain-name:value = x]",
		"[domain-name:value = 'a\\b']", "[domain-name:value 'x']", "[domain-name:value = 'x'] AND",
		"[domain-name:value = 'x'] [ipv4-addr:value = 'y']", "domain-name:value = 'x'",
		"[domain-name:value = 'x' AND]", "([domain-name:value = 'x']", "[domain-name:value = 'x'])",
	}
	for _, p := range bad {
		if err := CheckPattern(p); err == nil {
			t.Errorf("CheckPattern(%q) accepted", p)
		}
	}
}

func FuzzPattern(f *testing.F) {
	f.Add("domain-name:value", "example.com", "file:name", "O'Brien")
	f.Add("file:hashes.'SHA-256'", `\'`, "x509-certificate:serial_number", "\n]")
	f.Fuzz(func(t *testing.T, path1, v1, path2, v2 string) {
		p, err := And(Equals(path1, v1), Equals(path2, v2))
		if err != nil {
			return
		}
		if err := CheckPattern(p); err != nil {
			t.Fatalf("builder produced %q which does not parse: %v", p, err)
		}
		if !strings.HasPrefix(p, "[") || !strings.HasSuffix(p, "]") {
			t.Fatalf("not one observation: %q", p)
		}
		// Escaping loses nothing: each literal reads back as its value.
		want := "[" + path1 + " = "
		if !strings.HasPrefix(p, want) {
			t.Fatalf("%q does not start with %q", p, want)
		}
		rest := p[len(want):]
		got, n := readLiteral(t, rest)
		if got != v1 {
			t.Fatalf("first literal reads back %q, want %q (pattern %q)", got, v1, p)
		}
		rest = strings.TrimPrefix(rest[n:], " AND "+path2+" = ")
		if got, _ := readLiteral(t, rest); got != v2 {
			t.Fatalf("second literal reads back %q, want %q (pattern %q)", got, v2, p)
		}
	})
}

// readLiteral unescapes the STIX string literal at the start of s and
// returns it with the number of bytes it took.
func readLiteral(t *testing.T, s string) (string, int) {
	t.Helper()
	if !strings.HasPrefix(s, "'") {
		t.Fatalf("no literal at %q", s)
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
			b.WriteByte(s[i])
		case '\'':
			return b.String(), i + 1
		default:
			b.WriteByte(s[i])
		}
	}
	t.Fatalf("unterminated literal %q", s)
	return "", 0
}
