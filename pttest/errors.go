package pttest

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Messages the real service (or its peers' records of it) used.
const (
	msgUnauthorized    = "API key provided does not match any user."
	devUnauthorized    = "Authentication failed; check username/API key pair."
	msgQuota           = "Quota has been exceeded!"
	devQuota           = "quota exceeded for operation search_api"
	msgQuotaLegacy403  = "Daily Query Limit Reached"
	msgThrottled       = "Too many requests, slow down."
	devThrottled       = "request rate exceeded; retry later"
	serverHeader       = "nginx/1.4.6 (Ubuntu)"
	contentTypeJSON    = "application/json"
	contentTypeHTML    = "text/html"
	headerRetryAfter   = "Retry-After"
	headerContentType  = "Content-Type"
	headerContentLen   = "Content-Length"
	headerLocation     = "Location"
	headerCacheControl = "Cache-Control"
)

type legacyError struct {
	Error legacyErrorBody `json:"error"`
}

type legacyErrorBody struct {
	HTTPCode         int    `json:"http_code"`
	Message          string `json:"message"`
	DeveloperMessage string `json:"developer_message"`
}

type flatError struct {
	Message string `json:"message"`
}

// errorBody returns the JSON error body for status in the given shape.
func errorBody(shape ErrorShape, status int, msg, dev string) []byte {
	if msg == "" {
		msg = http.StatusText(status)
	}
	var b []byte
	if shape == ErrorFlat {
		b, _ = json.Marshal(flatError{Message: msg})
	} else {
		b, _ = json.Marshal(legacyError{Error: legacyErrorBody{HTTPCode: status, Message: msg, DeveloperMessage: dev}})
	}
	return b
}

// writeJSON writes a complete JSON answer with the headers the real nginx
// front sent.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set(headerContentType, contentTypeJSON)
	h.Set(headerContentLen, strconv.Itoa(len(body)))
	h.Set(headerCacheControl, "no-cache, no-store")
	w.WriteHeader(status)
	w.Write(body) //nolint:errcheck // the client may be gone; nothing to do
}

func (s *Server) writeError(w http.ResponseWriter, status int, msg, dev string) {
	writeJSON(w, status, errorBody(s.cfg.ErrorShape, status, msg, dev))
}

func (s *Server) writeQuotaError(w http.ResponseWriter) {
	st := s.cfg.QuotaStatus
	msg := msgQuota
	if st == http.StatusForbidden {
		msg = msgQuotaLegacy403
	}
	// Quota refusals use the legacy envelope whatever ErrorShape says: that
	// is the shape every peer that recorded one saw.
	writeJSON(w, st, errorBody(ErrorLegacy, st, msg, devQuota))
}
