package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"
)

// health is the /healthz answer.
type health struct {
	Status      string `json:"status"`
	State       State  `json:"state"`
	LastSuccess string `json:"last_success,omitempty"`
}

// serveHealth answers 200 while the connector runs or waits, and 503 once it is
// stopping, so an orchestrator stops sending it traffic; the body says the state.
func (m *Metrics) serveHealth(w http.ResponseWriter, _ *http.Request) {
	st := m.State()
	h := health{Status: "ok", State: st}
	if t := m.LastSuccess(); !t.IsZero() {
		h.LastSuccess = t.UTC().Format(time.RFC3339)
	}
	code := http.StatusOK
	if st == StateStopped {
		h.Status, code = "stopping", http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(h)
}

// Server is the HTTP server of /metrics and /healthz. A nil *Server (metrics not
// exposed) is valid: Addr returns nil and Shutdown does nothing.
type Server struct {
	srv  *http.Server
	addr net.Addr
	done chan error
}

// Listen starts serving m on cfg's port when cfg.Expose is true, and returns nil, nil
// when it is not. The port is bound before Listen returns, so a port in use is an error
// here, not a log line later.
func Listen(cfg Config, m *Metrics, log *slog.Logger) (*Server, error) {
	if !cfg.Expose {
		return nil, nil
	}
	ln, err := net.Listen("tcp", cfg.Addr())
	if err != nil {
		return nil, err
	}
	s := Serve(ln, m, log)
	if log != nil {
		log.Info("metrics exposed", "addr", s.Addr().String(), "paths", "/metrics /healthz")
	}
	return s, nil
}

// Serve serves m on ln until Shutdown (tests pass a loopback listener on port 0).
func Serve(ln net.Listener, m *Metrics, log *slog.Logger) *Server {
	s := &Server{
		srv: &http.Server{
			Handler:           m.Handler(),
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       30 * time.Second,
			WriteTimeout:      30 * time.Second,
			IdleTimeout:       2 * time.Minute,
		},
		addr: ln.Addr(),
		done: make(chan error, 1),
	}
	if log != nil {
		s.srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	}
	go func() {
		err := s.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	return s
}

// Addr is the address the server listens on, nil for a nil Server.
func (s *Server) Addr() net.Addr {
	if s == nil {
		return nil
	}
	return s.addr
}

// URL is "http://" + Addr, "" for a nil Server; handy in logs and tests.
func (s *Server) URL() string {
	if s == nil {
		return ""
	}
	if ta, ok := s.addr.(*net.TCPAddr); ok && ta.IP.IsUnspecified() {
		return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(ta.Port))
	}
	return "http://" + s.addr.String()
}

// Shutdown stops accepting scrapes, lets those in flight finish within ctx, and waits
// for the serving goroutine. It returns the server's own error, if it failed.
func (s *Server) Shutdown(ctx context.Context) error {
	if s == nil {
		return nil
	}
	err := s.srv.Shutdown(ctx)
	if err != nil {
		s.srv.Close() // ctx expired: drop what is left
	}
	return errors.Join(err, <-s.done)
}
