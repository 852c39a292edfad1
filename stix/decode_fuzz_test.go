package stix_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/ptstix/passivetotal/stix"
)

// FuzzDecodeObject decodes any bytes as a STIX object: it never panics,
// and an object it decodes writes JSON that decodes to the same type and
// writes the same bytes again. The seeds are the golden objects (one of
// every type) and testdata/fuzz/FuzzDecodeObject.
func FuzzDecodeObject(f *testing.F) {
	golden, err := os.ReadFile("testdata/objects.golden.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range bytes.Split(bytes.TrimSpace(golden), []byte("\n")) {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := stix.DecodeObject(data)
		if err != nil {
			return
		}
		first, err := o.AppendJSON(nil)
		if err != nil {
			return // e.g. a custom value that cannot be written; an error, not a panic
		}
		back, err := stix.DecodeObject(first)
		if err != nil {
			t.Fatalf("%s wrote %s, which does not decode: %v", o.Type(), first, err)
		}
		if back.Type() != o.Type() || back.StixID() != o.StixID() {
			t.Fatalf("round trip changed %s %s into %s %s", o.Type(), o.StixID(), back.Type(), back.StixID())
		}
		second, err := back.AppendJSON(nil)
		if err != nil || !bytes.Equal(first, second) {
			t.Fatalf("round trip not stable (%v):\n%s\n%s", err, first, second)
		}
		_ = stix.Validate(o) // must not panic, whatever it finds
	})
}
