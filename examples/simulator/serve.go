package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ptstix/passivetotal/examples/internal/cli"
)

// seed reads -seed (PTSIM_SEED): the data set both simulators generate.
func seed(r *cli.Resolver) uint64 {
	var n uint64
	if v, from, ok := r.Lookup(cli.Setting{Flag: "seed", Env: []string{"PTSIM_SEED"}}); ok {
		if _, err := fmt.Sscan(v, &n); err != nil {
			r.Fail(from, "%q is not a seed (want a whole number)", v)
		}
	}
	return n
}

// backend is what differs between the two simulators.
type backend struct {
	// build makes the simulator, once the configuration is known to be good
	// (a large data set is not generated for a run that fails on a flag).
	build func() http.Handler
	// started prints the banner for the root URL and returns the API base.
	started func(stdout io.Writer, root string) (base string)
	// stopped returns the attributes of the last log record.
	stopped func() []any
}

// serve is what both backends do once their own settings are read: read -addr
// and the log settings, report every configuration error, build the simulator,
// listen, print the banner, serve with request logging until ctx is done, and
// log the totals on the way out. ready, when not nil, receives the API base once
// the listener is up (for tests).
func serve(ctx context.Context, r *cli.Resolver, b backend, stdout, stderr io.Writer, ready func(baseURL string)) int {
	addr := r.String(cli.Setting{Flag: "addr", Env: []string{"PTSIM_ADDR"}}, DefaultAddr)
	level, js := cli.LogSettings(r)
	if err := r.Err(); err != nil {
		fmt.Fprintln(stderr, err)
		return cli.ExitConfig
	}
	log := cli.NewLogger(stderr, level, js)
	sim := b.build()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "config: -addr: %v\n", err)
		return cli.ExitConfig
	}
	srv := &http.Server{Handler: logRequests(log, sim), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	base := b.started(stdout, "http://"+ln.Addr().String())
	if ready != nil {
		ready(base)
	}
	select {
	case err := <-done:
		log.Error("simulator stopped", "error", err)
		return cli.ExitFailure
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("shutdown", "error", err)
	}
	log.Info("simulator stopped", b.stopped()...)
	return 0
}

// logRequests logs every request at debug level (method, path, query, status, time),
// never the Authorization header.
func logRequests(log *slog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		log.Debug("request", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery, "status", sw.status, "took", time.Since(start).Round(time.Microsecond).String())
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int)        { w.status = code; w.ResponseWriter.WriteHeader(code) }
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
