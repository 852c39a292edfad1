package mdti

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/ptstix/passivetotal/internal/httpcore"
)

// Sentinel errors, the same values as the passivetotal package's: one
// errors.Is serves both backends. The concrete error is an *ErrorResponse
// (Graph refused a call), a *TokenError (Entra ID refused the token
// request) or a *DecodeError (an unusable body); errors.As gives details.
var (
	// ErrUnauthorized: 401 from Graph (a token it does not accept, even
	// after one refresh), or the token request refused (bad tenant,
	// client ID or secret).
	ErrUnauthorized = httpcore.ErrUnauthorized
	// ErrForbidden: 403, the app lacks the ThreatIntelligence.Read.All
	// application permission (or its admin consent), or the tenant has no
	// licence for the API. The same value as passivetotal.ErrNotPermitted.
	ErrForbidden = httpcore.ErrNotPermitted
	// ErrNotFound: 404, Graph knows no such host or article.
	ErrNotFound = httpcore.ErrNotFound
	// ErrThrottled: 429 still refused after every retry.
	ErrThrottled = httpcore.ErrThrottled
	// ErrInvalidResponse: a successful status whose body cannot be used
	// (not JSON, truncated, too large, not Graph's shape).
	ErrInvalidResponse = httpcore.ErrInvalidResponse
	// ErrResponseTooLarge: a body over WithMaxResponseSize.
	ErrResponseTooLarge = httpcore.ErrResponseTooLarge
	// ErrRedirectRefused: a redirect to another host, refused.
	ErrRedirectRefused = httpcore.ErrRedirectRefused
)

// statusOfCode gives the status a Graph error code stands for, for an
// error body read from a file (which has no status). The saved-body
// decoders and the live client classify codes by this one table.
func statusOfCode(code string) int {
	c := strings.ToLower(strings.TrimSpace(code))
	switch {
	case c == "unauthenticated" || c == "unauthorized" || strings.HasPrefix(c, "invalidauthenticationtoken"):
		return http.StatusUnauthorized
	case c == "forbidden" || c == "accessdenied" || strings.Contains(c, "requestdenied"):
		return http.StatusForbidden
	case strings.Contains(c, "notfound"):
		return http.StatusNotFound
	case c == "toomanyrequests" || c == "activitylimitreached":
		return http.StatusTooManyRequests
	}
	return 0
}

// graphErrorBody reads Graph's {"error":{"code","message","innerError":
// {"request-id"}}} as a *SavedBodyError wanting want; nil when the body is
// not that shape.
func graphErrorBody(body []byte, want string) *SavedBodyError {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil
	}
	var env struct {
		Error *json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &env) != nil || env.Error == nil || !profileIsObject(*env.Error) {
		return nil
	}
	return profileErrorBody(*env.Error, want)
}
