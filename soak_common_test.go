package passivetotal_test

import (
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	pt "github.com/ptstix/passivetotal"
	"go.uber.org/goleak"
)

// What the two soak tests (TestSoak for PassiveTotal, TestSoakGraph for
// Graph) share: the client's settings, judging and tallying the calls,
// checking that every typed error is explained by a served fault, the rate
// and goroutine-leak checks, and the summary line. Fault latencies are
// milliseconds so that each full run stays well under a minute on 2 cores
// with -race.
const (
	soakWorkers     = 8
	soakRate        = 2000 // requests per second, client side
	soakBurst       = 50
	soakMaxBody     = 256 << 10
	soakAttemptTime = 250 * time.Millisecond
	// soakArrivalSlack allows for the difference between the limiter's
	// schedule and the arrivals the server logs: on a loaded 2-core machine
	// under -race a goroutine whose token came due can run 10-20 ms late
	// while the next ones run on time, which squeezes a window. So a window
	// of length w may hold burst + rate*(w + slack) requests. A limiter that
	// retries bypassed would still break this by far (see
	// TestFaultRateLimitWithRetries).
	soakArrivalSlack = 25 * time.Millisecond
)

// soakRetry keeps every retry but makes the waits short.
var soakRetry = pt.RetryPolicy{MaxRetries: 4, MinWait: time.Millisecond, MaxWait: 8 * time.Millisecond, MaxRetryAfter: 5 * time.Millisecond}

// soakResult is the outcome of one call.
type soakResult struct {
	kind  string
	err   error
	class string // the typed error's class; "" for correct data
	bad   string // why the call was mishandled; "" if it was not
}

// soakTally counts the results: every call must end with the right data or
// a typed error.
type soakTally struct {
	classes                    map[string]int
	correct, typed, mishandled int
	errText                    string // every error's texts, for the secrets check
}

func tallySoak(t *testing.T, results []soakResult, calls int) soakTally {
	t.Helper()
	s := soakTally{classes: map[string]int{}}
	var errText strings.Builder
	for _, r := range results {
		errText.WriteString(errTexts(r.err))
		switch {
		case r.bad != "":
			s.mishandled++
			if s.mishandled <= 10 {
				t.Errorf("mishandled %s call: %s", r.kind, r.bad)
			}
		case r.class == "":
			s.correct++
		default:
			s.typed++
			s.classes[r.class]++
		}
	}
	if len(results) != calls {
		t.Errorf("%d results for %d calls", len(results), calls)
	}
	s.errText = errText.String()
	return s
}

// checkExplained fails for every class of typed error seen more often than
// the faults served can explain; a class missing from explain cannot occur.
func checkExplained(t *testing.T, classes, explain map[string]int) {
	t.Helper()
	names := make([]string, 0, len(classes))
	for class := range classes {
		names = append(names, class)
	}
	sort.Strings(names)
	for _, class := range names {
		if n := classes[class]; n > explain[class] {
			t.Errorf("%d %s errors, but the faults served explain at most %d", n, class, explain[class])
		}
	}
}

type idleCloser interface{ CloseIdleConnections() }

// soakLeaks closes the clients' idle connections and the servers, then
// checks that no goroutine started since before is left; it returns "0" or
// "some" for the summary.
func soakLeaks(t *testing.T, before goleak.Option, clients []idleCloser, servers ...interface{ Close() }) string {
	t.Helper()
	for _, c := range clients {
		c.CloseIdleConnections()
	}
	for _, s := range servers {
		s.Close()
	}
	// Idle keep-alive connections hold a read and a write goroutine each:
	// close them, then give ending goroutines up to about 5 s to go.
	for _, cl := range append(clients, http.DefaultTransport.(*http.Transport)) {
		cl.CloseIdleConnections()
	}
	err := goleak.Find(before) // retries for about half a second
	for deadline := time.Now().Add(5 * time.Second); err != nil && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
		err = goleak.Find(before)
	}
	if err != nil {
		t.Error(err)
		return "some"
	}
	return "0"
}

// kindCounts lists "kind=n" for the fault kinds first..last.
func kindCounts[K interface {
	~int
	fmt.Stringer
}](faults map[K]int, first, last K) []string {
	var out []string
	for k := first; k <= last; k++ {
		out = append(out, fmt.Sprintf("%v=%d", k, faults[k]))
	}
	return out
}

// classCounts lists "class=n", sorted.
func classCounts(classes map[string]int) string {
	var cls []string
	for k, n := range classes {
		cls = append(cls, fmt.Sprintf("%s=%d", k, n))
	}
	sort.Strings(cls)
	return strings.Join(cls, " ")
}

// writeSoakSummary logs the summary line and appends it to the file named by
// PTSTIX_SOAK_SUMMARY, so that .ci/run can print it: go test shows a passing
// test's log only with -v, and the README's test command has no -v.
func writeSoakSummary(t *testing.T, line string) {
	t.Helper()
	t.Log(line)
	path := os.Getenv("PTSTIX_SOAK_SUMMARY")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatalf("soak summary: %v", err)
	}
	defer f.Close()
	if _, err := fmt.Fprintln(f, line); err != nil {
		t.Fatalf("soak summary: %v", err)
	}
}

// checkRate asserts that any window [t_i, t_j] of the sorted arrival times
// holds at most burst + r*(t_j - t_i + slack) requests. It returns the
// tightest window seen (requests over their limit) and describes it.
func checkRate(t *testing.T, times []time.Time, r float64, burst int, slack time.Duration) (float64, string) {
	t.Helper()
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	worstRatio, worst := 0.0, ""
	for i := range times {
		for j := i + 1; j < len(times); j++ {
			w := times[j].Sub(times[i])
			n := j - i + 1
			limit := float64(burst) + r*(w+slack).Seconds()
			if ratio := float64(n) / limit; ratio > worstRatio {
				worstRatio, worst = ratio, fmt.Sprintf("%d_in_%v(limit_%.0f)", n, w.Round(10*time.Microsecond), limit)
			}
			if float64(n) > limit {
				t.Errorf("rate limit exceeded: %d requests in %v (limit %d + %.0f/s)", n, w, burst, r)
				return worstRatio, worst
			}
			if w > 2*time.Second {
				break // the limit only grows from here
			}
		}
	}
	return worstRatio, worst
}
