package mdti

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
)

// Sentinel errors, shared with the PassiveTotal client so that one
// errors.Is serves both backends. The concrete error is an *ErrorResponse
// (Graph refused a call) or a *TokenError (Entra ID refused the token
// request); errors.As gives the details.
var (
	// ErrUnauthorized: 401 from Graph (a token it does not accept), or the
	// token request refused (bad tenant, client ID or secret).
	ErrUnauthorized = passivetotal.ErrUnauthorized
	// ErrForbidden: 403, the app lacks the ThreatIntelligence.Read.All
	// application permission (or admin consent), or the tenant has no
	// licence for the API. The same value as passivetotal.ErrNotPermitted.
	ErrForbidden = passivetotal.ErrNotPermitted
	// ErrNotFound: 404, Graph knows no such host or article.
	ErrNotFound = passivetotal.ErrNotFound
	// ErrThrottled: 429 (or 503 with Retry-After) still refused after
	// every retry.
	ErrThrottled = passivetotal.ErrThrottled
	// ErrInvalidResponse: a successful status whose body Graph's shape
	// does not explain (not JSON, truncated, too large, no "value" array).
	ErrInvalidResponse = passivetotal.ErrInvalidResponse
)

// ErrorResponse is a Graph refusal: a non-2xx status, or a 2xx whose body
// is Graph's error object {"error":{"code","message","innerError"}}.
type ErrorResponse struct {
	StatusCode int    // HTTP status of the last attempt
	Method     string // request method
	URL        string // request URL (Graph URLs carry no secret)
	// Code and Message are Graph's error code ("Forbidden",
	// "TooManyRequests", "InvalidAuthenticationToken", ...) and text.
	Code    string
	Message string
	// RequestID and Date come from innerError, for Microsoft support.
	RequestID string
	Date      string
	// RetryAfter is the response's Retry-After header, as sent.
	RetryAfter string
	Attempts   int // attempts made, retries included
}

// Error reports method, URL, status, Graph's code and message.
func (e *ErrorResponse) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mdti: %s %s: %d %s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" {
		fmt.Fprintf(&b, ": %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.StatusCode == http.StatusForbidden {
		b.WriteString(" (the app needs the ThreatIntelligence.Read.All application permission with admin consent)")
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request-id %s]", e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " [after %d attempts]", e.Attempts)
	}
	return b.String()
}

// Is classifies the refusal: 401 ErrUnauthorized, 403 ErrForbidden, 404
// ErrNotFound, 429 (and 503 or 504 that asked to retry later) ErrThrottled.
// A 2xx error body is classified by its code.
func (e *ErrorResponse) Is(target error) bool {
	status := e.StatusCode
	if status < 300 {
		status = statusOfCode(e.Code)
	}
	switch target {
	case ErrUnauthorized:
		return status == http.StatusUnauthorized
	case ErrForbidden:
		return status == http.StatusForbidden
	case ErrNotFound:
		return status == http.StatusNotFound
	case ErrThrottled:
		return status == http.StatusTooManyRequests ||
			((status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout) && e.RetryAfter != "")
	}
	return false
}

// statusOfCode gives the status a Graph error code stands for.
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

// maxMessage bounds a message taken from a body, in bytes.
const maxMessage = 512

// graphErrorBody reads Graph's {"error":{"code","message","innerError":
// {"request-id","date"}}}. ok is false when the body is not that shape.
func graphErrorBody(body []byte) (code, msg, requestID, date string, ok bool) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return "", "", "", "", false
	}
	var env struct {
		Error *struct {
			Code       text `json:"code"`
			Message    text `json:"message"`
			InnerError *struct {
				RequestID text `json:"request-id"`
				Date      text `json:"date"`
			} `json:"innerError"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &env) != nil || env.Error == nil {
		return "", "", "", "", false
	}
	e := env.Error
	code, msg = clean(string(e.Code)), clean(string(e.Message))
	if e.InnerError != nil {
		requestID, date = clean(string(e.InnerError.RequestID)), clean(string(e.InnerError.Date))
	}
	return code, msg, requestID, date, true
}

// clean makes text from a body safe to print in one line: control
// characters become spaces, invalid UTF-8 is replaced, length is bounded.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if len(s) > maxMessage {
		cut := maxMessage
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// errorFromResponse builds the *ErrorResponse of a refusal. A body that is
// not Graph's error shape (an HTML gateway page, text) keeps its start as
// the message.
func errorFromResponse(method, rawURL string, status int, header http.Header, body []byte, attempts int) *ErrorResponse {
	e := &ErrorResponse{StatusCode: status, Method: method, URL: rawURL, Attempts: attempts}
	if header != nil {
		e.RetryAfter = header.Get("Retry-After")
	}
	if code, msg, rid, date, ok := graphErrorBody(body); ok {
		e.Code, e.Message, e.RequestID, e.Date = code, msg, rid, date
	} else if len(bytes.TrimSpace(body)) > 0 {
		e.Message = clean(string(body[:min(len(body), maxMessage)]))
	}
	if e.RequestID == "" && header != nil {
		e.RequestID = clean(header.Get("request-id"))
	}
	return e
}
