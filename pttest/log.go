package pttest

import (
	"slices"
	"sync"
	"time"
)

// Request is what the server saw of one request. Tests use the log to
// assert rate limits (arrival times), retries (counts per endpoint) and
// that credentials did not travel where they should not.
type Request struct {
	// Time is the arrival time from time.Now (the fake clock inside a
	// testing/synctest bubble).
	Time time.Time
	// Method, Path and Query are as received (Query is the raw query).
	Method, Path, Query string
	// Endpoint is Path below the base path, e.g. "/dns/passive".
	Endpoint string
	// Authorization reports that the request carried an Authorization
	// header (whatever its value); AuthOK that it carried the configured
	// credentials (always true with Config.NoAuth).
	Authorization, AuthOK bool
	// Fault is the injected fault applied to this request (FaultNone if
	// none).
	Fault FaultKind
	// Status is the status sent; 0 while the request is in progress or when
	// the connection was dropped before a status line was written through
	// the handler (FaultReset writes its own).
	Status int
	// Search reports that the request spent one search of quota.
	Search bool
	// Done reports that the server finished with the request (see
	// Server.WaitIdle).
	Done bool
}

func (s *Server) logArrival(r Request) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, r)
	s.inflight++
	return s.logBase + len(s.log) - 1
}

func (s *Server) logDone(idx, status int, spent bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := idx - s.logBase; i >= 0 && i < len(s.log) { // ResetRequests may have dropped it
		s.log[i].Status, s.log[i].Search, s.log[i].Done = status, spent, true
	}
	if s.inflight--; s.inflight == 0 && s.idle != nil {
		s.idle.Broadcast()
	}
}

// WaitIdle waits until no request is in progress. A client can read the
// last byte of an answer a moment before the handler returns and completes
// its log entry; call WaitIdle before asserting on Requests.
func (s *Server) WaitIdle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idle == nil {
		s.idle = sync.NewCond(&s.mu)
	}
	for s.inflight > 0 {
		s.idle.Wait()
	}
}

// Requests returns a copy of the request log, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// RequestCount returns how many requests arrived for endpoint (e.g.
// "/dns/passive"); "" counts every request.
func (s *Server) RequestCount(endpoint string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.log {
		if endpoint == "" || r.Endpoint == endpoint {
			n++
		}
	}
	return n
}

// ResetRequests empties the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	s.logBase += len(s.log)
	s.log = nil
	s.mu.Unlock()
}
