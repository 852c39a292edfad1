package stix

import "testing"

// TestQuoteLiteralMatchesByteLoop compares QuoteLiteral with the plain
// byte loop it replaced.
func TestQuoteLiteralMatchesByteLoop(t *testing.T) {
	t.Parallel()
	loop := func(s string) string {
		b := []byte{'\''}
		for i := 0; i < len(s); i++ {
			if c := s[i]; c == '\'' || c == '\\' {
				b = append(b, '\\')
			}
			b = append(b, s[i])
		}
		return string(append(b, '\''))
	}
	for _, s := range []string{"", "a", "'", `\`, `''`, `\\`, `a'b\c`, `'a'`, `\a\`, "é'ü\\", "x\x00'\xff\\",
		"evil.example.com", `C:\Windows\system32\a'b.dll`} {
		if got, want := QuoteLiteral(s), loop(s); got != want {
			t.Errorf("QuoteLiteral(%q) = %q, want %q", s, got, want)
		}
	}
}
