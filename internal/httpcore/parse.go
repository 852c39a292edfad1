package httpcore

import (
	"bytes"
	"encoding/json"
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxMessage bounds a message taken from a body, in bytes.
const MaxMessage = 512

// ErrorDetails is what an error body says.
type ErrorDetails struct {
	Message          string // cleaned, at most 512 bytes
	DeveloperMessage string // cleaned, at most 512 bytes
	Code             int    // a numeric code of the envelope (PassiveTotal's http_code), 0 when absent
	ErrorCode        string // a text code (Graph's error.code), cleaned
	RequestID        string // the server's request id (Graph's error.innerError.request-id), cleaned
}

// ParseErrorBody extracts the server's message from any body shape seen
// over the APIs' life: PassiveTotal's {"error":{"message",
// "developer_message","http_code"}}, {"error":"..."} and {"message":...},
// Graph's {"error":{"code","message","innerError":{"request-id"}}},
// plain text, or an HTML page (its title or text). It never fails: unknown
// shapes give empty details.
func ParseErrorBody(contentType string, body []byte) ErrorDetails {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return ErrorDetails{}
	}
	if trimmed[0] == '{' {
		var env map[string]json.RawMessage
		if json.Unmarshal(trimmed, &env) == nil {
			return fromEnvelope(env)
		}
	}
	ct := strings.ToLower(contentType)
	if trimmed[0] == '<' || strings.Contains(ct, "html") {
		return ErrorDetails{Message: htmlSummary(trimmed)}
	}
	return ErrorDetails{Message: CleanMessage(string(trimmed))}
}

// fromEnvelope reads {"error":{...}}, {"error":"..."} and {"message":"..."}.
func fromEnvelope(env map[string]json.RawMessage) ErrorDetails {
	var (
		msg, devMsg, errCode, requestID string
		code                            int
	)
	if raw, ok := env["error"]; ok {
		var obj struct {
			Message          json.RawMessage `json:"message"`
			DeveloperMessage json.RawMessage `json:"developer_message"`
			HTTPCode         json.RawMessage `json:"http_code"`
			Code             json.RawMessage `json:"code"`
			InnerError       json.RawMessage `json:"innerError"`
		}
		var s string
		switch {
		case json.Unmarshal(raw, &s) == nil:
			msg = s
		case json.Unmarshal(raw, &obj) == nil:
			msg = jsonText(obj.Message)
			devMsg = jsonText(obj.DeveloperMessage)
			code = jsonInt(obj.HTTPCode)
			errCode = jsonText(obj.Code)
			var inner struct {
				RequestID json.RawMessage `json:"request-id"`
			}
			if json.Unmarshal(obj.InnerError, &inner) == nil {
				requestID = jsonText(inner.RequestID)
			}
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
	return ErrorDetails{
		Message: CleanMessage(msg), DeveloperMessage: CleanMessage(devMsg), Code: code,
		ErrorCode: CleanMessage(errCode), RequestID: CleanMessage(requestID),
	}
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
				if t := CleanMessage(html.UnescapeString(string(page[start : start+end]))); t != "" {
					return t
				}
			}
		}
	}
	var b strings.Builder
	inTag, skip := false, ""
	for i := 0; i < len(page) && b.Len() < 4*MaxMessage; i++ {
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
	return CleanMessage(html.UnescapeString(b.String()))
}

// CleanMessage makes server text safe to print: valid UTF-8, no control
// characters, whitespace collapsed, at most MaxMessage bytes.
func CleanMessage(s string) string {
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
		if b.Len()+need > MaxMessage {
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
