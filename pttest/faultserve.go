package pttest

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"

	"github.com/ptstix/passivetotal/internal/gen"
)

const nginxPage = "<html>\r\n<head><title>%d %s</title></head>\r\n<body bgcolor=\"white\">\r\n<center><h1>%d %s</h1></center>\r\n<hr><center>" + serverHeader + "</center>\r\n</body>\r\n</html>\r\n"

// serveFault answers with a fault that replaces the real answer.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f *Fault) {
	switch f.Kind {
	case FaultStatus:
		st := orDefault(f.Status, http.StatusServiceUnavailable)
		if f.Body != "" {
			writeJSON(w, st, []byte(f.Body))
			return
		}
		s.writeError(w, st, "", "injected fault")
	case FaultThrottle:
		if f.RetryAfter != "" {
			w.Header().Set(headerRetryAfter, f.RetryAfter)
		}
		writeJSON(w, http.StatusTooManyRequests, errorBody(ErrorLegacy, http.StatusTooManyRequests, msgThrottled, devThrottled))
	case FaultQuota:
		s.writeQuotaError(w)
	case FaultHTML:
		st := orDefault(f.Status, http.StatusBadGateway)
		body := f.Body
		if body == "" {
			text := http.StatusText(st)
			if st == http.StatusOK {
				st2 := http.StatusBadGateway
				text = http.StatusText(st2) // a proxy's error page relayed with 200
				body = fmt.Sprintf(nginxPage, st2, text, st2, text)
			} else {
				body = fmt.Sprintf(nginxPage, st, text, st, text)
			}
		}
		w.Header().Set(headerContentType, contentTypeHTML)
		w.Header().Set("Server", serverHeader)
		w.Header().Set(headerContentLen, strconv.Itoa(len(body)))
		w.WriteHeader(st)
		w.Write([]byte(body)) //nolint:errcheck
	case FaultErrorObject:
		body := []byte(f.Body)
		if f.Body == "" {
			body = errorBody(ErrorLegacy, http.StatusInternalServerError, "An unexpected error occurred", "injected error object")
		}
		writeJSON(w, http.StatusOK, body)
	case FaultHuge:
		s.writeHuge(w, r, orDefault64(f.Size, 10<<20))
	case FaultRedirect:
		w.Header().Set(headerLocation, f.Location+r.URL.RequestURI())
		w.WriteHeader(orDefault(f.Status, http.StatusTemporaryRedirect))
	default:
		s.writeError(w, http.StatusInternalServerError, "", "unknown fault "+f.Kind.String())
	}
}

// distort sends the recorded real answer damaged by f.
func (s *Server) distort(w http.ResponseWriter, r *http.Request, f *Fault, rec *httptest.ResponseRecorder) {
	body := rec.Body.Bytes()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	switch f.Kind {
	case FaultTruncate:
		cut := int64(len(body) / 2)
		if f.Size > 0 && f.Size < cut {
			cut = f.Size
		}
		w.Header().Set(headerContentLen, strconv.FormatInt(cut, 10))
		w.WriteHeader(rec.Code)
		w.Write(body[:cut]) //nolint:errcheck
	case FaultTrickle:
		w.Header().Set(headerContentLen, strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		rc := http.NewResponseController(w)
		rc.Flush() //nolint:errcheck
		chunk := max(f.Chunk, 1)
		if f.Chunk == 0 {
			chunk = 16
		}
		delay := f.Delay
		if delay == 0 {
			delay = 10 * time.Millisecond
		}
		for len(body) > 0 {
			n := min(chunk, len(body))
			if _, err := w.Write(body[:n]); err != nil {
				return
			}
			rc.Flush() //nolint:errcheck
			body = body[n:]
			if len(body) > 0 && !sleepCtx(r, delay) {
				return
			}
		}
	case FaultReset:
		s.reset(w, rec)
	}
}

// reset writes the status line, headers and half the body by hand on the
// hijacked connection, then drops it.
func (s *Server) reset(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	conn, bw, err := http.NewResponseController(w).Hijack()
	if err != nil { // HTTP/2 or a recorder: the best we can do is a short body
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes()[:rec.Body.Len()/2]) //nolint:errcheck
		return
	}
	if sw, ok := w.(*statusWriter); ok {
		sw.status = rec.Code
	}
	body := rec.Body.Bytes()
	fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", rec.Code, http.StatusText(rec.Code))
	rec.Header().Set(headerContentLen, strconv.Itoa(len(body)))
	rec.Header().Write(bw) //nolint:errcheck
	bw.WriteString("\r\n")
	bw.Write(body[:len(body)/2])
	bw.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) //nolint:errcheck // RST instead of FIN
	}
	conn.Close()
}

// writeHuge streams a syntactically valid passive DNS answer of at least
// size bytes without holding it.
func (s *Server) writeHuge(w http.ResponseWriter, r *http.Request, size int64) {
	w.Header().Set(headerContentType, contentTypeJSON)
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 32<<10)
	o := gen.DNSOptions{Seed: s.cfg.Seed, Query: "huge.example", Records: int(size/300 + 1), Epoch: s.cfg.Epoch}
	buf := gen.AppendDNSHead(nil, gen.DNSEnvelope{QueryValue: o.Query, QueryType: "domain", TotalRecords: o.Records})
	var n int64
	for i := 0; n+int64(len(buf)) < size || i == 0; i++ {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = gen.AppendDNSRecord(buf, gen.DNSRecordAt(o, i))
		if len(buf) > 16<<10 {
			if _, err := bw.Write(buf); err != nil || r.Context().Err() != nil {
				return
			}
			n += int64(len(buf))
			buf = buf[:0]
		}
	}
	buf = gen.AppendDNSTail(buf)
	bw.Write(buf) //nolint:errcheck
	bw.Flush()    //nolint:errcheck
}

func orDefault(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}

func orDefault64(v, d int64) int64 {
	if v == 0 {
		return d
	}
	return v
}
