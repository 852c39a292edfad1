package enricher

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/ptstix/passivetotal"
)

// counted yields n numbered records (or err after them) and records how many it
// produced and whether it has returned.
func counted(n int, err error, produced *atomic.Int64, ended *atomic.Bool) func(func(passivetotal.DNSRecord, error) bool) {
	return func(yield func(passivetotal.DNSRecord, error) bool) {
		defer ended.Store(true)
		for i := range n {
			produced.Add(1)
			if !yield(passivetotal.DNSRecord{RecordHash: string(rune('a' + i%26))}, nil) {
				return
			}
		}
		if err != nil {
			yield(passivetotal.DNSRecord{}, err)
		}
	}
}

// TestPrefetch: records come out in order, an error after them too; a consumer that
// stops early stops the producer, which has returned (and read at most a few batches
// ahead) by the time prefetch does.
func TestPrefetch(t *testing.T) {
	t.Parallel()
	boom := errors.New("truncated")
	for _, n := range []int{0, 1, prefetchBatch, 3*prefetchBatch + 7} {
		var produced atomic.Int64
		var ended atomic.Bool
		got, gotErr := 0, error(nil)
		for r, err := range prefetch(counted(n, boom, &produced, &ended)) {
			if err != nil {
				gotErr = err
				break
			}
			if want := string(rune('a' + got%26)); r.RecordHash != want {
				t.Fatalf("n=%d: record %d is %q, want %q", n, got, r.RecordHash, want)
			}
			got++
		}
		if got != n || !errors.Is(gotErr, boom) || !ended.Load() {
			t.Errorf("n=%d: %d records, err %v, producer ended %v", n, got, gotErr, ended.Load())
		}
	}
	var produced atomic.Int64
	var ended atomic.Bool
	got := 0
	for range prefetch(counted(100*prefetchBatch, nil, &produced, &ended)) {
		if got++; got == 10 {
			break
		}
	}
	if !ended.Load() {
		t.Error("prefetch returned before its producer")
	}
	if p := produced.Load(); p > 12*prefetchBatch {
		t.Errorf("the producer ran %d records ahead of a consumer that stopped at 10", p)
	}
}
