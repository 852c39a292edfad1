//go:build !race

package enricher

import (
	"context"
	"io"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/internal/gen"
	"github.com/ptstix/passivetotal/stix"
)

// TestConvertMillionRecordsBoundedMemory proves the -input path streams: a passive DNS
// answer of a million records (about 330 MB of JSON, generated on the fly through a
// pipe, never on disk) is converted with a live heap under 64 MB. Excluded under -race
// (too slow) and -short.
func TestConvertMillionRecordsBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("a million records take several seconds")
	}
	pr, pw := io.Pipe()
	go func() {
		_, err := gen.WritePassiveDNS(pw, gen.DNSOptions{Seed: 7, Query: "cdn.example.com", Records: 1_000_000})
		pw.CloseWithError(err)
	}()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(25 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > peak.Load() {
					peak.Store(ms.HeapAlloc)
				}
			}
		}
	}()
	summary := cli.NewSummary("entities")
	var name string
	var written *stix.Bundle
	en := &Enricher{Sink: sinkFunc(func(n string, b *stix.Bundle) { name, written = n, b }), Observer: summary}
	err := en.ConvertReader(context.Background(), pr, "pipe", nil, 0)
	close(stop)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	if written == nil || len(written.Objects) == 0 || name != "cdn.example.com" {
		t.Fatalf("bundle %q: %v", name, written)
	}
	if p := peak.Load(); p > 64<<20 {
		t.Errorf("peak live heap %d MB converting a million records, want under 64 MB", p>>20)
	}
	tot := summary.Totals()
	t.Logf("peak live heap %d MB; %d objects in the bundle; %d skips", peak.Load()>>20, len(written.Objects), len(tot.Skips))
}

// sinkFunc is a Sink that hands each bundle to a function.
type sinkFunc func(name string, b *stix.Bundle)

func (f sinkFunc) WriteBundle(_ context.Context, _, name string, b *stix.Bundle) error {
	f(name, b)
	return nil
}
func (f sinkFunc) Close() error { return nil }
