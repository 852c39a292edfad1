package passivetotal

import (
	"bytes"
	"io"
	"net/http"
)

// bufferTransport reads each response body within its attempt: at most
// limit+1 bytes of a 2xx body, maxErrorBody+1 of any other. A failure while
// reading (a connection reset, the attempt timeout on a trickling body)
// then fails the attempt, which the retry policy sees and retries like any
// connection error; read after the retries, as handle does, such a
// failure would be final. A body longer than the limit keeps its unread
// rest, so handle still reports it as too large without reading it all.
type bufferTransport struct {
	limit int64
	next  http.RoundTripper
}

func (t *bufferTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.Body == nil || req.Method == http.MethodHead {
		return resp, err
	}
	limit := t.limit
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		limit = maxErrorBody
	}
	buf, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	if int64(len(buf)) <= limit {
		resp.Body.Close() // releases the attempt's timer now
		resp.Body = io.NopCloser(bytes.NewReader(buf))
		return resp, nil
	}
	resp.Body = &peekedBody{Reader: io.MultiReader(bytes.NewReader(buf), resp.Body), closer: resp.Body}
	return resp, nil
}
