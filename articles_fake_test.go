package passivetotal

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// endpointAPI serves canned bodies and records every request it receives.
type endpointAPI struct {
	mu       sync.Mutex
	requests []*http.Request
	handle   func(w http.ResponseWriter, r *http.Request)
}

func (f *endpointAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.Clone(r.Context()))
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	f.handle(w, r)
}

func (f *endpointAPI) seen() []*http.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*http.Request(nil), f.requests...)
}

// newEndpointClient starts a test server running handle and a client aimed
// at it; opts are added to the client's options.
func newEndpointClient(t *testing.T, handle func(w http.ResponseWriter, r *http.Request), opts ...Option) (*Client, *endpointAPI) {
	t.Helper()
	f := &endpointAPI{handle: handle}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := NewClient("user@example.com", "0123456789abcdef", append([]Option{WithBaseURL(srv.URL)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, f
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
