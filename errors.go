package passivetotal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors. Match them with errors.Is; the concrete error is an
// *ErrorResponse (the server refused) or a *QuotaExceededError (quota), and
// errors.As gives its details.
var (
	// ErrUnauthorized: 401, the username/API key pair was refused.
	ErrUnauthorized = errors.New("passivetotal: unauthorized")
	// ErrNotPermitted: 402, or 403 without a quota message: the key may not
	// use this endpoint (an enterprise-only dataset, for instance).
	ErrNotPermitted = errors.New("passivetotal: not permitted for this key")
	// ErrNotFound: 404, no record or unknown object.
	ErrNotFound = errors.New("passivetotal: not found")
	// ErrQuotaExceeded: 429 or 403 whose message speaks of a quota, or a
	// refusal by the client's quota guard before sending.
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

// maxErrorBody is how much of an error response body is kept.
const maxErrorBody = 1 << 20

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

	Header    http.Header // response headers
	Body      []byte      // raw body, at most 1 MiB, secrets removed
	Truncated bool        // Body was cut at 1 MiB
	Attempts  int         // attempts made, retries included

	// QuotaReset is when the quota resets, for a quota refusal when the
	// client knows it from a recent Quota answer; zero otherwise.
	QuotaReset time.Time
}

// Error reports method, URL, status and the server's message.
func (e *ErrorResponse) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "passivetotal: %s %s: %d %s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode))
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
	code := e.effectiveCode()
	if code != http.StatusTooManyRequests && code != http.StatusForbidden && code >= 300 {
		return false
	}
	return isQuotaMessage(e.Message) || isQuotaMessage(e.DeveloperMessage)
}

// isQuotaMessage recognises the quota messages seen over the years:
// "Quota has been exceeded!", "quota_exceeded...", "quota exceeded for
// operation search_api", "Daily Query Limit Reached".
func isQuotaMessage(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "quota") || strings.Contains(s, "limit reached")
}

// QuotaExceededError reports an exhausted search quota, either refused by
// the server (Response is set) or by the client's quota guard before the
// request was sent (Response is nil). It matches ErrQuotaExceeded.
type QuotaExceededError struct {
	// NextReset is when the quota resets, zero when unknown.
	NextReset time.Time
	// Scope is "user" or "organization": the block that ran out, when known.
	Scope string
	// Count and Limit are the search_api counters of that block (Count
	// includes searches the guard let through since the last answer).
	Count, Limit int
	// Response is the server's refusal; nil when the guard refused.
	Response *ErrorResponse
}

// Error says who refused, and when the quota resets if known.
func (e *QuotaExceededError) Error() string {
	var b strings.Builder
	if e.Response != nil {
		b.WriteString(e.Response.Error())
	} else {
		b.WriteString("passivetotal: quota exceeded, request not sent")
		if e.Scope != "" {
			fmt.Fprintf(&b, " (%s search_api %d of %d)", e.Scope, e.Count, e.Limit)
		}
	}
	if !e.NextReset.IsZero() {
		fmt.Fprintf(&b, "; quota resets at %s", e.NextReset.UTC().Format(time.RFC3339))
	}
	return b.String()
}

// Is matches ErrQuotaExceeded.
func (e *QuotaExceededError) Is(target error) bool { return target == ErrQuotaExceeded }

// Unwrap gives the server's *ErrorResponse, if any.
func (e *QuotaExceededError) Unwrap() error {
	if e.Response == nil {
		return nil
	}
	return e.Response
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

// DecodeError is a successful response whose body could not be used.
type DecodeError struct {
	Kind        DecodeErrorKind
	StatusCode  int
	Method      string
	URL         string // without credentials or secret query values
	ContentType string
	Offset      int64  // byte offset of a syntax error, when known
	Snippet     string // start of the body, for a human to recognise it
	Err         error  // the decoder's or reader's error; ErrResponseTooLarge for DecodeTooLarge
}

// Error says what was wrong and where.
func (e *DecodeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "passivetotal: %s %s: %d response: %s", e.Method, e.URL, e.StatusCode, e.Kind)
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

// maxMessage bounds a message taken from a body, in bytes.
const maxMessage = 512

// parseErrorBody extracts the server's message from any body shape seen
// over the API's life. It never fails: unknown shapes give empty messages.
func parseErrorBody(contentType string, body []byte) (msg, devMsg string, code int) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return "", "", 0
	}
	if trimmed[0] == '{' {
		var env map[string]json.RawMessage
		if json.Unmarshal(trimmed, &env) == nil {
			return fromEnvelope(env)
		}
	}
	ct := strings.ToLower(contentType)
	if trimmed[0] == '<' || strings.Contains(ct, "html") {
		return htmlSummary(trimmed), "", 0
	}
	return cleanMessage(string(trimmed)), "", 0
}

// fromEnvelope reads {"error":{...}}, {"error":"..."} and {"message":"..."}.
func fromEnvelope(env map[string]json.RawMessage) (msg, devMsg string, code int) {
	if raw, ok := env["error"]; ok {
		var obj struct {
			Message          json.RawMessage `json:"message"`
			DeveloperMessage json.RawMessage `json:"developer_message"`
			HTTPCode         json.RawMessage `json:"http_code"`
			Code             json.RawMessage `json:"code"`
		}
		var s string
		switch {
		case json.Unmarshal(raw, &s) == nil:
			msg = s
		case json.Unmarshal(raw, &obj) == nil:
			msg = jsonText(obj.Message)
			devMsg = jsonText(obj.DeveloperMessage)
			code = jsonInt(obj.HTTPCode)
			if msg == "" {
				// Graph-style {"error":{"code":"...","message":"..."}} keeps
				// its code as text; use it when there is no message.
				msg = jsonText(obj.Code)
			}
		}
	}
	if msg == "" {
		msg = jsonText(env["message"])
	}
	if devMsg == "" {
		devMsg = jsonText(env["developer_message"])
	}
	return cleanMessage(msg), cleanMessage(devMsg), code
}

// jsonText reads a JSON string, or the text of a number or boolean.
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// jsonInt reads a number given as a JSON number or string; 0 otherwise.
func jsonInt(raw json.RawMessage) int {
	n, err := strconv.Atoi(strings.TrimSpace(jsonText(raw)))
	if err != nil || n < 0 || n > 999 {
		return 0
	}
	return n
}

// htmlSummary gives the <title> of a page, or else its visible text.
func htmlSummary(page []byte) string {
	lower := bytes.ToLower(page)
	if i := bytes.Index(lower, []byte("<title")); i >= 0 {
		if j := bytes.IndexByte(lower[i:], '>'); j >= 0 {
			start := i + j + 1
			if end := bytes.Index(lower[start:], []byte("</title")); end >= 0 {
				if t := cleanMessage(html.UnescapeString(string(page[start : start+end]))); t != "" {
					return t
				}
			}
		}
	}
	var b strings.Builder
	inTag, skip := false, ""
	for i := 0; i < len(page) && b.Len() < 4*maxMessage; i++ {
		c := page[i]
		switch {
		case inTag:
			if c == '>' {
				inTag = false
			}
		case c == '<':
			inTag = true
			rest := lower[i:]
			switch {
			case skip == "" && bytes.HasPrefix(rest, []byte("<script")):
				skip = "</script"
			case skip == "" && bytes.HasPrefix(rest, []byte("<style")):
				skip = "</style"
			case skip != "" && bytes.HasPrefix(rest, []byte(skip)):
				skip = ""
			}
			b.WriteByte(' ')
		case skip == "":
			b.WriteByte(c)
		}
	}
	return cleanMessage(html.UnescapeString(b.String()))
}

// cleanMessage makes server text safe to print: valid UTF-8, no control
// characters, whitespace collapsed, at most maxMessage bytes.
func cleanMessage(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		// The pending space counts too: a message may end at the limit
		// and still be followed by a space and more text.
		need := utf8.RuneLen(r)
		if space {
			need++
		}
		if b.Len()+need > maxMessage {
			b.WriteString("…")
			break
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
