package mapping

import (
	"strings"
	"testing"
)

func TestNormalizeDomain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"passivetotal.org", "passivetotal.org", true},
		{"  PassiveTotal.ORG.  ", "passivetotal.org", true},
		{"ns1.digitalocean.com.", "ns1.digitalocean.com", true},
		{"_dmarc.example.com", "_dmarc.example.com", true},
		{"xn--bcher-kva.example", "xn--bcher-kva.example", true},
		{"Bücher.Example", "bücher.example", true},
		{"localhost", "localhost", true},
		{"a-b.example", "a-b.example", true},
		{"1.example.com", "1.example.com", true},
		{"", "", false},
		{".", "", false},
		{"example.com..", "", false},
		{"foo..example.com", "", false},
		{".example.com", "", false},
		{"IP\\032domain", "", false},
		{"IP domain.com", "", false},
		{"tab\there.com", "", false},
		{"*.example.com", "", false},
		{"-bad.example.com", "", false},
		{"bad-.example.com", "", false},
		{"192.0.2.1", "", false},
		{"example.123", "", false},
		{"exa\x00mple.com", "", false},
		{"bad\xffutf8.com", "", false},
		{"emoji😀.com", "", false},
		{strings.Repeat("a", 64) + ".com", "", false},
		{strings.Repeat("a", 63) + ".com", strings.Repeat("a", 63) + ".com", true},
		{strings.Repeat("abcdefghi.", 26) + "com", "", false},
		{"user@example.com", "", false},
		{"example.com/path", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeDomain(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeDomain(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalizeIP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"52.52.94.111", "52.52.94.111", true},
		{" 52.52.94.111\n", "52.52.94.111", true},
		{"2001:DB8:0:0::1", "2001:db8::1", true},
		{"::ffff:192.0.2.1", "192.0.2.1", true},
		{"fe80::1%eth0", "", false},
		{"192.0.2.256", "", false},
		{"192.0.2.1/24", "", false},
		{"example.com", "", false},
		{"", "", false},
		{"01.2.3.4", "", false},
	}
	for _, tt := range tests {
		a, ok := NormalizeIP(tt.in)
		got := ""
		if ok {
			got = a.String()
		}
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeIP(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalizeIPOrPrefix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   string
		v6, ok bool
	}{
		{"203.0.113.7", "203.0.113.7", false, true},
		{"2001:db8::1", "2001:db8::1", true, true},
		{"203.0.113.7/24", "203.0.113.0/24", false, true},
		{"203.0.113.7/32", "203.0.113.7", false, true},
		{"2001:db8::/32", "2001:db8::/32", true, true},
		{"203.0.113.7/33", "", false, false},
		{"nonsense", "", false, false},
	}
	for _, tt := range tests {
		got, v6, ok := normalizeIPOrPrefix(tt.in)
		if got != tt.want || v6 != tt.v6 || ok != tt.ok {
			t.Errorf("normalizeIPOrPrefix(%q) = %q, %v, %v; want %q, %v, %v", tt.in, got, v6, ok, tt.want, tt.v6, tt.ok)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"hostmaster@passivetotal.org", "hostmaster@passivetotal.org", true},
		{" John.Doe@Example.COM. ", "John.Doe@example.com", true},
		{"a@b@example.com", "", false},
		{"@example.com", "", false},
		{"john@", "", false},
		{"john doe@example.com", "", false},
		{"john@exa mple.com", "", false},
		{"hostmaster.passivetotal.org", "", false},
		{"jo\x00hn@example.com", "", false},
		// RFC 5322 addr-spec, as STIX requires (siblings of issue 15 defect 5).
		{"john@Bücher.Example", "john@xn--bcher-kva.example", true},
		{`"john doe"@example.com`, `"john doe"@example.com`, true},
		{"o'brien+tag@example.com", "o'brien+tag@example.com", true},
		{"jöhn@example.com", "", false},
		{"john(x)@example.com", "", false},
		{".john@example.com", "", false},
		{"john.@example.com", "", false},
		{"jo..hn@example.com", "", false},
		{`"jo"hn"@example.com`, "", false},
		{strings.Repeat("a", 65) + "@example.com", "", false},
		{"john@_dmarc.example.com", "", false},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 60) + ".com", "", false},
	}
	for _, tt := range tests {
		got, ok := normalizeEmail(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normalizeEmail(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCleanText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in           string
		allowControl bool
		want, reason string
	}{
		{" evil.exe ", false, "evil.exe", ""},
		{"O'Brien\\x.exe", false, "O'Brien\\x.exe", ""},
		{"line\nbreak", true, "line\nbreak", ""},
		{"line\nbreak", false, "", "value contains a control character"},
		{"nul\x00", true, "", "value contains a NUL character"},
		{"bad\xff", true, "", "value is not valid UTF-8"},
		{"   ", true, "", "empty value"},
		{strings.Repeat("x", maxValueLen+1), true, "", "value longer than 8192 bytes"},
	}
	for _, tt := range tests {
		got, reason := cleanText(tt.in, tt.allowControl)
		if got != tt.want || reason != tt.reason {
			t.Errorf("cleanText(%q, %v) = %q, %q; want %q, %q", tt.in, tt.allowControl, got, reason, tt.want, tt.reason)
		}
	}
}
