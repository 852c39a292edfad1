package pttest

import (
	"errors"
	"net"
	"testing"
	"testing/synctest"
	"time"
)

// The timed faults run on the in-memory server inside a synctest bubble, so
// seconds of delay cost no real time and elapsed times are exact.
func TestTimedFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fault   Fault
		latency time.Duration
		timeout time.Duration
		elapsed time.Duration
		wantErr bool
	}{
		{"latency", Fault{Kind: FaultLatency, Delay: 3 * time.Second}, 0, 0, 3 * time.Second, false},
		{"global latency", Fault{}, 250 * time.Millisecond, 0, 250 * time.Millisecond, false},
		{"headers after the timeout", Fault{Kind: FaultSlowHeaders, Delay: time.Minute}, 0, 30 * time.Second, 30 * time.Second, true},
		{"trickle", Fault{Kind: FaultTrickle, Chunk: 1000, Delay: time.Second}, 0, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				s := StartInMemory(Config{Latency: tt.latency})
				defer s.Close()
				if tt.fault.Kind != FaultNone {
					s.Inject(tt.fault)
				}
				c := s.Client()
				c.Timeout = tt.timeout
				start := time.Now()
				r := get(t, s, c, "/account/quota")
				want := tt.elapsed
				if tt.fault.Kind == FaultTrickle { // a pause between pieces
					want = time.Duration((len(r.body)+999)/1000-1) * time.Second
				}
				if got := time.Since(start); got != want || want == 0 {
					t.Errorf("took %v, want %v", got, want)
				}
				if tt.wantErr {
					var ne net.Error
					if !errors.As(r.err, &ne) || !ne.Timeout() {
						t.Errorf("want a timeout, got %v (status %d)", r.err, r.status)
					}
					return
				}
				mustOK(t, r)
				s.WaitIdle()
				if log := s.Requests(); log[0].Fault != tt.fault.Kind || !log[0].Done {
					t.Errorf("log %+v", log[0])
				}
			})
		})
	}
}

func TestInMemoryReset(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := StartInMemory(Config{})
		defer s.Close()
		s.Inject(Fault{Kind: FaultReset, Times: 1})
		if r := get(t, s, nil, pdnsPath); r.err == nil {
			t.Errorf("no error after a reset; %d bytes", len(r.body))
		}
		mustOK(t, get(t, s, nil, pdnsPath))
	})
}
