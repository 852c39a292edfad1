package passivetotal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ptstix/passivetotal/internal/httpcore"
)

// Sentinel errors. Match them with errors.Is; the concrete error is an
// *ErrorResponse (the server refused) or a *QuotaExceededError (quota), and
// errors.As gives its details. They are shared with the module's other API
// clients, so one check works whichever backend answered.
var (
	// ErrUnauthorized: 401, the username/API key pair was refused.
	ErrUnauthorized = httpcore.ErrUnauthorized
	// ErrNotPermitted: 402, or 403 without a quota message: the key may not
	// use this endpoint (an enterprise-only dataset, for instance).
	ErrNotPermitted = httpcore.ErrNotPermitted
	// ErrNotFound: 404, no record or unknown object.
	ErrNotFound = httpcore.ErrNotFound
	// ErrQuotaExceeded: 429 or 403 whose message speaks of a quota, or a
	// refusal by the client's quota guard before sending.
	ErrQuotaExceeded = httpcore.ErrQuotaExceeded
	// ErrThrottled: 429 that is not a quota message, still refused after
	// every retry.
	ErrThrottled = httpcore.ErrThrottled
	// ErrResponseTooLarge: the response body exceeds the client's maximum
	// size (see WithMaxResponseSize). Returned inside a *DecodeError.
	ErrResponseTooLarge = httpcore.ErrResponseTooLarge
	// ErrInvalidResponse: a successful status whose body cannot be used:
	// not JSON (an HTML page), truncated, empty, of the wrong shape or too
	// large. Every *DecodeError matches it except a failed read, which is a
	// transport problem; errors.As gives the *DecodeError and its Kind.
	ErrInvalidResponse = httpcore.ErrInvalidResponse
	// ErrRedirectRefused: the server redirected to another host, or from
	// https to http. The client refuses rather than send the query (often
	// an indicator under investigation) somewhere the caller did not choose;
	// credentials are never sent to another host either way. A CheckRedirect
	// on the client given to WithHTTPClient replaces this policy.
	ErrRedirectRefused = httpcore.ErrRedirectRefused
)

// ErrorResponse is an API failure: a non-2xx status, or a 2xx whose body
// carries an "error" object (older servers answered 200 that way). Its
// fields: StatusCode, Method, URL (without credentials or secret query
// values), Message and DeveloperMessage (from the body, whatever its
// shape), Code (the legacy envelope's http_code), ErrorCode and RequestID
// (when the body has them), Header, Body (at most 1 MiB, secrets removed),
// Truncated, Attempts, and QuotaReset (for a quota refusal, when known).
// errors.Is matches it against the sentinels by status and message.
type ErrorResponse = httpcore.ErrorResponse

// DecodeError is a successful response whose body could not be used: its
// Kind says why, Offset where, Snippet shows the start of the body
// (secrets removed) and Err is the decoder's or reader's error
// (ErrResponseTooLarge for DecodeTooLarge).
type DecodeError = httpcore.DecodeError

// DecodeErrorKind says what was wrong with a response body.
type DecodeErrorKind = httpcore.DecodeErrorKind

// Kinds of DecodeError.
const (
	DecodeInvalid   = httpcore.DecodeInvalid   // JSON, but not of the expected shape
	DecodeNotJSON   = httpcore.DecodeNotJSON   // the body is not JSON at all (HTML, text, ...)
	DecodeTruncated = httpcore.DecodeTruncated // the body ended early
	DecodeEmpty     = httpcore.DecodeEmpty     // no body where one was expected
	DecodeTooLarge  = httpcore.DecodeTooLarge  // the body exceeds the maximum response size
	DecodeRead      = httpcore.DecodeRead      // reading the body failed
)

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

// hasErrorObject reports whether a 2xx body is the legacy error envelope:
// a top-level "error" that is a non-empty object or string, or true.
func hasErrorObject(body []byte) bool {
	if body[0] != '{' || !bytes.Contains(body, []byte(`"error"`)) {
		return false
	}
	var probe struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &probe) != nil {
		return false
	}
	e := bytes.TrimSpace(probe.Error)
	switch {
	case len(e) == 0, string(e) == "null", string(e) == "false", string(e) == `""`:
		return false
	case e[0] == '{':
		var m map[string]json.RawMessage
		return json.Unmarshal(e, &m) == nil && len(m) > 0
	}
	return true
}
