package stix_test

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ptstix/passivetotal/stix"
)

func TestNormalizeURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		// Valid URIs are returned byte for byte (their IDs must not move).
		{"https://example.com/evil.php", "https://example.com/evil.php"},
		{`https://example.com/path?q=1&r=%22x%22`, `https://example.com/path?q=1&r=%22x%22`},
		{"https://user:pw@example.com:8443/a/b;c=d?x=y&z=%2F#frag/?", "https://user:pw@example.com:8443/a/b;c=d?x=y&z=%2F#frag/?"},
		{"mailto:john@example.com", "mailto:john@example.com"},
		{"urn:isbn:0451450523", "urn:isbn:0451450523"},
		{"https://example.com", "https://example.com"},
		{"https://example.com/%7euser", "https://example.com/%7euser"},
		// The characters of the review: quote, bracket, space, controls, U+2028.
		{`https://example.com/path?q=1&r="x"`, "https://example.com/path?q=1&r=%22x%22"},
		{"https://example.com/a]b[c", "https://example.com/a%5Db%5Bc"},
		{"https://example.com/a b?c d#e f", "https://example.com/a%20b?c%20d#e%20f"},
		{"https://example.com/a\x01b\x7f", "https://example.com/a%01b%7F"},
		{"https://example.com/a\u2028b", "https://example.com/a%E2%80%A8b"},
		{"https://example.com/\u2028", "https://example.com/"},
		// Everything else RFC 3986 forbids where it stands.
		{"https://example.com/<script>{x}|^`", "https://example.com/%3Cscript%3E%7Bx%7D%7C%5E%60"},
		{"https://example.com/100%", "https://example.com/100%25"},
		{"https://example.com/%zz%4", "https://example.com/%25zz%254"},
		{"https://example.com/a#b#c", "https://example.com/a#b%23c"},
		{"https://example.com/?q=\\x", "https://example.com/?q=%5Cx"},
		{"https://bad@user@example.com/", "https://bad%40user@example.com/"},
		{"https://example.com/ça?é=ü#ß", "https://example.com/%C3%A7a?%C3%A9=%C3%BC#%C3%9F"},
		// As a browser sends it: tabs and line breaks dropped, ends trimmed,
		// backslashes of special schemes read as slashes, case folded.
		{" \thttp://example.com/line\nbreak\r\n ", "http://example.com/linebreak"},
		{`HTTPS://Example.COM\dir\file.exe`, "https://example.com/dir/file.exe"},
		{"https://BÜCHER.example/ä", "https://xn--bcher-kva.example/%C3%A4"},
		{"http://пример.рф/", "http://xn--e1afmkfd.xn--p1ai/"},
		{"http://%C3%BC.example/", "http://xn--tda.example/"},
		{"http://[2001:DB8::1]:8080/", "http://[2001:db8::1]:8080/"},
		{"http://192.0.2.1:80/x", "http://192.0.2.1:80/x"},
		{"http://example.com.:/", "http://example.com.:/"},
	}
	for _, tt := range tests {
		got, err := stix.NormalizeURL(tt.in)
		if err != nil {
			t.Errorf("NormalizeURL(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if err := stix.CheckURL(got); err != nil {
			t.Errorf("CheckURL(NormalizeURL(%q)): %v", tt.in, err)
		}
	}
}

func TestNormalizeURLRefuses(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                           "empty value",
		" \u2028 ":                   "empty value",
		"example.com/path":           "no scheme",
		"//example.com/path":         "no scheme",
		"1http://example.com":        "no scheme",
		"ht tp://example.com":        "no valid scheme",
		"https://exa mple.com/":      "not a valid host name",
		"https://exa<mple.com/":      "not a valid host name",
		"https://example.com:80a/":   "not a number",
		"https://example.com:99999/": "out of range",
		"https:///path":              "no host",
		"https://[::1/":              "unclosed",
		"https://[fe80::1%25eth0]/":  "invalid IPv6",
		"https://[192.0.2.1]/":       "invalid IPv6",
		"https://[::1]x/":            "after the IPv6",
		"https://a..b/":              "empty label",
		"https://" + strings.Repeat("a", 64) + ".com/":         "longer than 63",
		"https://" + strings.Repeat("abcdefghi.", 26) + "com/": "longer than 253",
		"https://%zz.example/":                                 "percent-encoding",
		"https://%FF.example/":                                 "percent-encoding",
		"https://example.com/\xfe":                             "not valid UTF-8",
	} {
		got, err := stix.NormalizeURL(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("NormalizeURL(%q) = %q, %v; want an error containing %q", in, got, err, want)
		}
	}
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	for _, good := range []string{
		"https://example.com/evil.php", "ftp://[::1]:21/", "mailto:a@b", "https://u:p@h:1/p?q#f", "x:",
		"https://example.com/a%20b", "file:///etc/passwd",
	} {
		if err := stix.CheckURL(good); err != nil {
			t.Errorf("CheckURL(%q): %v", good, err)
		}
	}
	for _, bad := range []string{
		"", "example.com", "https://example.com/a b", `https://example.com/"`, "https://example.com/]",
		"https://example.com/\x00", "https://example.com/\u2028", "https://example.com/%", "https://example.com/%g0",
		"https://exa mple.com/", "https://example.com:x/", "https://[::1/", "https://[zz]/", "https://a/#b#c",
		"https://a/?\\", "1x:y", "https://a^b/",
	} {
		if err := stix.CheckURL(bad); err == nil {
			t.Errorf("CheckURL(%q): no error", bad)
		}
	}
}

// FuzzNormalizeURL: whatever the input, a result is an RFC 3986 URI that
// net/url parses as absolute, normalising it again changes nothing, and
// a refused input is refused with a reason.
func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{
		"https://example.com/evil.php", `https://example.com/path?q=1&r="x"`, "https://BÜCHER.example/a]b",
		"http://[2001:DB8::1]:8080/\u2028", "https://a@b@c/%zz#x#y", "mailto:x", `HTTP://X\y\z?\`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := stix.NormalizeURL(in)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("NormalizeURL(%q): empty reason", in)
			}
			return
		}
		if err := stix.CheckURL(got); err != nil {
			t.Fatalf("NormalizeURL(%q) = %q fails CheckURL: %v", in, got, err)
		}
		if u, err := url.Parse(got); err != nil || !u.IsAbs() {
			t.Fatalf("NormalizeURL(%q) = %q: net/url: %v", in, got, err)
		}
		again, err := stix.NormalizeURL(got)
		if err != nil || again != got {
			t.Fatalf("NormalizeURL not idempotent: %q -> %q -> %q, %v", in, got, again, err)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("NormalizeURL(%q) = %q is not UTF-8", in, got)
		}
	})
}
