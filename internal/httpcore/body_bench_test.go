package httpcore

import (
	"io"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// jsonArrayBody produces a JSON array of n bytes ("[0,0,...,0]") without
// holding it in memory.
type jsonArrayBody struct{ n, off int64 }

func (b *jsonArrayBody) Read(p []byte) (int, error) {
	if b.off >= b.n {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && b.off < b.n {
		switch {
		case b.off == 0:
			p[k] = '['
		case b.off == b.n-1:
			p[k] = ']'
		case b.off%2 == 1:
			p[k] = '0'
		default:
			p[k] = ','
		}
		k++
		b.off++
	}
	return k, nil
}

func (b *jsonArrayBody) Close() error { return nil }

// heapPeak samples the live heap until stop is called and returns the
// highest figure above the heap at the start.
func heapPeak() (stop func() uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > base && ms.HeapAlloc-base > peak.Load() {
				peak.Store(ms.HeapAlloc - base)
			}
			select {
			case <-done:
				return
			case <-time.After(200 * time.Microsecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak.Load()
	}
}

// BenchmarkBodyMemory sends a 2xx body through the whole stack with a
// 64 MiB limit and reports, per call, the bytes allocated and the peak
// live heap (sampled), in MiB: for a body twice the limit and for one
// just within it, with and without a Content-Length. Figures only; no
// assertion.
func BenchmarkBodyMemory(b *testing.B) {
	const limit = 64 << 20
	for _, tt := range []struct {
		name      string
		size      int64
		declared  bool
		wantError bool
	}{
		{"oversized/chunked", 2 * limit, false, true},
		{"oversized/content-length", 2 * limit, true, true},
		{"within/chunked", limit - 1023, false, false},
		{"within/content-length", limit - 1023, true, false},
	} {
		b.Run(tt.name, func(b *testing.B) {
			rt := roundTripFunc(func(req *http.Request) (*http.Response, error) {
				cl := int64(-1)
				if tt.declared {
					cl = tt.size
				}
				return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
					Body: &jsonArrayBody{n: tt.size}, ContentLength: cl, Request: req}, nil
			})
			c := newTestClient(b, Config{HTTPClient: &http.Client{Transport: rt}, MaxResponseSize: limit})
			var allocated, peak uint64
			for b.Loop() {
				var before, after runtime.MemStats
				stop := heapPeak()
				runtime.ReadMemStats(&before)
				req, _ := c.NewRequest("GET", "big", nil, nil)
				_, err := c.Do(b.Context(), req, io.Discard)
				runtime.ReadMemStats(&after)
				peak = max(peak, stop())
				allocated += after.TotalAlloc - before.TotalAlloc
				if (err != nil) != tt.wantError {
					b.Fatalf("err = %v", err)
				}
			}
			b.ReportMetric(float64(allocated)/float64(b.N)/(1<<20), "MiB-alloc/op")
			b.ReportMetric(float64(peak)/(1<<20), "MiB-peak-heap")
			b.ReportMetric(float64(limit)/(1<<20), "MiB-limit")
			b.Logf("%s: body %s bytes, limit 64 MiB: allocated %.1f MiB/op, peak heap %.1f MiB",
				tt.name, strconv.FormatInt(tt.size, 10), float64(allocated)/float64(b.N)/(1<<20), float64(peak)/(1<<20))
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
