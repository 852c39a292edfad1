package mapping

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// Regression (issue 15, defect 5): URL values with characters RFC 3986
// does not allow were emitted as url objects the OASIS schema rejects.
// Each is percent-encoded (hosts punycoded) and the indicator's pattern,
// its name and the observable carry the same value, whose ID follows it;
// a value that cannot be made a URI is a skip with a reason.
func TestArticleURLValuesAreURIs(t *testing.T) {
	t.Parallel()
	a := passivetotal.Article{
		GUID: "c0ffee02", Title: "URLs", PublishedDate: ptTime(t, "2023-02-01 10:00:00"),
		Indicators: []passivetotal.ArticleIndicatorGroup{{Type: "url", Source: "public", Values: []string{
			`https://example.com/path?q=1&r="x"`,
			"https://example.com/a]b",
			"https://example.com/a b",
			"https://example.com/a\u2028b",
			"https://example.com/c\x01d",
			"https://BÜCHER.example/x",
			"example.com/no-scheme",
			"https://exa mple.com/",
		}}},
	}
	r, err := Article(a, ArticleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	want := []string{
		"https://example.com/path?q=1&r=%22x%22",
		"https://example.com/a%5Db",
		"https://example.com/a%20b",
		"https://example.com/a%E2%80%A8b",
		"https://example.com/c%01d",
		"https://xn--bcher-kva.example/x",
	}
	var got []string
	patterns := map[string]string{}
	names := map[string]bool{}
	for _, o := range r.Objects {
		switch x := o.(type) {
		case *stix.URL:
			got = append(got, x.Value)
			if id, _ := stix.URLID(x.Value); id != x.ID {
				t.Errorf("url %q: id %s, want %s", x.Value, x.ID, id)
			}
		case *stix.Indicator:
			patterns[x.Pattern] = x.ID
			names[x.Name] = true
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("url values (-want +got):\n%s", diff)
	}
	for _, v := range want {
		p, _ := stix.Pattern("url:value", v)
		if _, ok := patterns[p]; !ok || !names[v] {
			t.Errorf("no indicator with pattern %s and name %q", p, v)
		}
	}
	var reasons []string
	for _, s := range r.Skips {
		reasons = append(reasons, s.Reason)
	}
	if len(reasons) != 2 || !strings.Contains(reasons[0], "no scheme") || !strings.Contains(reasons[1], "not a valid host name") {
		t.Errorf("skips %q, want no scheme and an invalid host", reasons)
	}
}

// Regression (issue 15, defect 6): upper-case letters that grow when
// lower-cased (Ⱥ is 2 bytes, ⱥ 3) made a name of 171 bytes pass the
// 253-byte check and come out at 255.
func TestNormalizeDomainLengthAfterLowering(t *testing.T) {
	t.Parallel()
	label := strings.Repeat("Ⱥ", 21) // 42 bytes, 63 once lower-cased
	in := strings.Join([]string{label, label, label, label}, ".")
	if got, ok := NormalizeDomain(in); ok {
		t.Errorf("NormalizeDomain accepted %d bytes in, %d out: %q", len(in), len(got), got)
	}
	three := strings.Join([]string{label, label, label}, ".") // 191 bytes lower-cased
	if got, ok := NormalizeDomain(three); !ok || len(got) != 191 {
		t.Errorf("NormalizeDomain(3 labels) = %d bytes, %v; want 191, true", len(got), ok)
	}
	// A name that shrinks when lower-cased (İ is 2 bytes, Go lowers it to
	// i) is judged by its final length too.
	long := strings.Repeat("İ", 60) + "." + strings.Repeat("İ", 60) + "." + strings.Repeat("İ", 60) + ".com"
	if got, ok := NormalizeDomain(long); !ok || len(got) > maxDomainLen {
		t.Errorf("NormalizeDomain(%d bytes shrinking to %d) = %v", len(long), len(got), ok)
	}
}
