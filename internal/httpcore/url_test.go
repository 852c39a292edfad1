package httpcore

import (
	"net/url"
	"strings"
	"testing"
)

// checkSameResource fails when the URL a server would parse from u
// addresses other segments than path asked for: more or fewer segments,
// a segment decoded to another value, or a dot segment a resolver would
// collapse.
func checkSameResource(t *testing.T, base *url.URL, path string, u *url.URL) {
	t.Helper()
	sent, err := url.Parse(u.String())
	if err != nil {
		t.Fatalf("%q: sent URL %q does not parse: %v", path, u, err)
	}
	got := SplitPath(strings.TrimPrefix(sent.EscapedPath(), base.EscapedPath()))
	want := SplitPath(path)
	if len(got) != len(want) {
		t.Fatalf("%q reached %q: %d segments, want %d", path, sent.EscapedPath(), len(got), len(want))
	}
	for i := range want {
		g, err1 := url.PathUnescape(got[i])
		w, err2 := url.PathUnescape(want[i])
		if err1 != nil || err2 != nil || g != w || g == "." || g == ".." {
			t.Fatalf("%q reached %q: segment %d is %q, want %q", path, sent.EscapedPath(), i, g, w)
		}
	}
}

func TestBuildURLKeepsSegments(t *testing.T) {
	t.Parallel()
	base, err := ParseBaseURL("https://api.example.com/pt/v2", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"articles/ü%2F..%2F..%2Faccount%2Fquota",      // non-ASCII before escaped slashes
		"articles/%C3%BC%2F..%2F..%2Faccount%2Fquota", // the same, escaped
		"articles/a\"%2F..%2F..%2Faccount",            // a character Go always escapes
		"articles/{x}%2F..%2Faccount",
		"articles/a|b%2F..",
		"articles/a^b`c\\d%2F..%2F..",
		"articles/日本%2F%2E%2E%2Faccount",
		"articles/x%2Fy",
		"articles/a:b@c!$&'()*+,;=[]",
	} {
		u, err := BuildURL(base, path, nil)
		if err != nil {
			t.Errorf("%q refused: %v", path, err)
			continue
		}
		checkSameResource(t, base, path, u)
	}
}

func FuzzBuildURL(f *testing.F) {
	for _, s := range []string{
		"articles/ü%2F..%2F..%2Faccount%2Fquota", "articles/%2e%2e", "a/b/c", "x%2Fy", "é/%2F", "a\"b%2F..",
		"{x}%2F..%2F..", "a%00b", "%", "a/../b", "☃%2F%2E%2E",
	} {
		f.Add(s)
	}
	base, err := ParseBaseURL("https://api.example.com/pt/v2", false)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path string) {
		u, err := BuildURL(base, path, nil)
		if err != nil {
			return
		}
		checkSameResource(t, base, path, u)
	})
}

func FuzzCheckSameOrigin(f *testing.F) {
	const root = "https://graph.microsoft.com/v1.0/security/threatIntelligence"
	for _, s := range []string{
		root + "/hosts/x/passiveDns?$skiptoken=abc", root + "/hosts/ü%2F..%2F..%2Fme", root + "/%2e%2e/x",
		"https://evil.example/v1.0/security/threatIntelligence/x", root + "X/y", root + "/a\"%2F..",
	} {
		f.Add(s)
	}
	base, err := ParseBaseURL(root, false)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, link string) {
		u, err := CheckSameOrigin(base, link)
		if err != nil {
			return
		}
		sent, err := url.Parse(u.String())
		if err != nil {
			t.Fatalf("%q: sent URL %q does not parse: %v", link, u, err)
		}
		if !strings.EqualFold(sent.Host, base.Host) || sent.Scheme != base.Scheme || sent.User != nil {
			t.Fatalf("%q leaves the origin: %q", link, sent)
		}
		p := sent.EscapedPath()
		if p != base.EscapedPath() && !strings.HasPrefix(p, base.EscapedPath()+"/") {
			t.Fatalf("%q leaves the base path: %q", link, p)
		}
		for _, seg := range strings.Split(p, "/") {
			if isDotSegment(seg) {
				t.Fatalf("%q sent with a dot segment: %q", link, p)
			}
		}
	})
}
