package passivetotal

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/ptstix/passivetotal/internal/testkit"
)

// newEndpointClient starts a test server running handle, which answers in
// JSON, and a client aimed at it; opts are added to the client's options.
func newEndpointClient(t *testing.T, handle func(w http.ResponseWriter, r *http.Request), opts ...Option) (*Client, *testkit.Server) {
	t.Helper()
	srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		handle(w, r)
	}))
	c, err := NewClient("user@example.com", "0123456789abcdef", append([]Option{WithBaseURL(srv.URL)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// serveFixture writes testdata/name as the response body.
func serveFixture(t *testing.T, w http.ResponseWriter, name string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Error(err)
		http.Error(w, err.Error(), 500)
		return
	}
	w.Write(data)
}
