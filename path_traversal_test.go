package passivetotal

import (
	"io"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/internal/testkit"
)

// TestEscapedSlashesStayInTheirSegment sends paths whose escaped slashes
// follow a character net/url will not send unescaped, to a real server, and
// checks the route the server sees: the value stays one segment under
// /articles and never reaches /account/quota.
func TestEscapedSlashesStayInTheirSegment(t *testing.T) {
	t.Parallel()
	srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{}`)
	}))
	c, err := NewClient(testUser, testKey, WithBaseURL(srv.URL+"/v2"), WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{
		"articles/ü%2F..%2F..%2Faccount%2Fquota",
		"articles/%22%2F..%2F..%2Faccount%2Fquota",
		"articles/\"%2F..%2F..%2Faccount%2Fquota",
		"articles/{}%2F..%2F..%2Faccount%2Fquota",
	}
	for _, p := range paths {
		if _, err := c.get(t.Context(), p, nil, false, nil); err != nil {
			t.Errorf("%q: %v", p, err)
		}
	}
	want := []string{
		"/v2/articles/%C3%BC%2F..%2F..%2Faccount%2Fquota",
		"/v2/articles/%22%2F..%2F..%2Faccount%2Fquota",
		"/v2/articles/%22%2F..%2F..%2Faccount%2Fquota",
		"/v2/articles/%7B%7D%2F..%2F..%2Faccount%2Fquota",
	}
	var seen []string
	for _, r := range srv.Requests() {
		seen = append(seen, r.URL.EscapedPath())
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("paths the server saw (-want +got):\n%s", diff)
	}
}
