//go:build !race

package gen

import (
	"runtime"
	"testing"
)

// heapWatcher discards what it is given and samples the live heap every few
// megabytes, keeping the peak.
type heapWatcher struct {
	n, next uint64
	peak    uint64
}

func (h *heapWatcher) Write(p []byte) (int, error) {
	h.n += uint64(len(p))
	if h.n >= h.next {
		h.next = h.n + 4<<20
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		h.peak = max(h.peak, ms.HeapAlloc)
	}
	return len(p), nil
}

// TestWritePassiveDNSMillionStreams proves the writer's memory does not grow
// with the answer: a million records (about 330 MB of JSON) stay under a
// small live heap. Excluded under -race (too slow) and -short.
func TestWritePassiveDNSMillionStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("a million records take a few seconds")
	}
	t.Parallel()
	h := &heapWatcher{}
	n, err := WritePassiveDNS(h, DNSOptions{Seed: 1, Query: "cdn.example", Records: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	if n < 200<<20 {
		t.Errorf("only %d bytes for a million records", n)
	}
	if h.peak > 32<<20 {
		t.Errorf("peak live heap %d MB while streaming", h.peak>>20)
	}
	t.Logf("%d MB written, peak live heap %d MB", n>>20, h.peak>>20)
}
