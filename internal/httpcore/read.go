package httpcore

import (
	"bytes"
	"io"
	"net/http"
)

// bufferTransport reads each response body within its attempt: a 2xx
// body whole, up to the size limit, any other up to MaxErrorBody+1 bytes.
// A failure while reading (a connection reset, the attempt timeout on a
// trickling body) then fails the attempt, which the retry policy sees and
// retries like any connection error; read after the retries, as handle
// does, such a failure would be final.
type bufferTransport struct {
	limit int64
	next  http.RoundTripper
}

func (t *bufferTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.Body == nil || req.Method == http.MethodHead {
		return resp, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return bufferError(resp)
	}
	data, tooLarge, err := readAtMost(resp.Body, resp.ContentLength, t.limit)
	resp.Body.Close() // releases the attempt's timer now
	if err != nil {
		return nil, err
	}
	resp.Body = &bufferedBody{Reader: bytes.NewReader(data), data: data, tooLarge: tooLarge}
	return resp, nil
}

// bufferError reads up to MaxErrorBody+1 bytes of an error body; a longer
// one keeps its unread rest, for handle's scrubbing past the cut.
func bufferError(resp *http.Response) (*http.Response, error) {
	buf, err := io.ReadAll(io.LimitReader(resp.Body, MaxErrorBody+1))
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	if len(buf) <= MaxErrorBody {
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(buf))
		return resp, nil
	}
	resp.Body = &peekedBody{Reader: io.MultiReader(bytes.NewReader(buf), resp.Body), closer: resp.Body}
	return resp, nil
}

// bufferedBody is a 2xx body read within its attempt. data is the whole
// body, or, when tooLarge, only its start (for the error's snippet).
type bufferedBody struct {
	*bytes.Reader
	data     []byte
	tooLarge bool
}

func (b *bufferedBody) Close() error { return nil }

// Reading sizes: chunks start small (most answers are) and double up to
// maxChunk, which bounds what reading holds beyond the limit; the first
// keptChunks chunks (60 KiB; 64 KiB when the declared length is over the
// limit) are what is kept of a body over the limit,
// for the error's snippet.
const (
	firstChunk = 4 << 10
	maxChunk   = 1 << 20
	keptChunks = 4
)

// readAtMost reads r, a body of declared length n (-1 or 0: unknown), and
// reports whether it is longer than limit. A body within the limit is
// returned whole, copied at most once: read straight into a slice of its
// declared length, or in chunks joined at the end. A body over the limit
// costs at most limit plus one chunk while it is read (nothing when its
// declared length says so up front), and only its start is kept.
func readAtMost(r io.Reader, n, limit int64) (data []byte, tooLarge bool, err error) {
	var chunks [][]byte
	total := int64(0)
	switch {
	case n > limit:
		start, err := readChunk(r, int(min(firstChunk<<keptChunks, limit)))
		if err == io.EOF {
			err = nil
		}
		return start, true, err
	case n > 0:
		buf, err := readChunk(r, int(n))
		switch {
		case err == io.EOF && len(buf) == int(n):
			return buf, false, nil
		case err == io.EOF:
			return buf, false, io.ErrUnexpectedEOF // shorter than declared
		case err != nil:
			return buf, false, err
		}
		// Go's body reader stops at the declared length; another
		// transport's body may go on: read the rest as if undeclared.
		chunks, total = [][]byte{buf}, n
	}
	for size := firstChunk; ; size = min(2*size, maxChunk) {
		chunk, err := readChunk(r, int(min(int64(size), limit+1-total)))
		total += int64(len(chunk))
		if len(chunk) > 0 {
			chunks = append(chunks, chunk)
		}
		switch {
		case total > limit:
			start := join(chunks[:min(len(chunks), keptChunks)], -1)
			return start[:min(len(start), firstChunk<<keptChunks)], true, nil
		case err == io.EOF:
			return join(chunks, total), false, nil
		case err != nil:
			return join(chunks, total), false, err
		}
	}
}

// readChunk reads up to n bytes, until r ends (io.EOF) or fails.
func readChunk(r io.Reader, n int) ([]byte, error) {
	buf := make([]byte, n)
	got := 0
	for got < n {
		k, err := r.Read(buf[got:])
		got += k
		if err != nil {
			return buf[:got], err
		}
	}
	return buf, nil
}

// join concatenates chunks holding total bytes (-1: count them); one
// chunk is returned as is.
func join(chunks [][]byte, total int64) []byte {
	switch len(chunks) {
	case 0:
		return nil
	case 1:
		return chunks[0]
	}
	if total < 0 {
		total = 0
		for _, c := range chunks {
			total += int64(len(c))
		}
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out
}
