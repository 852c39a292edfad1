package pttest

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"

	"github.com/ptstix/passivetotal/internal/fakeserver"
	"github.com/ptstix/passivetotal/internal/gen"
)

const nginxPage = "<html>\r\n<head><title>%d %s</title></head>\r\n<body bgcolor=\"white\">\r\n<center><h1>%d %s</h1></center>\r\n<hr><center>" + serverHeader + "</center>\r\n</body>\r\n</html>\r\n"

// serveFault answers with a fault that replaces the real answer.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f *Fault) {
	switch f.Kind {
	case FaultStatus:
		st := fakeserver.Or(f.Status, http.StatusServiceUnavailable)
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
		st := fakeserver.Or(f.Status, http.StatusBadGateway)
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
		s.writeHuge(w, r, fakeserver.Or(f.Size, 10<<20))
	case FaultRedirect:
		fakeserver.Redirect(w, r, f.Location, f.Status)
	default:
		s.writeError(w, http.StatusInternalServerError, "", "unknown fault "+f.Kind.String())
	}
}

// distort sends the recorded real answer damaged by f.
func (s *Server) distort(w http.ResponseWriter, r *http.Request, f *Fault, rec *httptest.ResponseRecorder) {
	body := rec.Body.Bytes()
	fakeserver.CopyHeader(w, rec)
	switch f.Kind {
	case FaultTruncate:
		cut := fakeserver.CutHalf(body, f.Size)
		w.Header().Set(headerContentLen, strconv.Itoa(len(cut)))
		w.WriteHeader(rec.Code)
		w.Write(cut) //nolint:errcheck
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
			if len(body) > 0 && !fakeserver.Sleep(r, delay) {
				return
			}
		}
	case FaultReset:
		fakeserver.Reset(w, rec)
	}
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
