package cli

import (
	"bytes"
	"encoding/json"
	"testing"
	"testing/iotest"
)

// FuzzCheckJSON: CheckJSON, which reads a token at a time, accepts exactly what
// json.Valid accepts of the whole input, also when the input arrives one byte per
// Read. Seeds (truncated bodies, trailing data) live in testdata/fuzz/FuzzCheckJSON.
func FuzzCheckJSON(f *testing.F) {
	for _, s := range []string{`{"results":[]}`, `{"results":[{"a":"b"`, `{} {}`, `{}x`, ``, ` `, `1`, `[1,]`, `{"a":1}` + "\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want := json.Valid(data)
		for _, r := range []func() error{
			func() error { return CheckJSON(bytes.NewReader(data)) },
			func() error { return CheckJSON(iotest.OneByteReader(bytes.NewReader(data))) },
		} {
			if err := r(); (err == nil) != want {
				t.Fatalf("CheckJSON(%q) = %v, json.Valid = %v", data, err, want)
			}
		}
	})
}
