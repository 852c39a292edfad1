package leakcheck

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// These tests are not parallel: a leak check sees the whole process.

// fakeTB records what Check reports.
type fakeTB struct {
	mu       sync.Mutex
	errs     []string
	cleanups []func()
}

func (f *fakeTB) Helper()           {}
func (f *fakeTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) Errorf(s string, a ...any) {
	f.mu.Lock()
	f.errs = append(f.errs, fmt.Sprintf(s, a...))
	f.mu.Unlock()
}
func (f *fakeTB) finish() []string {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
	return f.errs
}

func blockedForever(stop <-chan struct{}) { <-stop }

func TestDetectsLeak(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	ftb := &fakeTB{}
	Check(ftb, Timeout(50*time.Millisecond))
	go blockedForever(stop)
	errs := ftb.finish()
	if len(errs) != 1 || !strings.Contains(errs[0], "leakcheck.blockedForever") || !strings.Contains(errs[0], "1 goroutine(s)") {
		t.Fatalf("want one leak naming blockedForever, got %q", errs)
	}
}

func TestWaitsForEndingGoroutines(t *testing.T) {
	ftb := &fakeTB{}
	Check(ftb, Timeout(2*time.Second))
	go time.Sleep(30 * time.Millisecond)
	if errs := ftb.finish(); len(errs) != 0 {
		t.Fatalf("a goroutine that ends within the window is no leak: %q", errs)
	}
}

func TestOlderGoroutinesAndIgnoresNotReported(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	go blockedForever(stop) // before the snapshot
	ftb := &fakeTB{}
	Check(ftb, Timeout(20*time.Millisecond), IgnoreAnyFunction("github.com/ptstix/passivetotal/internal/leakcheck.ignoredLoop"))
	go ignoredLoop(stop)
	if errs := ftb.finish(); len(errs) != 0 {
		t.Fatalf("unexpected leak reports: %q", errs)
	}
}

func ignoredLoop(stop <-chan struct{}) { <-stop }

func TestIgnoreTopFunction(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	snap := Take()
	go blockedForever(stop)
	var top string
	for deadline := time.Now().Add(2 * time.Second); top == "" && time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		for _, g := range Goroutines() {
			if strings.Contains(g.Stack, "leakcheck.blockedForever") && !snap.ids[g.ID] {
				top = g.Top
			}
		}
	}
	if top == "" {
		t.Fatal("the new goroutine is not in the dump")
	}
	if err := snap.Verify(Timeout(10*time.Millisecond), IgnoreTopFunction(top)); err != nil {
		t.Fatalf("top function %q ignored, yet: %v", top, err)
	}
}

// An idle keep-alive connection is closed before the check; one whose
// response body was never closed is a leak.
func TestHTTPConnections(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, strings.Repeat("x", 100<<10)) //nolint:errcheck
	}))
	defer srv.Close()

	t.Run("idle", func(t *testing.T) {
		tr := &http.Transport{}
		snap := Take()
		resp, err := (&http.Client{Transport: tr}).Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body) //nolint:errcheck
		resp.Body.Close()
		if err := snap.Verify(Timeout(2*time.Second), CloseIdle(tr)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("body left open", func(t *testing.T) {
		tr := &http.Transport{}
		snap := Take()
		resp, err := (&http.Client{Transport: tr}).Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		err = snap.Verify(Timeout(100*time.Millisecond), CloseIdle(tr))
		if err == nil || !strings.Contains(err.Error(), "net/http.(*persistConn)") {
			t.Fatalf("an unclosed body keeps its connection's goroutines: want them reported, got %v", err)
		}
	})
}

func TestParse(t *testing.T) {
	dump := `goroutine 1 [running]:
main.main()
	/x/main.go:10 +0x1d

goroutine 7 [chan receive, 2 minutes]:
net/http.(*persistConn).readLoop(0xc000123400)
	/go/src/net/http/transport.go:2300 +0x5c
created by net/http.(*Transport).dialConn in goroutine 6
	/go/src/net/http/transport.go:1900 +0x1a5

not a goroutine
`
	got := Parse([]byte(dump))
	for i := range got {
		got[i].Stack = ""
	}
	want := []Goroutine{
		{ID: 1, State: "running", Top: "main.main"},
		{ID: 7, State: "chan receive, 2 minutes", Top: "net/http.(*persistConn).readLoop"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("Parse (-want +got):\n%s", diff)
	}
}
