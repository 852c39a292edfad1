// Package leakcheck finds goroutines a test left behind, in the manner of
// go.uber.org/goleak but with no dependency: it compares the goroutines
// running before and after the code under test, by goroutine ID, ignoring
// the runtime's and the testing package's own goroutines, and retries for a
// while because goroutines that are ending (a closed connection's read loop,
// a timer's callback) need a moment to go.
//
// Use it only in tests that do not run in parallel with others (no
// t.Parallel in the test or its siblings while it runs): goroutines started
// by a concurrent test would be reported as this test's leaks.
//
//	func TestX(t *testing.T) {
//		leakcheck.Check(t, leakcheck.CloseIdle(tr)) // first, so it runs after every other cleanup
//		...
//	}
package leakcheck

import (
	"bytes"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultTimeout is how long Verify waits for new goroutines to end.
const DefaultTimeout = 5 * time.Second

// Goroutine is one goroutine from a stack dump.
type Goroutine struct {
	ID    uint64
	State string // "chan receive", "IO wait", "select, 2 minutes", ...
	Top   string // function of the top frame, e.g. "net/http.(*persistConn).readLoop"
	Stack string // the goroutine's full trace, header included
}

func (g Goroutine) String() string { return g.Stack }

// Snapshot is the set of goroutines alive when it was taken.
type Snapshot struct {
	ids map[uint64]bool
}

// Take records the goroutines running now.
func Take() Snapshot {
	s := Snapshot{ids: map[uint64]bool{}}
	for _, g := range Goroutines() {
		s.ids[g.ID] = true
	}
	return s
}

// Option adjusts a check.
type Option func(*config)

type config struct {
	timeout   time.Duration
	ignoreTop []string
	ignoreAny []string
	closers   []idleCloser
}

type idleCloser interface{ CloseIdleConnections() }

// Timeout sets how long to wait for new goroutines to end (DefaultTimeout
// otherwise).
func Timeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// IgnoreTopFunction ignores goroutines whose top frame is in function fn
// (as printed in a stack trace, e.g. "internal/poll.runtime_pollWait").
func IgnoreTopFunction(fn string) Option {
	return func(c *config) { c.ignoreTop = append(c.ignoreTop, fn) }
}

// IgnoreAnyFunction ignores goroutines with fn anywhere in their stack.
func IgnoreAnyFunction(fn string) Option {
	return func(c *config) { c.ignoreAny = append(c.ignoreAny, fn) }
}

// CloseIdle calls CloseIdleConnections on each closer (an *http.Transport,
// an *http.Client) before every look, so that idle keep-alive connections,
// which are not leaks, do not count as such. http.DefaultTransport is
// always closed this way.
func CloseIdle(closers ...interface{ CloseIdleConnections() }) Option {
	return func(c *config) {
		for _, cl := range closers {
			c.closers = append(c.closers, cl)
		}
	}
}

// knownTop are goroutines of the runtime and the testing package that may
// start at any time and are not the test's doing.
var knownTop = []string{
	"runtime.goexit",
	"os/signal.signal_recv",
	"os/signal.loop",
	"runtime.ensureSigM",
	"runtime/trace.Start",
}

// knownAny are goroutines known by a function anywhere in their stack.
var knownAny = []string{
	"testing.tRunner", // a test's own goroutine (the caller's subtests, paused parallel tests)
	"testing.runFuzzing",
	"testing.(*M).startAlarm",
	"testing.(*M).Run",
	"testing.runTests",
	"runtime.ReadTrace",
	"runtime/pprof.profileWriter",
}

// Verify waits up to the timeout for every goroutine started since s to end,
// and returns an error listing those still running, nil when none is. The
// calling goroutine is never reported.
func (s Snapshot) Verify(opts ...Option) error {
	cfg := config{timeout: DefaultTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	if dt, ok := http.DefaultTransport.(idleCloser); ok {
		cfg.closers = append(cfg.closers, dt)
	}
	self := currentID()
	deadline := time.Now().Add(cfg.timeout)
	wait := time.Millisecond
	for {
		for _, c := range cfg.closers {
			c.CloseIdleConnections()
		}
		leaks := s.newGoroutines(self, &cfg)
		if len(leaks) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			var b strings.Builder
			fmt.Fprintf(&b, "leakcheck: %d goroutine(s) still running %v after the test:\n", len(leaks), cfg.timeout)
			for _, g := range leaks {
				b.WriteString("\n")
				b.WriteString(g.Stack)
				b.WriteString("\n")
			}
			return fmt.Errorf("%s", b.String())
		}
		time.Sleep(wait)
		wait = min(2*wait, 100*time.Millisecond)
	}
}

func (s Snapshot) newGoroutines(self uint64, cfg *config) []Goroutine {
	var out []Goroutine
	for _, g := range Goroutines() {
		if g.ID == self || s.ids[g.ID] || ignored(g, cfg) {
			continue
		}
		out = append(out, g)
	}
	return out
}

func ignored(g Goroutine, cfg *config) bool {
	if slices.Contains(knownTop, g.Top) || slices.Contains(cfg.ignoreTop, g.Top) {
		return true
	}
	for _, fn := range append(knownAny[:len(knownAny):len(knownAny)], cfg.ignoreAny...) {
		if strings.Contains(g.Stack, "\n"+fn+"(") {
			return true
		}
	}
	return false
}

// TB is the part of testing.TB that Check needs.
type TB interface {
	Helper()
	Cleanup(func())
	Errorf(format string, args ...any)
}

// Check takes a snapshot now and registers a cleanup that reports, as a test
// error, the goroutines started since that are still running. Call it first
// in the test, so that its cleanup runs after the others (servers closed,
// clients' idle connections closed).
func Check(tb TB, opts ...Option) {
	tb.Helper()
	snap := Take()
	tb.Cleanup(func() {
		if err := snap.Verify(opts...); err != nil {
			tb.Errorf("%v", err)
		}
	})
}

// Goroutines returns every goroutine of the program, from runtime.Stack.
func Goroutines() []Goroutine {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return Parse(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

// Parse reads a stack dump in the format of runtime.Stack(buf, true).
// Blocks that do not start with a goroutine header are skipped.
func Parse(dump []byte) []Goroutine {
	var out []Goroutine
	for _, block := range bytes.Split(dump, []byte("\n\n")) {
		block = bytes.TrimSpace(block)
		header, rest, _ := bytes.Cut(block, []byte("\n"))
		id, state, ok := parseHeader(string(header))
		if !ok {
			continue
		}
		top, _, _ := bytes.Cut(rest, []byte("\n"))
		out = append(out, Goroutine{ID: id, State: state, Top: funcName(string(top)), Stack: string(block)})
	}
	return out
}

// parseHeader reads "goroutine 12 [chan receive, 3 minutes]:".
func parseHeader(h string) (id uint64, state string, ok bool) {
	rest, found := strings.CutPrefix(h, "goroutine ")
	if !found {
		return 0, "", false
	}
	num, rest, _ := strings.Cut(rest, " ")
	id, err := strconv.ParseUint(num, 10, 64)
	if err != nil {
		return 0, "", false
	}
	if i := strings.IndexByte(rest, '['); i >= 0 {
		if j := strings.LastIndexByte(rest, ']'); j > i {
			state = rest[i+1 : j]
		}
	}
	return id, state, true
}

// funcName strips the argument list from a frame line:
// "net/http.(*persistConn).readLoop(0xc000123)" -> "net/http.(*persistConn).readLoop".
func funcName(line string) string {
	line = strings.TrimSpace(line)
	if i := strings.LastIndexByte(line, '('); i > 0 && strings.HasSuffix(line, ")") {
		return line[:i]
	}
	return line
}

// currentID is the ID of the calling goroutine.
func currentID() uint64 {
	buf := make([]byte, 64)
	n := runtime.Stack(buf, false)
	id, _, _ := parseHeader(string(bytes.SplitN(buf[:n], []byte("\n"), 2)[0]))
	return id
}
