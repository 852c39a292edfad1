package passivetotal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
// closed; no error field carries the API key or the Basic credential, in
// any form a server may echo them (the client runs with a plain key and
// with oddKey, whose encodings all differ).
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
	forms := oddKeyForms()
	f.Add(uint16(201), "application/json; k="+forms["raw"], []byte(`{"error":{"message":"`+forms[`json with \/`]+`"}}`))
	f.Add(uint16(0), "text/plain; k="+forms["query escaped"], []byte(forms["html"]+" "+forms["lower-case escape"]))
	f.Add(uint16(0), "application/json", []byte(`{"k":"`+forms["json"]+`",`))
	f.Fuzz(func(t *testing.T, code uint16, contentType string, body []byte) {
		status := 200 + int(code)%400
		fuzzOneResponse(t, testKey, []string{testKey, strings.TrimPrefix(testBasic, "Basic ")}, status, contentType, body)
		var odd []string
		for _, form := range oddKeyForms() {
			odd = append(odd, form)
		}
		fuzzOneResponse(t, oddKey, odd, status, contentType, body)
	})
}

// fuzzOneResponse is one FuzzClientResponse case, for a client with key.
func fuzzOneResponse(t *testing.T, key string, secrets []string, status int, contentType string, body []byte) {
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
	c, err := NewClient(testUser, key, withTransport(rt), WithRetryPolicy(RetryPolicy{}), WithMaxResponseSize(1<<16))
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
	texts := []string{err.Error(), fmt.Sprintf("%#v", err)}
	if er != nil {
		texts = append(texts, er.Message, er.DeveloperMessage, string(er.Body), fmt.Sprint(er.Header))
		if len(er.Body) > maxErrorBody {
			t.Fatalf("kept %d bytes of an error body", len(er.Body))
		}
	}
	if de != nil {
		texts = append(texts, de.Snippet, de.ContentType)
	}
	for _, text := range texts {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Fatalf("a secret is in %q", text)
			}
		}
	}
}
