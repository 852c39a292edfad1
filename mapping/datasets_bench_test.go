package mapping

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	passivetotal "github.com/ptstix/passivetotal"
)

// BenchmarkDatasets decodes and maps each dataset fixture (the enricher's
// offline path for one saved answer).
func BenchmarkDatasets(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "datasets", "*.json"))
	e := mustEntity(b, "www.example-shop.com")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, v, err := passivetotal.Decode(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				r, err := Dataset(e, v, HostOptions{Observed: observedAt})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := r.Bundle(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
