package passivetotal

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"
)

// handle turns the final response into the call's result: an error for a
// failed status or an error body, the decoded value otherwise.
func (c *Client) handle(req *http.Request, r *Response, search bool, v any) error {
	resp := r.Response
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// Read past the 1 MiB kept, so that a secret the cut would split is
		// still whole when newErrorResponse scrubs it.
		body, truncated, _ := readBody(resp.Body, int64(maxErrorBody+c.longestSecret()))
		return c.apiError(c.newErrorResponse(req, r, body, truncated), search)
	}
	if resp.StatusCode == http.StatusNoContent || req.Method == http.MethodHead {
		return nil
	}

	body, tooLarge, err := readBody(resp.Body, c.maxResponseSize)
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
	if hasErrorObject(trimmed) {
		return c.apiError(c.newErrorResponse(req, r, body, false), search)
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

// newErrorResponse builds the API error for the final response.
func (c *Client) newErrorResponse(req *http.Request, r *Response, body []byte, truncated bool) *ErrorResponse {
	// The message comes from the whole body read (a 2xx with an error
	// object may be longer than the 1 MiB kept).
	body = c.scrubBytes(body)
	msg, dev, code := parseErrorBody(r.Header.Get("Content-Type"), body)
	truncated = truncated || len(body) > maxErrorBody
	body = c.scrubCut(body, maxErrorBody, truncated)
	return &ErrorResponse{
		StatusCode:       r.StatusCode,
		Method:           req.Method,
		URL:              c.redactURL(req.URL),
		Message:          c.scrub(msg),
		DeveloperMessage: c.scrub(dev),
		Code:             code,
		Header:           r.Header.Clone(),
		Body:             body,
		Truncated:        truncated,
		Attempts:         r.Attempts,
	}
}

// apiError wraps a quota refusal in a *QuotaExceededError (with the reset
// time when the client knows it) and records it for the guard.
func (c *Client) apiError(er *ErrorResponse, search bool) error {
	if !errors.Is(er, ErrQuotaExceeded) {
		return er
	}
	now := time.Now()
	er.QuotaReset = c.quota.nextReset(now)
	qe := &QuotaExceededError{Response: er, NextReset: er.QuotaReset}
	c.quota.mu.Lock()
	if block, scope := c.quota.q.Binding(); block != nil && c.quota.validLocked(now) {
		qe.Scope, qe.Count, qe.Limit = scope, block.Counts.SearchAPI+c.quota.spent, block.Limits.SearchAPI
	}
	c.quota.mu.Unlock()
	if search {
		c.quota.markExhausted()
	}
	return qe
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
	case errors.As(err, &se) && se.Offset >= int64(len(body)):
		return c.decodeError(req, resp, DecodeTruncated, body, se.Offset, err)
	case errors.As(err, &se):
		return c.decodeError(req, resp, DecodeInvalid, body, se.Offset, err)
	case errors.As(err, &te):
		return c.decodeError(req, resp, DecodeInvalid, body, te.Offset, err)
	}
	return c.decodeError(req, resp, DecodeInvalid, body, 0, err)
}

// looksLikeJSON reports whether b can start a JSON value.
func looksLikeJSON(b byte) bool {
	switch b {
	case '{', '[', '"', '-', 't', 'f', 'n':
		return true
	}
	return b >= '0' && b <= '9'
}

// snippetLen is how much of a bad body a DecodeError quotes.
const snippetLen = 120

func (c *Client) decodeError(req *http.Request, resp *http.Response, kind DecodeErrorKind, body []byte, off int64, err error) error {
	if err != nil && err != ErrResponseTooLarge {
		// A decoder's message may quote the body: scrub it too.
		err = &requestError{msg: c.scrub(err.Error()), err: err}
	}
	// Scrub a window longer than the snippet by the longest secret, so a
	// secret that the cut would split is whole when it is scrubbed. A body
	// that ended early or was cut at the size limit may end inside one.
	window := body[:min(len(body), snippetLen+c.longestSecret())]
	cut := len(window) < len(body) || kind == DecodeTruncated || kind == DecodeTooLarge
	snip := c.scrubCut(window, snippetLen, cut)
	return &DecodeError{
		Kind:        kind,
		StatusCode:  resp.StatusCode,
		Method:      req.Method,
		URL:         c.redactURL(req.URL),
		ContentType: resp.Header.Get("Content-Type"),
		Offset:      off,
		Snippet:     c.scrub(cleanMessage(string(snip))),
		Err:         err,
	}
}
