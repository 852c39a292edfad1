package mdtitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/ptstix/passivetotal/internal/fakeserver"
)

const gatewayPage = "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n</body>\r\n</html>\r\n"

// statusCodes are the Graph error codes of the statuses a fault sends.
var statusCodes = map[int]string{
	400: "BadRequest", 401: "InvalidAuthenticationToken", 403: "Forbidden", 404: "NotFound",
	429: "TooManyRequests", 500: "generalException", 502: "BadGateway", 503: "ServiceUnavailable", 504: "GatewayTimeout",
}

// serveFault answers with a fault that replaces the real answer.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f *Fault) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch f.Kind {
	case FaultStatus:
		st := fakeserver.Or(f.Status, http.StatusServiceUnavailable)
		writeGraphError(w, st, statusCodes[st], "Injected fault: "+http.StatusText(st))
	case FaultThrottle:
		writeGraphError(w, http.StatusTooManyRequests, "TooManyRequests", "Too many requests.")
	case FaultHTML:
		st := fakeserver.Or(f.Status, http.StatusBadGateway)
		shown := st
		if st == http.StatusOK {
			shown = http.StatusBadGateway // a proxy's error page relayed with 200
		}
		body := fmt.Sprintf(gatewayPage, shown, http.StatusText(shown), shown, http.StatusText(shown))
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(st)
		w.Write([]byte(body)) //nolint:errcheck
	case FaultErrorObject:
		if r.URL.Path != "" && f.Endpoint == "/token" {
			// A lying token endpoint that echoes what it was sent: the
			// client must not repeat it.
			r.ParseForm() //nolint:errcheck
			tokenError(w, http.StatusUnauthorized, "invalid_client", 7000215, "Invalid client secret provided: '"+r.PostForm.Get("client_secret")+"'.")
			return
		}
		writeJSON(w, http.StatusOK, graphErrorBody("generalException", "Injected error object."))
	case FaultHuge:
		s.writeHuge(w, fakeserver.Or(f.Size, 10<<20))
	case FaultRedirect:
		fakeserver.Redirect(w, r, f.Location, f.Status)
	case FaultNotGraph:
		writeJSON(w, http.StatusOK, map[string]any{"results": []any{map[string]any{"value": "example.com"}}, "success": true})
	default:
		writeGraphError(w, http.StatusInternalServerError, "generalException", "unknown fault "+f.Kind.String())
	}
}

// distort records the real answer, then sends it delayed or damaged.
func (s *Server) distort(w http.ResponseWriter, r *http.Request, f *Fault, real func(http.ResponseWriter)) {
	rec := fakeserver.Record(real)
	body := rec.Body.Bytes()
	fakeserver.CopyHeader(w, rec)
	switch f.Kind {
	case FaultLatency, FaultSlowHeaders:
		fakeserver.Sleep(r, f.Delay)
	case FaultTruncate:
		body = fakeserver.CutHalf(body, 0)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	case FaultBadNextLink:
		body = withNextLink(body, fakeserver.Or(f.Location, s.OtherHostURL()+r.URL.RequestURI()))
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	case FaultReset:
		fakeserver.Reset(w, rec)
		return
	}
	w.WriteHeader(rec.Code)
	w.Write(body) //nolint:errcheck
}

// withNextLink replaces (or adds) @odata.nextLink in a collection body.
func withNextLink(body []byte, link string) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil || m["value"] == nil {
		return body
	}
	l, _ := json.Marshal(link)
	m["@odata.nextLink"] = l
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}

// writeHuge streams a valid passive DNS collection of at least size bytes.
func (s *Server) writeHuge(w http.ResponseWriter, size int64) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	rec, _ := json.Marshal(dnsJSON(s.cfg.passiveDNS("huge.example.com", false)[0]))
	var buf bytes.Buffer
	buf.WriteString(`{"value":[`)
	written := int64(0)
	for i := 0; written < size; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(rec)
		if buf.Len() > 32<<10 {
			n, err := w.Write(buf.Bytes())
			written += int64(n)
			buf.Reset()
			if err != nil {
				return
			}
		}
	}
	buf.WriteString(`]}`)
	w.Write(buf.Bytes()) //nolint:errcheck
}
