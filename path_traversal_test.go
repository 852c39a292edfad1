package passivetotal

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEscapedSlashesStayInTheirSegment sends paths whose escaped slashes
// follow a character net/url will not send unescaped, to a real server, and
// checks the route the server sees: the value stays one segment under
// /articles and never reaches /account/quota.
func TestEscapedSlashesStayInTheirSegment(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.EscapedPath())
		mu.Unlock()
		io.WriteString(w, `{}`)
	}))
	defer srv.Close()
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
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("paths the server saw (-want +got):\n%s", diff)
	}
}
