package httpcore

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// handle turns the final response into the call's result: an error for a
// failed status or an error body, the decoded value otherwise.
func (c *Client) handle(req *http.Request, r *Response, v any) error {
	resp := r.Response
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// Read past the 1 MiB kept, so that a secret the cut would split is
		// still whole when newErrorResponse scrubs it.
		body, truncated, _ := readBody(resp.Body, int64(MaxErrorBody+c.scrubber.Longest()))
		return c.newErrorResponse(req, r, body, truncated)
	}
	if resp.StatusCode == http.StatusNoContent || req.Method == http.MethodHead {
		return nil
	}

	var (
		body     []byte
		tooLarge bool
		err      error
	)
	if bb, ok := resp.Body.(*bufferedBody); ok {
		// Read within the attempt: use those bytes, no second copy.
		body, tooLarge = bb.data, bb.tooLarge
	} else {
		body, tooLarge, err = readBody(resp.Body, c.maxResponseSize)
	}
	switch {
	case tooLarge:
		return c.decodeError(req, resp, DecodeTooLarge, body, 0, ErrResponseTooLarge)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return c.decodeError(req, resp, DecodeTruncated, body, int64(len(body)), err)
	case err != nil:
		return c.decodeError(req, resp, DecodeRead, body, int64(len(body)), err)
	}
	trimmed := trimJSONSpace(body)
	if len(trimmed) == 0 {
		if v == nil {
			return nil
		}
		return c.decodeError(req, resp, DecodeEmpty, nil, 0, nil)
	}
	if c.dialect.ErrorInSuccess != nil && c.dialect.ErrorInSuccess(trimmed) {
		return c.newErrorResponse(req, r, body, false)
	}
	switch v := v.(type) {
	case nil:
		return nil
	case io.Writer:
		// Raw mode still promises JSON: an HTML page or a cut body is an
		// error, not data.
		if !json.Valid(trimmed) {
			var probe any
			return c.classifyDecode(req, resp, trimmed, json.Unmarshal(trimmed, &probe))
		}
		_, err := v.Write(body)
		return err
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		return c.classifyDecode(req, resp, trimmed, err)
	}
	return nil
}

// trimJSONSpace trims the four whitespace characters JSON allows (RFC 8259
// section 2). bytes.TrimSpace would also drop \v, \f, U+0085 and U+00A0,
// and so accept a body such as "0\v" that is not JSON.
func trimJSONSpace(b []byte) []byte { return bytes.Trim(b, " \t\r\n") }

// readBody reads at most limit bytes and reports whether there was more.
func readBody(body io.Reader, limit int64) (data []byte, more bool, err error) {
	data, err = io.ReadAll(io.LimitReader(body, limit+1))
	if int64(len(data)) > limit {
		return data[:limit], true, err
	}
	return data, false, err
}

// newErrorResponse builds the API error for the final response.
func (c *Client) newErrorResponse(req *http.Request, r *Response, body []byte, truncated bool) *ErrorResponse {
	// The message comes from the whole body read (a 2xx with an error
	// object may be longer than the 1 MiB kept).
	body = c.scrubber.Bytes(body)
	d := c.dialect.ParseError(r.Header.Get("Content-Type"), body)
	truncated = truncated || len(body) > MaxErrorBody
	body = c.scrubber.Cut(body, MaxErrorBody, truncated)
	s := c.scrubber.String
	return &ErrorResponse{
		StatusCode:       r.StatusCode,
		Method:           req.Method,
		URL:              c.RedactURL(req.URL),
		Message:          s(d.Message),
		DeveloperMessage: s(d.DeveloperMessage),
		Code:             d.Code,
		ErrorCode:        s(d.ErrorCode),
		RequestID:        s(d.RequestID),
		Header:           c.scrubHeader(r.Header),
		Body:             body,
		Truncated:        truncated,
		Attempts:         r.Attempts,
		service:          c.service(),
		noQuota:          !c.dialect.QuotaMessages,
	}
}

// scrubHeader copies h with every secret removed from names and values:
// a server may echo the Authorization header or the key in any header.
func (c *Client) scrubHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for name, values := range h {
		vs := make([]string, len(values))
		for i, v := range values {
			vs[i] = c.scrubber.String(v)
		}
		out[c.scrubber.String(name)] = vs
	}
	return out
}

// service is the name an error carries; "" stands for "passivetotal", so
// that errors built by a caller print as they always did.
func (c *Client) service() string {
	if c.name == "passivetotal" {
		return ""
	}
	return c.name
}

// classifyDecode names what was wrong with a 2xx body that did not decode.
func (c *Client) classifyDecode(req *http.Request, resp *http.Response, body []byte, err error) error {
	var (
		se *json.SyntaxError
		te *json.UnmarshalTypeError
	)
	switch {
	case !looksLikeJSON(body[0]):
		return c.decodeError(req, resp, DecodeNotJSON, body, 0, err)
	case errors.As(err, &se) && endsEarly(body):
		return c.decodeError(req, resp, DecodeTruncated, body, se.Offset, err)
	case errors.As(err, &se):
		return c.decodeError(req, resp, DecodeInvalid, body, se.Offset, err)
	case errors.As(err, &te):
		return c.decodeError(req, resp, DecodeInvalid, body, te.Offset, err)
	}
	return c.decodeError(req, resp, DecodeInvalid, body, 0, err)
}

// endsEarly reports whether body is JSON cut short: a valid start of one
// value that the input ends inside. A syntax error at the last byte is not
// enough ("[1,]", "{}}" are invalid, not truncated): the tokens read so
// far must all be valid.
func endsEarly(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	depth := 0
	for {
		tok, err := dec.Token()
		switch {
		case err == io.EOF:
			return depth > 0
		case err != nil:
			return errors.Is(err, io.ErrUnexpectedEOF)
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return false // one whole value: the error is after it
		}
	}
}

// looksLikeJSON reports whether b can start a JSON value.
func looksLikeJSON(b byte) bool {
	switch b {
	case '{', '[', '"', '-', 't', 'f', 'n':
		return true
	}
	return b >= '0' && b <= '9'
}

// SnippetLen is how much of a bad body a DecodeError quotes.
const SnippetLen = 120

func (c *Client) decodeError(req *http.Request, resp *http.Response, kind DecodeErrorKind, body []byte, off int64, err error) error {
	if err != nil && err != ErrResponseTooLarge {
		// A decoder's message may quote the body: scrub it too.
		err = &requestError{msg: c.scrubber.String(err.Error()), err: err}
	}
	// Scrub a window longer than the snippet by the longest secret, so a
	// secret that the cut would split is whole when it is scrubbed. A body
	// that ended early or was cut at the size limit may end inside one.
	window := body[:min(len(body), SnippetLen+c.scrubber.Longest())]
	cut := len(window) < len(body) || kind == DecodeTruncated || kind == DecodeTooLarge
	snip := c.scrubber.Cut(window, SnippetLen, cut)
	return &DecodeError{
		Kind:        kind,
		StatusCode:  resp.StatusCode,
		Method:      req.Method,
		URL:         c.RedactURL(req.URL),
		ContentType: c.scrubber.String(resp.Header.Get("Content-Type")),
		Offset:      off,
		Snippet:     c.scrubber.String(CleanMessage(string(snip))),
		Err:         err,
		service:     c.service(),
	}
}

// PeekBody reads up to n bytes of resp's body and puts them back, so the
// caller still reads the whole body; a retry policy uses it to tell two
// kinds of refusal apart. A read error is replayed after the bytes.
func PeekBody(resp *http.Response, n int64) []byte {
	if resp.Body == nil {
		return nil
	}
	orig := resp.Body
	buf, err := io.ReadAll(io.LimitReader(orig, n))
	var rest io.Reader = orig
	if err != nil {
		rest = errReader{err}
	}
	resp.Body = &peekedBody{Reader: io.MultiReader(bytes.NewReader(buf), rest), closer: orig}
	return buf
}

// peekedBody replays what was read, then the rest of the original body.
type peekedBody struct {
	io.Reader
	closer io.Closer
}

func (b *peekedBody) Close() error { return b.closer.Close() }

// errReader ends a peeked body with the read error that stopped the peek.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
