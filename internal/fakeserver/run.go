package fakeserver

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Running is a handler being served. Its methods are safe on a nil
// *Running (a bare handler that was never started): Close does nothing,
// Client and OtherHostURL return zero values.
type Running struct {
	// URL is the root URL, "http://127.0.0.1:port" (or "http://127.0.0.1"
	// in memory).
	URL string

	client   *http.Client
	hostPort string // empty in memory
	close    func()
	once     sync.Once
}

// Start serves h on a loopback TCP port (an httptest.Server).
func Start(h http.Handler) *Running {
	ts := httptest.NewServer(h)
	return &Running{
		URL:      ts.URL,
		client:   ts.Client(),
		hostPort: strings.TrimPrefix(ts.URL, "http://"),
		close:    ts.Close,
	}
}

// StartInMemory serves h on in-memory connections (net.Pipe) instead of a
// TCP port; only Client reaches it (URL is "http://127.0.0.1" for building
// request URLs, and the client's transport ignores the address). Nothing
// touches the network, so it runs inside a testing/synctest bubble.
func StartInMemory(h http.Handler) *Running {
	l := &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
	hs := &http.Server{Handler: h}
	served := make(chan struct{})
	go func() {
		defer close(served)
		hs.Serve(l) //nolint:errcheck // returns ErrServerClosed on Close
	}()
	tr := &http.Transport{
		DialContext:       func(ctx context.Context, _, _ string) (net.Conn, error) { return l.dial(ctx) },
		ForceAttemptHTTP2: false,
	}
	return &Running{
		URL:    "http://127.0.0.1",
		client: &http.Client{Transport: tr},
		close: func() {
			tr.CloseIdleConnections()
			hs.Close() //nolint:errcheck
			<-served
		},
	}
}

// Close stops the server and waits for its connections to finish; safe to
// call twice.
func (r *Running) Close() {
	if r == nil {
		return
	}
	r.once.Do(r.close)
}

// Client returns an HTTP client that reaches the server.
func (r *Running) Client() *http.Client {
	if r == nil {
		return nil
	}
	return r.client
}

// OtherHostURL is URL with the host written "localhost" instead of
// "127.0.0.1": the same server under another host name, so a redirect or a
// next link to it crosses hosts. Empty in memory.
func (r *Running) OtherHostURL() string {
	if r == nil || r.hostPort == "" {
		return ""
	}
	return "http://" + strings.Replace(r.hostPort, "127.0.0.1", "localhost", 1)
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
func (pipeAddr) String() string  { return "in-memory" }
