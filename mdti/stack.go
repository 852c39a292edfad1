package mdti

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"

	passivetotal "github.com/ptstix/passivetotal"
)

// sharedStack is the HTTP stack the Graph client shares with the
// PassiveTotal client: request building, retries with backoff and
// Retry-After, the rate limit, per-attempt timeouts, size limits, redirect
// policy, redaction, logging and the observer. It is reached through the
// PassiveTotal client's public Do, so none of it is copied here; the
// PassiveTotal credentials it is built with are placeholders that never
// leave the process, since every request's Authorization header is
// replaced by the bearer token.
type sharedStack struct {
	pt *passivetotal.Client
}

func newSharedStack(base *url.URL, opts []passivetotal.Option) (*sharedStack, error) {
	all := append([]passivetotal.Option{passivetotal.WithBaseURL(base.String())}, opts...)
	pt, err := passivetotal.NewClient("graph", "unused", all...)
	if err != nil {
		return nil, err
	}
	return &sharedStack{pt: pt}, nil
}

func (s *sharedStack) closeIdle() { s.pt.CloseIdleConnections() }

// get sends GET u with the bearer token and returns the raw body. A
// refusal becomes an *ErrorResponse read from Graph's error shape.
func (s *sharedStack) get(ctx context.Context, u *url.URL, bearer string) (*Response, []byte, error) {
	req, err := s.pt.NewRequest(http.MethodGet, "", nil, nil)
	if err != nil {
		return nil, nil, err
	}
	req.URL, req.Host = u, ""
	req.Header.Set("Authorization", "Bearer "+bearer)
	var buf bytes.Buffer
	resp, err := s.pt.Do(ctx, req, &buf)
	var r *Response
	if resp != nil {
		r = &Response{Response: resp.Response, Attempts: resp.Attempts}
	}
	if err != nil {
		var er *passivetotal.ErrorResponse
		if errors.As(err, &er) {
			return r, nil, errorFromResponse(er.Method, er.URL, er.StatusCode, er.Header, er.Body, er.Attempts)
		}
		return r, nil, err
	}
	return r, buf.Bytes(), nil
}

// shapeError reports a 2xx body that is JSON but not the shape Graph
// documents, as the stack's own decode error (matching ErrInvalidResponse).
func (s *sharedStack) shapeError(r *Response, u *url.URL, body []byte, err error) error {
	de := &passivetotal.DecodeError{Kind: passivetotal.DecodeInvalid, Method: http.MethodGet, URL: u.String(), Err: err}
	if r != nil && r.Response != nil {
		de.StatusCode = r.StatusCode
		de.ContentType = r.Header.Get("Content-Type")
	}
	if len(body) > 0 {
		de.Snippet = clean(string(body[:min(len(body), 64)]))
	}
	return de
}
