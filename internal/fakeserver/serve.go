package fakeserver

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// StatusWriter remembers the status written, for a request log.
type StatusWriter struct {
	http.ResponseWriter
	Status int
}

// WriteHeader records the first status and passes it on.
func (w *StatusWriter) WriteHeader(code int) {
	if w.Status == 0 {
		w.Status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 and passes p on.
func (w *StatusWriter) Write(p []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach Flush and Hijack.
func (w *StatusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Sleep waits d, or until the client goes away (false).
func Sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// Or returns v, or d when v is the zero value (a fault field left unset).
func Or[T comparable](v, d T) T {
	var zero T
	if v == zero {
		return d
	}
	return v
}

// Schedule decides which of the requests a fault matches it applies to:
// every Every-th one (0 or 1: each), at most Times times (0: no limit).
type Schedule struct {
	Every, Times int
	seen, used   int
}

// Due counts one matching request and reports whether the fault applies to
// it.
func (c *Schedule) Due() bool {
	if c.Times > 0 && c.used >= c.Times {
		return false
	}
	c.seen++
	if c.Every > 1 && c.seen%c.Every != 0 {
		return false
	}
	c.used++
	return true
}

// Used is how many times the fault applied.
func (c *Schedule) Used() int { return c.used }

// Spent reports whether the fault has applied Times times.
func (c *Schedule) Spent() bool { return c.Times > 0 && c.used >= c.Times }

// Record runs real on a recorder: the answer a fault then delays or damages.
func Record(real func(http.ResponseWriter)) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	real(rec)
	return rec
}

// CopyHeader copies the recorded answer's header fields to w.
func CopyHeader(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
}

// CutHalf returns the first half of body, or its first limit bytes when
// 0 < limit < half.
func CutHalf(body []byte, limit int64) []byte {
	cut := int64(len(body) / 2)
	if limit > 0 && limit < cut {
		cut = limit
	}
	return body[:cut]
}

// Redirect answers status (default 307) with Location set to location plus
// the request's path and query.
func Redirect(w http.ResponseWriter, r *http.Request, location string, status int) {
	w.Header().Set("Location", location+r.URL.RequestURI())
	w.WriteHeader(Or(status, http.StatusTemporaryRedirect))
}

// Reset sends the recorded answer's status line and headers, with the full
// Content-Length, and half its body by hand on the hijacked connection, then
// drops the connection with a TCP reset (SO_LINGER 0; an in-memory pipe is
// just closed). Where the connection cannot be hijacked (HTTP/2, a
// recorder) it sends a short body instead.
func Reset(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	conn, bw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes()[:rec.Body.Len()/2]) //nolint:errcheck
		return
	}
	if sw, ok := w.(*StatusWriter); ok {
		sw.Status = rec.Code
	}
	body := rec.Body.Bytes()
	fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", rec.Code, http.StatusText(rec.Code))
	rec.Header().Set("Content-Length", strconv.Itoa(len(body)))
	rec.Header().Write(bw) //nolint:errcheck
	bw.WriteString("\r\n")
	bw.Write(body[:len(body)/2])
	bw.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) //nolint:errcheck // RST instead of FIN
	}
	conn.Close()
}
