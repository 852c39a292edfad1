package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ptstix/passivetotal/examples/internal/testkit/metricstest"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	tests := []struct {
		state    State
		success  time.Time
		wantCode int
		want     health
	}{
		{StateIdle, time.Time{}, 200, health{Status: "ok", State: StateIdle}},
		{StateRunning, time.Date(2024, 4, 12, 13, 53, 14, 0, time.UTC), 200, health{Status: "ok", State: StateRunning, LastSuccess: "2024-04-12T13:53:14Z"}},
		{StateStopped, time.Time{}, 503, health{Status: "stopping", State: StateStopped}},
	}
	for _, tt := range tests {
		t.Run(string(tt.state), func(t *testing.T) {
			t.Parallel()
			m := New(Options{})
			m.SetState(tt.state)
			if !tt.success.IsZero() {
				m.Success(tt.success)
			}
			rec := httptest.NewRecorder()
			m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
			if rec.Code != tt.wantCode {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantCode)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			var got health
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("body %q: %v", rec.Body, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHandlerRoutes(t *testing.T) {
	t.Parallel()
	h := New(Options{}).Handler()
	for _, tt := range []struct {
		method, path string
		code         int
	}{
		{"GET", "/metrics", 200},
		{"GET", "/healthz", 200},
		{"HEAD", "/healthz", 200}, // GET patterns match HEAD too
		{"GET", "/", 404},
		{"POST", "/metrics", 405},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
		if rec.Code != tt.code {
			t.Errorf("%s %s = %d, want %d", tt.method, tt.path, rec.Code, tt.code)
		}
	}
}

// TestServeAndShutdown runs the real server on a loopback port, scrapes it, and checks
// Shutdown closes the port and returns.
func TestServeAndShutdown(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Items: "articles"})
	m.Processed(3)
	srv := Serve(ln, m, nil)
	s := metricstest.Scrape(t, srv.URL()+"/metrics")
	if got := s.Get("ptstix_articles_processed_total"); got != 3 {
		t.Errorf("processed = %v, want 3", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	c := &http.Client{Timeout: 2 * time.Second}
	if resp, err := c.Get(srv.URL() + "/healthz"); err == nil {
		resp.Body.Close()
		t.Fatal("server still answers after Shutdown")
	}
}

func TestListen(t *testing.T) {
	t.Parallel()
	// Off: no server, and a nil server is safe to use.
	srv, err := Listen(Config{Expose: false, Port: 0}, New(Options{}), nil)
	if err != nil || srv != nil {
		t.Fatalf("Listen(off) = %v, %v; want nil, nil", srv, err)
	}
	if srv.Addr() != nil || srv.URL() != "" || srv.Shutdown(context.Background()) != nil {
		t.Error("nil Server methods are not no-ops")
	}

	// On, port 0: a free port on every interface, reachable on loopback.
	srv, err = Listen(Config{Expose: true, Port: 0}, New(Options{}), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown(context.Background())
	resp, err := http.Get(srv.URL() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("healthz = %s", resp.Status)
	}

	// A port in use is an error at once.
	port := srv.Addr().(*net.TCPAddr).Port
	if s2, err := Listen(Config{Expose: true, Port: port}, New(Options{}), nil); err == nil {
		s2.Shutdown(context.Background())
		t.Error("Listen on a port in use succeeded")
	}
}

// TestShutdownDeadline: a scrape stuck in flight does not hold Shutdown past its ctx.
func TestShutdownDeadline(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := Serve(ln, New(Options{}), nil)
	// An idle-but-open connection that never sends a full request.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("GET /metrics HTTP/1.1\r\nHost: x\r\n")) // headers never end
	time.Sleep(20 * time.Millisecond)                          // let the server read it
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = srv.Shutdown(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown = %v, want the deadline", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Shutdown took %v", d)
	}
}
