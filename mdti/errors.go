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
// error body read from a file (which has no status).
func statusOfCode(code string) int {
	switch strings.ToLower(code) {
	case "invalidauthenticationtoken", "unauthenticated", "unauthorized":
		return http.StatusUnauthorized
	case "forbidden", "authorization_requestdenied", "accessdenied":
		return http.StatusForbidden
	case "notfound", "itemnotfound", "resourcenotfound", "request_resourcenotfound":
		return http.StatusNotFound
	case "toomanyrequests", "activitylimitreached":
		return http.StatusTooManyRequests
	}
	return 0
}

// savedError is a Graph error body read from a file: it reads and matches
// like the live refusal it records (errors.Is(err, ErrThrottled) for
// "TooManyRequests", ...).
type savedError struct {
	code, message, requestID string
}

func (e *savedError) Error() string {
	var b strings.Builder
	b.WriteString("mdti: saved body is a Graph error")
	if e.code != "" {
		b.WriteString(": " + e.code)
	}
	if e.message != "" {
		b.WriteString(": " + e.message)
	}
	if e.requestID != "" {
		b.WriteString(" [request-id " + e.requestID + "]")
	}
	return b.String()
}

func (e *savedError) Is(target error) bool {
	live := ErrorResponse{StatusCode: statusOfCode(e.code)}
	return live.StatusCode != 0 && live.Is(target)
}

// As gives the saved refusal as an *ErrorResponse (StatusCode from the
// code, ErrorCode, Message and RequestID from the body, no request), as
// DecodePassiveDNS and the other saved-body decoders document.
func (e *savedError) As(target any) bool {
	p, ok := target.(**ErrorResponse)
	if !ok {
		return false
	}
	*p = &ErrorResponse{StatusCode: statusOfCode(e.code), ErrorCode: e.code, Message: e.message, RequestID: e.requestID}
	return true
}

// graphErrorBody reads Graph's {"error":{"code","message","innerError":
// {"request-id"}}}; nil when the body is not that shape.
func graphErrorBody(body []byte) *savedError {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil
	}
	var env struct {
		Error *json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &env) != nil || env.Error == nil || !bytes.HasPrefix(bytes.TrimSpace(*env.Error), []byte("{")) {
		return nil
	}
	d := httpcore.ParseErrorBody("application/json", body)
	return &savedError{code: d.ErrorCode, message: d.Message, requestID: d.RequestID}
}
