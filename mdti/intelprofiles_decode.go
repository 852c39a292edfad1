package mdti

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/internal/lenient"
)

// The Decode functions of this file and vulnerabilities.go read Graph
// response bodies saved to files (the importer's -input mode, tests) with
// the same lenient models a client uses. They read untrusted input: each
// reads at most passivetotal.MaxDecodeSize bytes, refuses a Graph error
// body with a *SavedBodyError that says what the server said, and refuses
// a body of another shape (a PassiveTotal body, a list where one object
// belongs) instead of decoding it to an empty value.

// SavedBodyError reports a body a decoder cannot use. Code and Message are
// set when the body is a Graph error ({"error":{"code","message"}});
// otherwise Reason says what is wrong with its shape and Err holds the JSON
// error, if any.
//
// Every saved-body decoder of this package reports an unusable body with
// it. errors.Is matches ErrInvalidResponse for a body of the wrong shape,
// and for a Graph error body the sentinel its code names, as for the live
// client's *ErrorResponse: ErrNotFound, ErrUnauthorized, ErrForbidden or
// ErrThrottled (the same values as the passivetotal package's).
type SavedBodyError struct {
	Want      string // what the decoder wanted, e.g. "intelligenceProfile collection"
	Code      string // Graph error code, e.g. "itemNotFound"
	Message   string // Graph error message, cut to 512 bytes
	RequestID string // innerError.request-id, when sent
	Reason    string // what is wrong with the shape
	Err       error  // the underlying JSON error, or nil
}

// Error says what was wanted and what the body was.
func (e *SavedBodyError) Error() string {
	var b strings.Builder
	b.WriteString("mdti: saved body is not ")
	b.WriteString(profileArticle(e.Want))
	b.WriteString(e.Want)
	if e.Code != "" || e.Message != "" {
		b.WriteString(": Graph error")
		if e.Code != "" {
			b.WriteString(" " + strconv.Quote(e.Code))
		}
		if e.Message != "" {
			b.WriteString(": " + strconv.Quote(e.Message))
		}
		if e.RequestID != "" {
			q := strconv.Quote(e.RequestID) // escapes control characters from a file
			b.WriteString(" [request-id " + q[1:len(q)-1] + "]")
		}
		return b.String()
	}
	if e.Reason != "" {
		b.WriteString(": " + e.Reason)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// profileArticle is the indefinite article before want.
func profileArticle(want string) string {
	if want != "" && strings.ContainsRune("aeiouAEIOU", rune(want[0])) {
		return "an "
	}
	return "a "
}

// Unwrap returns the JSON error.
func (e *SavedBodyError) Unwrap() error { return e.Err }

// Is classifies the body; see the type's comment. The codes are
// classified as the live client's refusals are.
func (e *SavedBodyError) Is(target error) bool {
	if e.Code == "" && e.Message == "" {
		return target == ErrInvalidResponse
	}
	live := ErrorResponse{StatusCode: statusOfCode(e.Code)}
	return live.StatusCode != 0 && live.Is(target)
}

// As gives a saved Graph error body as the *ErrorResponse of the live
// refusal it records (StatusCode from the code; ErrorCode, Message and
// RequestID from the body; no request), so code written for live errors
// reads saved ones too. A body of the wrong shape is no refusal.
func (e *SavedBodyError) As(target any) bool {
	p, ok := target.(**ErrorResponse)
	if !ok || (e.Code == "" && e.Message == "") {
		return false
	}
	*p = &ErrorResponse{StatusCode: statusOfCode(e.Code), ErrorCode: e.Code, Message: e.Message, RequestID: e.RequestID}
	return true
}

// profileMaxMessage bounds the Graph message an error repeats.
const profileMaxMessage = 512

// profileReadBody reads a whole saved body (bounded), refuses a Graph
// error body and anything that is not one JSON object, and returns the
// members that tell its shape.
func profileReadBody(r io.Reader, want string) ([]byte, *profileTop, error) {
	return profileReadBodyLimit(r, want, passivetotal.MaxDecodeSize)
}

// profileReadBodyLimit is profileReadBody with the size limit given.
func profileReadBodyLimit(r io.Reader, want string, limit int64) ([]byte, *profileTop, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(data)) > limit {
		return nil, nil, &passivetotal.DecodeError{Kind: passivetotal.DecodeTooLarge, Err: passivetotal.ErrResponseTooLarge}
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, nil, &SavedBodyError{Want: want, Reason: "body is empty"}
	}
	if trimmed[0] != '{' {
		return nil, nil, &SavedBodyError{Want: want, Reason: "body is not a JSON object"}
	}
	top := new(profileTop)
	if err := json.Unmarshal(trimmed, top); err != nil {
		return nil, nil, &SavedBodyError{Want: want, Reason: "malformed JSON", Err: err}
	}
	if profileIsObject(top.Error) {
		return nil, nil, profileErrorBody(top.Error, want)
	}
	return trimmed, top, nil
}

// profileTop holds what the shape checks need of a body's top level. The
// value member, most of a page, is only noted as present, not copied.
type profileTop struct {
	Error json.RawMessage `json:"error"`
	Value profilePresent  `json:"value"`
	ID    profilePresent  `json:"id"`
}

// profilePresent records that a member was there, whatever its value.
type profilePresent bool

// UnmarshalJSON implements json.Unmarshaler.
func (p *profilePresent) UnmarshalJSON([]byte) error {
	*p = true
	return nil
}

// profileErrorBody describes a Graph error object.
func profileErrorBody(raw json.RawMessage, want string) *SavedBodyError {
	var w struct {
		Code       lenient.String `json:"code"`
		Message    lenient.String `json:"message"`
		InnerError struct {
			RequestID lenient.String `json:"request-id"`
		} `json:"innerError"`
	}
	// A malformed member still leaves the others: keep what decoded.
	_ = json.Unmarshal(raw, &w)
	msg := strings.ToValidUTF8(string(w.Message), "\uFFFD")
	if len(msg) > profileMaxMessage {
		msg = msg[:profileMaxMessage] + "..."
	}
	e := &SavedBodyError{Want: want, Code: string(w.Code), Message: msg, RequestID: string(w.InnerError.RequestID)}
	if e.Code == "" && e.Message == "" {
		e.Message = "error object without code or message"
	}
	return e
}

// profileIsObject reports whether raw is a JSON object.
func profileIsObject(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{'
}

// profileDecodeList decodes a saved Graph collection page into T, after
// checking that it has a "value" member (a PassiveTotal body or a single
// resource has none).
func profileDecodeList[T any](r io.Reader, want string) (*T, error) {
	data, top, err := profileReadBody(r, want)
	if err != nil {
		return nil, err
	}
	if !top.Value {
		return nil, &SavedBodyError{Want: want, Reason: `no "value" member: not a Graph collection`}
	}
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, &SavedBodyError{Want: want, Reason: "decoding", Err: err}
	}
	return v, nil
}

// profileDecodeOne decodes a saved single Graph resource into T, after
// checking that it has an "id" member and is not a collection page.
func profileDecodeOne[T any](r io.Reader, want string) (*T, error) {
	data, top, err := profileReadBody(r, want)
	if err != nil {
		return nil, err
	}
	if top.Value {
		return nil, &SavedBodyError{Want: want, Reason: `a collection page ("value" member), not one resource`}
	}
	if !top.ID {
		return nil, &SavedBodyError{Want: want, Reason: `no "id" member`}
	}
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, &SavedBodyError{Want: want, Reason: "decoding", Err: err}
	}
	return v, nil
}

// profilePage is the OData envelope of a collection page.
type profilePage[T any] struct {
	NextLink lenient.String  `json:"@odata.nextLink"`
	Count    lenient.Int     `json:"@odata.count"`
	Value    lenient.List[T] `json:"value"`
}

// profileStrings converts a lenient list to plain strings, trimmed, with
// empty ones dropped; nil when none is left.
func profileStrings(l lenient.List[lenient.String]) []string {
	var out []string
	for _, s := range l {
		if v := strings.TrimSpace(string(s)); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// profileODataType returns a Graph @odata.type without its namespace:
// "#microsoft.graph.security.hostname" is "hostname".
func profileODataType(t string) string {
	t = strings.TrimSpace(t)
	t = strings.TrimPrefix(t, "#")
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		t = t[i+1:]
	}
	return t
}

// profileFullODataType is the inverse of profileODataType for a short name.
func profileFullODataType(t string) string {
	if t == "" {
		return ""
	}
	return "#microsoft.graph.security." + t
}

var errProfileNotString = errors.New("want a string or an object")

// FormattedText is a Graph formattedContent: text and the format it is
// written in ("text", "html" or "markdown"; open).
type FormattedText struct {
	Content string `json:"content"`
	Format  string `json:"format,omitempty"`
}

// UnmarshalJSON accepts the formattedContent object, a plain string (read
// as text, as PassiveTotal sent summaries) and null.
func (f *FormattedText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*f = FormattedText{}
	switch {
	case len(b) == 0 || string(b) == "null":
		return nil
	case b[0] == '{':
		var w struct {
			Content lenient.String `json:"content"`
			Format  lenient.String `json:"format"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
		*f = FormattedText{Content: string(w.Content), Format: strings.ToLower(strings.TrimSpace(string(w.Format)))}
		return nil
	case b[0] == '[':
		return fmt.Errorf("mdti: formatted content: %w, got an array", errProfileNotString)
	}
	var s lenient.String
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*f = FormattedText{Content: string(s), Format: "text"}
	return nil
}
