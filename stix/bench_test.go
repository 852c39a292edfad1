package stix_test

import (
	"testing"

	"github.com/ptstix/passivetotal/internal/stixsamples"
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
