package httpcore

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/ptstix/passivetotal/internal/testkit"
)

// TestDecodeErrorKinds checks that a body is called truncated only when it
// is a valid start of JSON that ends early, whatever byte the decoder
// stumbled on.
func TestDecodeErrorKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body string
		want DecodeErrorKind
	}{
		{`{"a":1`, DecodeTruncated},
		{`{"a":[1,2`, DecodeTruncated},
		{`[1,2,`, DecodeTruncated},
		{`{"a":"abc`, DecodeTruncated},
		{`{"a":tru`, DecodeTruncated},
		{`{"a":1]`, DecodeInvalid}, // wrong closer at the last byte
		{`{"a":1}}`, DecodeInvalid},
		{`[1,]`, DecodeInvalid},
		{`{"a" 1}`, DecodeInvalid},
		{`{"a":1}x`, DecodeInvalid},
		{`{"a":1}{`, DecodeInvalid}, // a second value, not a cut first one
		{`{"a":-}`, DecodeInvalid},
		{`{"a":1,}`, DecodeInvalid},
		{`{"a":"b"]`, DecodeInvalid},
		{`<html>`, DecodeNotJSON},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			t.Parallel()
			srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, tt.body)
			}))
			base, _ := ParseBaseURL(srv.URL, false)
			c := newTestClient(t, Config{BaseURL: base, HTTPClient: srv.Client()})
			req, _ := c.NewRequest("GET", "x", nil, nil)
			var v map[string]any
			_, err := c.Do(t.Context(), req, &v)
			var de *DecodeError
			if !errors.As(err, &de) || de.Kind != tt.want {
				t.Errorf("err = %v, want kind %v", err, tt.want)
			}
		})
	}
}

// FuzzEndsEarly cuts valid JSON anywhere: every cut that is not itself
// valid JSON ends early; and a valid body never does.
func FuzzEndsEarly(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":"c\"d"}]}`, `[true,false,null]`, `"x\u00e9"`, `{"a":1]`, `123`, `{}`} {
		f.Add([]byte(s), uint16(3))
	}
	f.Fuzz(func(t *testing.T, doc []byte, cut uint16) {
		doc = trimJSONSpace(doc)
		if json.Valid(doc) && endsEarly(doc) {
			t.Fatalf("valid %q called truncated", doc)
		}
		if !json.Valid(doc) || len(doc) < 2 {
			return
		}
		prefix := trimJSONSpace(doc[:1+int(cut)%(len(doc)-1)])
		if len(prefix) > 0 && !json.Valid(prefix) && !endsEarly(prefix) {
			t.Fatalf("%q, a cut of %q, not called truncated", prefix, doc)
		}
	})
}
