package passivetotal

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzClientResponse sends whatever status, Content-Type and body through
// the client's whole stack and decoding. Whatever the bytes: no panic; a
// success is a 2xx whose body is JSON without an error object; a failure
// is an *ErrorResponse (every non-2xx) or a *DecodeError; the body is
// closed; no error text carries the API key or the Basic credential.
func FuzzClientResponse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(uint16(0), "application/json", data)
		}
	}
	f.Add(uint16(0), "text/html", []byte("<html><title>Login "+testKey+"</title></html>"))
	f.Add(uint16(229), "application/json", []byte(`{"message":"Quota has been exceeded! `+testKey+`"}`))
	f.Add(uint16(0), "application/json", []byte(`{"error":{"http_code":401,"message":"`+testBasic+`"}}`))
	f.Add(uint16(0), "application/json", []byte(`{"results":[{"resolve":"`+testKey[:30]))
	f.Add(uint16(204), "", []byte(""))
	f.Fuzz(func(t *testing.T, code uint16, contentType string, body []byte) {
		status := 200 + int(code)%400
		// (A secret cut at a boundary is TestSecretsCutAtABoundary's; here
		// a body may hold part of a secret in the middle of its own text.)
		var tracked *trackedBody
		rt := roundTripFunc(func(req *http.Request) (*http.Response, error) {
			resp := fakeResponse(req, status, "")
			resp.Header.Set("Content-Type", contentType)
			tracked = &trackedBody{Reader: strings.NewReader(string(body))}
			resp.Body, resp.ContentLength = tracked, int64(len(body))
			return resp, nil
		})
		c, err := NewClient(testUser, testKey, withTransport(rt), WithRetryPolicy(RetryPolicy{}), WithMaxResponseSize(1<<16))
		if err != nil {
			t.Fatal(err)
		}
		var v any
		_, err = c.get(context.Background(), "dns/passive", nil, false, &v)
		if tracked == nil || !tracked.isClosed() {
			t.Fatal("response body not closed")
		}
		var (
			er *ErrorResponse
			de *DecodeError
		)
		switch {
		case err == nil:
			if status > 299 {
				t.Fatalf("status %d accepted", status)
			}
			if status != http.StatusNoContent && !json.Valid(body) {
				t.Fatalf("status %d: accepted a body that is not JSON: %q", status, body)
			}
		case status > 299 && !errors.As(err, &er):
			t.Fatalf("status %d: err %v (%T), want *ErrorResponse", status, err, err)
		case !errors.As(err, &er) && !errors.As(err, &de):
			t.Fatalf("status %d: err %v (%T), want *ErrorResponse or *DecodeError", status, err, err)
		}
		if err == nil {
			return
		}
		texts := []string{err.Error()}
		if er != nil {
			texts = append(texts, er.Message, er.DeveloperMessage, string(er.Body))
			if len(er.Body) > maxErrorBody {
				t.Fatalf("kept %d bytes of an error body", len(er.Body))
			}
		}
		if de != nil {
			texts = append(texts, de.Snippet)
		}
		for _, text := range texts {
			for _, s := range []string{testKey, strings.TrimPrefix(testBasic, "Basic ")} {
				if strings.Contains(text, s) {
					t.Fatalf("a secret is in %q", text)
				}
			}
		}
	})
}
