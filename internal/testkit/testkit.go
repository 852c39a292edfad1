// Package testkit holds the helpers the module's tests share. It is imported by
// _test.go files only; the library never links it.
//
// Serve is the one way a test runs an ad-hoc handler: an httptest server on
// loopback (plain http, which the clients accept for loopback hosts), closed
// when the test ends, recording what it received. A test that wants the API
// itself uses the public fakes, pttest and mdti/mdtitest, instead.
package testkit

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Server is a started httptest server running a test's handler.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	requests []*http.Request
}

// Serve starts a server running h and closes it when tb's test ends. Each
// configure function runs on the http.Server before it starts (to watch
// connection states, say).
func Serve(tb testing.TB, h http.Handler, configure ...func(*http.Server)) *Server {
	tb.Helper()
	s := &Server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		// The clone shares the body, which the handler reads; the record keeps the
		// method, URL and headers.
		s.requests = append(s.requests, r.Clone(r.Context()))
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	for _, f := range configure {
		f(s.Config)
	}
	s.Start()
	tb.Cleanup(s.Close)
	return s
}

// Requests returns the requests received so far, in order of arrival.
func (s *Server) Requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.requests...)
}

// Count returns how many requests the server received.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}
