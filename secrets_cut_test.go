package passivetotal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSecretsCutAtABoundary sends bodies in which the API key or the Basic
// credential straddles a place where the client cuts the body: the
// DecodeError snippet (snippetLen bytes) and the 1 MiB kept of an error
// body. No prefix of a secret long enough to matter may survive the cut.
func TestSecretsCutAtABoundary(t *testing.T) {
	t.Parallel()
	token := strings.TrimPrefix(testBasic, "Basic ")
	// at returns a body of n filler bytes, then s, then the rest of a body.
	at := func(n int, s, rest string) string { return strings.Repeat("x", n) + s + rest }
	tests := []struct {
		name   string
		status int
		body   string
	}{
		{"key across the snippet end, not JSON", 200, at(snippetLen-10, testKey, " trailing text")},
		{"token across the snippet end, not JSON", 200, at(snippetLen-5, token, " trailing text")},
		{"key across the snippet end, invalid JSON", 200, `{"a":"` + at(snippetLen-16, testKey, `"`) + `,}`},
		{"key at the very end of a cut body", 200, at(snippetLen-12, testKey[:20], "")},
		{"key across the 1 MiB cut of an error body", 500, at(maxErrorBody-12, testKey, " and more")},
		{"token across the 1 MiB cut of an error body", 404, at(maxErrorBody-7, token, " and more")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, ft := newFakeClient(t, []reply{{status: tt.status, body: tt.body}}, WithRetryPolicy(RetryPolicy{}))
			var v map[string]any
			_, err := c.get(context.Background(), "dns/passive", nil, false, &v)
			if err == nil {
				t.Fatal("no error")
			}
			texts := []string{err.Error(), fmt.Sprintf("%+v", err)}
			var de *DecodeError
			if errors.As(err, &de) {
				texts = append(texts, de.Snippet)
			}
			var er *ErrorResponse
			if errors.As(err, &er) {
				texts = append(texts, string(er.Body), er.Message)
				if !er.Truncated {
					t.Error("error body not marked truncated")
				}
			}
			for _, text := range texts {
				for _, s := range []string{testKey, token} {
					if p := s[:minSecretPrefix]; strings.Contains(text, p) {
						t.Errorf("%d-byte prefix %q of a secret survives in %.60q...", minSecretPrefix, p, text[max(0, strings.Index(text, p)-20):])
					}
				}
			}
			ft.checkClosed(t)
		})
	}
}

// TestErrorObjectBodyBounded checks that a 2xx carrying an "error" object
// in a body over 1 MiB keeps at most 1 MiB of it, says so, and still reads
// the message from the whole body.
func TestErrorObjectBodyBounded(t *testing.T) {
	t.Parallel()
	body := `{"padding":"` + strings.Repeat("p", maxErrorBody) + `","error":{"http_code":404,"message":"no such thing"}}`
	c, ft := newFakeClient(t, []reply{{status: 200, body: body}})
	_, err := c.get(context.Background(), "dns/passive", nil, false, &map[string]any{})
	var er *ErrorResponse
	if !errors.As(err, &er) {
		t.Fatalf("err = %v, want *ErrorResponse", err)
	}
	type summary struct {
		Len       int
		Truncated bool
		Message   string
		NotFound  bool
	}
	got := summary{len(er.Body), er.Truncated, er.Message, errors.Is(err, ErrNotFound)}
	want := summary{maxErrorBody, true, "no such thing", true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error response (-want +got):\n%s", diff)
	}
	ft.checkClosed(t)
}
