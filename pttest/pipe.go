package pttest

import "github.com/ptstix/passivetotal/internal/fakeserver"

// StartInMemory runs a simulator on in-memory connections (net.Pipe)
// instead of a TCP port. Reach it only through Client() (URL is
// "http://127.0.0.1" for building request URLs; the client's transport
// ignores the address). Because nothing touches the network, it can run
// inside a testing/synctest bubble, where Delay, Retry-After and trickle
// waits pass on the fake clock: start it inside the bubble, and Close it
// (and the client's idle connections) before the bubble ends.
func StartInMemory(cfg Config) *Server {
	s := New(cfg)
	s.run = fakeserver.StartInMemory(s)
	s.URL = s.run.URL
	return s
}
