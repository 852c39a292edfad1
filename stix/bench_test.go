package stix_test

import (
	"testing"

	"github.com/ptstix/passivetotal/internal/testkit/stixsamples"
	"github.com/ptstix/passivetotal/stix"
)

// BenchmarkAppendJSON marshals the sample objects (one of every type) into
// a reused buffer: the per-object cost of writing a bundle.
func BenchmarkAppendJSON(b *testing.B) {
	objs := stixsamples.Objects()
	buf := make([]byte, 0, 64<<10)
	b.ReportAllocs()
	for b.Loop() {
		buf = buf[:0]
		for _, o := range objs {
			buf, _ = o.AppendJSON(buf)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/object")
}

// BenchmarkValidateBundle validates the sample bundle (one or more objects
// of every type): the per-object checks and the reference fast path.
func BenchmarkValidateBundle(b *testing.B) {
	bundle := stixsamples.Bundle()
	b.ReportAllocs()
	for b.Loop() {
		if err := stix.ValidateBundle(bundle); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(bundle.Objects)), "ns/object")
}

// BenchmarkDecodeObject decodes every sample object from its JSON.
func BenchmarkDecodeObject(b *testing.B) {
	var raws [][]byte
	for _, o := range stixsamples.Objects() {
		raw, err := o.MarshalJSON()
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, raw := range raws {
			if _, err := stix.DecodeObject(raw); err != nil {
				b.Fatal(err)
			}
		}
	}
}
