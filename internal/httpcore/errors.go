package httpcore

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors, shared by every backend of the module so that one
// errors.Is check works whichever API answered. The concrete error is an
// *ErrorResponse (the server refused), a *DecodeError (an unusable body) or
// a backend's own type (PassiveTotal's *QuotaExceededError), and errors.As
// gives its details.
var (
	// ErrUnauthorized: 401, the credentials were refused.
	ErrUnauthorized = errors.New("passivetotal: unauthorized")
	// ErrNotPermitted: 402, or 403 without a quota message: the key may not
	// use this endpoint (an enterprise-only dataset, a missing permission).
	ErrNotPermitted = errors.New("passivetotal: not permitted for this key")
	// ErrNotFound: 404, no record or unknown object.
	ErrNotFound = errors.New("passivetotal: not found")
	// ErrQuotaExceeded: 429 or 403 whose message speaks of a quota (for a
	// backend with quota messages), or a refusal by the client's quota
	// guard before sending.
	ErrQuotaExceeded = errors.New("passivetotal: quota exceeded")
	// ErrThrottled: 429 that is not a quota message, still refused after
	// every retry.
	ErrThrottled = errors.New("passivetotal: throttled")
	// ErrResponseTooLarge: the response body exceeds the client's maximum
	// size (see WithMaxResponseSize). Returned inside a *DecodeError.
	ErrResponseTooLarge = errors.New("passivetotal: response body too large")
	// ErrInvalidResponse: a successful status whose body cannot be used:
	// not JSON (an HTML page), truncated, empty, of the wrong shape or too
	// large. Every *DecodeError matches it except a failed read, which is a
	// transport problem; errors.As gives the *DecodeError and its Kind.
	ErrInvalidResponse = errors.New("passivetotal: invalid response body")
	// ErrRedirectRefused: the server redirected to another host, or from
	// https to http. The client refuses rather than send the query (often
	// an indicator under investigation) somewhere the caller did not choose;
	// credentials are never sent to another host either way. A CheckRedirect
	// on the client given to WithHTTPClient replaces this policy.
	ErrRedirectRefused = errors.New("passivetotal: redirect to another host refused")
)

// MaxErrorBody is how much of an error response body is kept.
const MaxErrorBody = 1 << 20

// ErrorResponse is an API failure: a non-2xx status, or a 2xx whose body
// carries an "error" object (older servers answered 200 that way).
type ErrorResponse struct {
	StatusCode int    // HTTP status of the last attempt
	Method     string // request method
	URL        string // request URL without credentials or secret query values

	// Message and DeveloperMessage come from the body, whatever its shape:
	// {"error":{"message","developer_message","http_code"}}, {"error":"..."},
	// {"message":"..."}, plain text, or an HTML page (its title or text).
	Message          string
	DeveloperMessage string
	// Code is the "http_code" of the legacy error envelope, 0 when absent.
	// It classifies a 200 that carries an error.
	Code int
	// ErrorCode is the service's own error code in text, when the body
	// has one (Graph's "error.code", such as "ResourceNotFound").
	ErrorCode string
	// RequestID is the server's identifier of the request, when the body
	// has one (Graph's "error.innerError.request-id"), for support tickets.
	RequestID string

	Header    http.Header // response headers
	Body      []byte      // raw body, at most 1 MiB, secrets removed
	Truncated bool        // Body was cut at 1 MiB
	Attempts  int         // attempts made, retries included

	// QuotaReset is when the quota resets, for a quota refusal when the
	// client knows it from a recent Quota answer; zero otherwise.
	QuotaReset time.Time

	service string // prefix of Error(); empty means "passivetotal"
	noQuota bool   // the backend has no quota messages: ErrQuotaExceeded never matches
}

// prefix names the backend that produced an error.
func prefix(service string) string {
	if service == "" {
		return "passivetotal"
	}
	return service
}

// Error reports method, URL, status and the server's message.
func (e *ErrorResponse) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %s: %d %s", prefix(e.service), e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	if e.StatusCode < 300 {
		b.WriteString(" with an error body")
		if e.Code != 0 {
			fmt.Fprintf(&b, " (code %d)", e.Code)
		}
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.DeveloperMessage != "" && e.DeveloperMessage != e.Message {
		b.WriteString(" (")
		b.WriteString(e.DeveloperMessage)
		b.WriteString(")")
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " [after %d attempts]", e.Attempts)
	}
	return b.String()
}

// Is classifies the error against the package's sentinels.
func (e *ErrorResponse) Is(target error) bool {
	code := e.effectiveCode()
	switch target {
	case ErrUnauthorized:
		return code == http.StatusUnauthorized
	case ErrNotPermitted:
		return code == http.StatusPaymentRequired || (code == http.StatusForbidden && !e.isQuota())
	case ErrNotFound:
		return code == http.StatusNotFound
	case ErrQuotaExceeded:
		return e.isQuota()
	case ErrThrottled:
		return code == http.StatusTooManyRequests && !e.isQuota()
	}
	return false
}

// effectiveCode is the status that classifies the error: the envelope's
// http_code when a 2xx carried an error, the HTTP status otherwise.
func (e *ErrorResponse) effectiveCode() int {
	if e.StatusCode < 300 && e.Code >= 400 && e.Code <= 599 {
		return e.Code
	}
	return e.StatusCode
}

// isQuota reports whether the refusal is about an exhausted quota.
func (e *ErrorResponse) isQuota() bool {
	if e.noQuota {
		return false
	}
	code := e.effectiveCode()
	if code != http.StatusTooManyRequests && code != http.StatusForbidden && code >= 300 {
		return false
	}
	return IsQuotaMessage(e.Message) || IsQuotaMessage(e.DeveloperMessage)
}

// IsQuotaMessage recognises the quota messages seen over the years:
// "Quota has been exceeded!", "quota_exceeded...", "quota exceeded for
// operation search_api", "Daily Query Limit Reached".
func IsQuotaMessage(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "quota") || strings.Contains(s, "limit reached")
}

// DecodeErrorKind says what was wrong with a response body.
type DecodeErrorKind int

// Kinds of DecodeError.
const (
	DecodeInvalid   DecodeErrorKind = iota // JSON, but not of the expected shape
	DecodeNotJSON                          // the body is not JSON at all (HTML, text, ...)
	DecodeTruncated                        // the body ended early
	DecodeEmpty                            // no body where one was expected
	DecodeTooLarge                         // the body exceeds the maximum response size
	DecodeRead                             // reading the body failed
)

var decodeKindText = [...]string{
	DecodeInvalid:   "invalid JSON for the expected type",
	DecodeNotJSON:   "body is not JSON",
	DecodeTruncated: "body is truncated",
	DecodeEmpty:     "body is empty",
	DecodeTooLarge:  "body exceeds the maximum response size",
	DecodeRead:      "reading the body failed",
}

// String describes the kind in a few words.
func (k DecodeErrorKind) String() string {
	if k < 0 || int(k) >= len(decodeKindText) {
		return fmt.Sprintf("DecodeErrorKind(%d)", int(k))
	}
	return decodeKindText[k]
}

// DecodeError is a body that could not be used: a successful response's,
// or a saved one read by the root package's Decode functions (then Method,
// URL and StatusCode are empty).
type DecodeError struct {
	Kind        DecodeErrorKind
	StatusCode  int
	Method      string
	URL         string // without credentials or secret query values
	ContentType string
	Offset      int64  // byte offset of a syntax error, when known
	Snippet     string // start of the body, for a human to recognise it
	Err         error  // the decoder's or reader's error; ErrResponseTooLarge for DecodeTooLarge

	service string // prefix of Error(); empty means "passivetotal"
}

// Error says what was wrong and where.
func (e *DecodeError) Error() string {
	var b strings.Builder
	if e.Method == "" && e.StatusCode == 0 {
		fmt.Fprintf(&b, "%s: saved body: %s", prefix(e.service), e.Kind) // no request
	} else {
		fmt.Fprintf(&b, "%s: %s %s: %d response: %s", prefix(e.service), e.Method, e.URL, e.StatusCode, e.Kind)
	}
	if e.ContentType != "" && e.Kind == DecodeNotJSON {
		fmt.Fprintf(&b, " (Content-Type %q)", e.ContentType)
	}
	if e.Offset > 0 {
		fmt.Fprintf(&b, " at byte %d", e.Offset)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Snippet != "" && (e.Kind == DecodeNotJSON || e.Kind == DecodeInvalid) {
		fmt.Fprintf(&b, "; body starts %q", e.Snippet)
	}
	return b.String()
}

// Unwrap gives the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Is makes every kind but DecodeRead match ErrInvalidResponse.
func (e *DecodeError) Is(target error) bool {
	return target == ErrInvalidResponse && e.Kind != DecodeRead
}

// requestError is a call that got no usable HTTP response (connection
// failures after every retry, cancellation, limiter refusal). Its text is
// computed once, with secrets already removed.
type requestError struct {
	msg string
	err error
}

func (e *requestError) Error() string { return e.msg }
func (e *requestError) Unwrap() error { return e.err }
