package pttest

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// StartInMemory runs a simulator on in-memory connections (net.Pipe)
// instead of a TCP port. Reach it only through Client() (URL is
// "http://127.0.0.1" for building request URLs; the client's transport
// ignores the address). Because nothing touches the network, it can run
// inside a testing/synctest bubble, where Delay, Retry-After and trickle
// waits pass on the fake clock: start it inside the bubble, and Close it
// (and the client's idle connections) before the bubble ends.
func StartInMemory(cfg Config) *Server {
	s := New(cfg)
	l := &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
	hs := &http.Server{Handler: s}
	served := make(chan struct{})
	go func() {
		defer close(served)
		hs.Serve(l) //nolint:errcheck // returns ErrServerClosed on Close
	}()
	tr := &http.Transport{
		DialContext:       func(ctx context.Context, _, _ string) (net.Conn, error) { return l.dial(ctx) },
		ForceAttemptHTTP2: false,
	}
	s.URL = "http://127.0.0.1"
	s.client = &http.Client{Transport: tr}
	s.closeFn = func() {
		tr.CloseIdleConnections()
		hs.Close() //nolint:errcheck
		<-served
	}
	return s
}

// pipeListener hands the server ends of net.Pipe connections to
// http.Server.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func (l *pipeListener) dial(ctx context.Context) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		client.Close()
		server.Close()
		return nil, net.ErrClosed
	case <-ctx.Done():
		client.Close()
		server.Close()
		return nil, ctx.Err()
	}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pttest-in-memory" }
