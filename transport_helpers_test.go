package passivetotal

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/internal/httpcore"
	"golang.org/x/time/rate"
)

// reply is one scripted answer of a fakeTransport: a response, an error, or
// (block) waiting until the attempt's context ends.
type reply struct {
	status int
	body   string
	header http.Header
	err    error
	block  bool
}

// fakeTransport plays replies in order (the last one repeats), records when
// each request arrived, and tracks every body it hands out so a test can
// check that all were closed. It needs no network, so it runs inside a
// synctest bubble.
type fakeTransport struct {
	mu      sync.Mutex
	replies []reply
	times   []time.Time
	paths   []string
	bodies  []*trackedBody
}

func (f *fakeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	n := len(f.times)
	f.times = append(f.times, time.Now())
	f.paths = append(f.paths, req.URL.Path)
	r := f.replies[min(n, len(f.replies)-1)]
	f.mu.Unlock()
	if req.Body != nil {
		req.Body.Close()
	}
	if r.block {
		<-req.Context().Done()
		return nil, req.Context().Err()
	}
	if r.err != nil {
		return nil, r.err
	}
	h := r.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	b := &trackedBody{Reader: bytes.NewReader([]byte(r.body))}
	f.mu.Lock()
	f.bodies = append(f.bodies, b)
	f.mu.Unlock()
	return &http.Response{
		StatusCode: r.status, Status: strconv.Itoa(r.status) + " " + http.StatusText(r.status),
		Header: h, Body: b, ContentLength: int64(len(r.body)), Request: req,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}, nil
}

func (f *fakeTransport) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.times)
}

// gaps returns the time between consecutive requests.
func (f *fakeTransport) gaps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	var g []time.Duration
	for i := 1; i < len(f.times); i++ {
		g = append(g, f.times[i].Sub(f.times[i-1]))
	}
	return g
}

// checkClosed fails the test if any body was left open.
func (f *fakeTransport) checkClosed(t *testing.T) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, b := range f.bodies {
		if !b.isClosed() {
			t.Errorf("response body %d of %d was not closed", i+1, len(f.bodies))
		}
	}
}

type trackedBody struct {
	io.Reader
	mu     sync.Mutex
	closed bool
}

func (b *trackedBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return nil
}

func (b *trackedBody) isClosed() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closed
}

// newFakeClient builds a client over a fakeTransport with the given replies.
// Rate limiting is off and the jitter is its ceiling (predictable waits)
// unless opts say otherwise.
func newFakeClient(t *testing.T, replies []reply, opts ...Option) (*Client, *fakeTransport) {
	t.Helper()
	ft := &fakeTransport{replies: replies}
	base := []Option{WithHTTPClient(&http.Client{Transport: ft}), WithRateLimit(rate.Inf, 0), withCeilingJitter()}
	c, err := NewClient(testUser, testKey, append(base, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, ft
}

// withCeilingJitter makes every backoff wait its ceiling (predictable).
func withCeilingJitter() Option {
	return func(s *settings) error {
		s.jitter = func(d time.Duration) time.Duration { return d }
		return nil
	}
}

// Names of the shared HTTP package that the tests of this package use.
const (
	maxErrorBody    = httpcore.MaxErrorBody
	maxMessage      = httpcore.MaxMessage
	snippetLen      = httpcore.SnippetLen
	minSecretPrefix = httpcore.MinSecretPrefix
)

var (
	sameHostRedirects = httpcore.SameHostRedirects
	isLoopback        = httpcore.IsLoopback
)

// parseErrorBody is httpcore.ParseErrorBody's message, developer message
// and code.
func parseErrorBody(contentType string, body []byte) (msg, dev string, code int) {
	d := httpcore.ParseErrorBody(contentType, body)
	return d.Message, d.DeveloperMessage, d.Code
}

// withTransport makes rt the client's base transport, with no rate limit.
func withTransport(rt http.RoundTripper) Option {
	return func(s *settings) error {
		s.HTTPClient = &http.Client{Transport: rt}
		s.Limiter = nil
		return nil
	}
}

// fakeResponse is a JSON response to req.
func fakeResponse(req *http.Request, status int, body string) *http.Response {
	return &http.Response{
		StatusCode: status, Status: strconv.Itoa(status) + " " + http.StatusText(status),
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: req,
	}
}
