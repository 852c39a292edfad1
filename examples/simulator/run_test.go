package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/pttest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// simulator is the program running in the test, on a loopback port.
type simulator struct {
	base           string // the API base URL it printed
	stdout, stderr *syncBuffer
	stop           context.CancelFunc
	done           chan int // its exit code
}

// startSimulator runs the program with args until the test ends or Stop is called,
// and returns once it serves.
func startSimulator(t *testing.T, args ...string) *simulator {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	s := &simulator{stdout: &syncBuffer{}, stderr: &syncBuffer{}, stop: cancel, done: make(chan int, 1)}
	ready := make(chan string, 1)
	go func() {
		s.done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), cli.MapEnv(nil), s.stdout, s.stderr, func(u string) { ready <- u })
	}()
	select {
	case s.base = <-ready:
	case code := <-s.done:
		t.Fatalf("exit %d before serving; stderr:\n%s", code, s.stderr.String())
	}
	return s
}

// Stop cancels the program and checks that it exits with 0.
func (s *simulator) Stop(t *testing.T) {
	t.Helper()
	s.stop()
	if code := <-s.done; code != 0 {
		t.Errorf("exit %d after stop; stderr:\n%s", code, s.stderr.String())
	}
}

func TestSimulatorServesTheSDK(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	sim := startSimulator(t, "-seed", "3", "-quota", "5")
	base := sim.base
	if out := sim.stdout.String(); !strings.Contains(out, pttest.DefaultUsername) || !strings.Contains(out, base) {
		t.Errorf("banner does not give the URL and credentials:\n%s", out)
	}

	c, err := passivetotal.NewClient(pttest.DefaultUsername, pttest.DefaultAPIKey, passivetotal.WithBaseURL(base))
	if err != nil {
		t.Fatal(err)
	}
	pd, _, err := c.PassiveDNS(ctx, "example.com", nil)
	if err != nil || len(pd.Results) == 0 {
		t.Fatalf("PassiveDNS = %v records, %v", pd, err)
	}
	n := 0
	for _, err := range c.ListArticles(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != pttest.DefaultArticles {
		t.Errorf("%d articles, want %d", n, pttest.DefaultArticles)
	}
	q, _, err := c.Quota(ctx)
	if err != nil || q.Remaining() != 4 {
		t.Errorf("quota remaining %d (%v), want 4 of -quota 5", q.Remaining(), err)
	}
	resp, err := http.Get(base + "/dns/passive?query=example.com")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("request without credentials: %d, want 401", resp.StatusCode)
	}

	sim.Stop(t)
}

func TestSimulatorBadConfiguration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"-user", "a@example.com"}, nil, "-user and -api-key"},
		{[]string{"-seed", "x"}, nil, "-seed"},
		{nil, map[string]string{"PTSIM_SEED": "-1"}, "PTSIM_SEED"},
		{[]string{"-epoch", "someday"}, nil, "-epoch"},
		{[]string{"-latency", "slow"}, nil, "-latency"},
		{[]string{"-addr", "256.0.0.1:1"}, nil, "-addr"},
		{[]string{"extra"}, nil, "extra"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(t.Context(), tt.args, cli.MapEnv(tt.env), &out, &errb, nil)
		lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
		if code != cli.ExitConfig || len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
			t.Errorf("%v %v: exit %d, stderr %q; want exit 2 and one line naming %s", tt.args, tt.env, code, errb.String(), tt.want)
		}
	}
}
