package mdtitest

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// serveToken answers POST /{tenant}/oauth2/v2.0/token as Entra ID does for
// the client credentials grant, with its error shapes and AADSTS codes:
// an unknown tenant is AADSTS90002, an unknown client AADSTS700016, a wrong
// secret AADSTS7000215 (401), a scope that is not "<resource>/.default"
// AADSTS1002012.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		tokenError(w, http.StatusMethodNotAllowed, "invalid_request", 900561, "The endpoint only accepts POST requests.")
		return
	}
	tenant := strings.TrimPrefix(strings.TrimSuffix(r.URL.Path, "/oauth2/v2.0/token"), "/")
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.")
		return
	}
	form := r.PostForm
	id, secret := form.Get("client_id"), form.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		id, secret = u, p
	}
	switch {
	case tenant != s.cfg.TenantID:
		tokenError(w, http.StatusBadRequest, "invalid_request", 90002, fmt.Sprintf("Tenant '%s' not found. Check to make sure you have the correct tenant ID.", cut(tenant)))
	case form.Get("grant_type") != "client_credentials":
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.")
	case id != s.cfg.ClientID:
		tokenError(w, http.StatusBadRequest, "unauthorized_client", 700016, fmt.Sprintf("Application with identifier '%s' was not found in the directory.", cut(id)))
	case subtle.ConstantTimeCompare([]byte(secret), []byte(s.cfg.ClientSecret)) != 1:
		tokenError(w, http.StatusUnauthorized, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.")
	case !strings.HasSuffix(form.Get("scope"), "/.default"):
		tokenError(w, http.StatusBadRequest, "invalid_scope", 1002012, "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.")
	default:
		s.mu.Lock()
		s.issued++
		tok := fmt.Sprintf("eyJ0eXAiOiJKV1QiLCJzaW0iOnRydWV9.%s.%d", hexOf(mix(s.cfg.Seed, "token", strconv.Itoa(s.issued)), 32), s.issued)
		s.tokens[tok] = true
		s.mu.Unlock()
		secs := int(s.cfg.TokenLifetime.Seconds())
		writeJSON(w, http.StatusOK, map[string]any{
			"token_type": "Bearer", "expires_in": secs, "ext_expires_in": secs, "access_token": tok,
		})
	}
}

// cut bounds a value echoed in an error description.
func cut(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// tokenError writes Entra ID's error body.
func tokenError(w http.ResponseWriter, status int, code string, aadsts int, desc string) {
	writeJSON(w, status, map[string]any{
		"error":             code,
		"error_description": fmt.Sprintf("AADSTS%d: %s Trace ID: 00000000-0000-0000-0000-000000000000 Correlation ID: 00000000-0000-0000-0000-000000000000 Timestamp: 2024-06-01 00:00:00Z", aadsts, desc),
		"error_codes":       []int{aadsts},
		"timestamp":         "2024-06-01 00:00:00Z",
		"trace_id":          "00000000-0000-0000-0000-000000000000",
		"correlation_id":    "00000000-0000-0000-0000-000000000000",
		"error_uri":         fmt.Sprintf("https://login.microsoftonline.com/error?code=%d", aadsts),
	})
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b) //nolint:errcheck
}

// writeGraphError writes Graph's error body.
func writeGraphError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, graphErrorBody(code, msg))
}

func graphErrorBody(code, msg string) map[string]any {
	return map[string]any{"error": map[string]any{
		"code": code, "message": msg,
		"innerError": map[string]any{
			"date": "2024-06-01T00:00:00", "request-id": "00000000-0000-0000-0000-000000000001",
			"client-request-id": "00000000-0000-0000-0000-000000000001",
		},
	}}
}
