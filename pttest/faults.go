package pttest

import (
	"strconv"
	"strings"
	"time"

	"github.com/ptstix/passivetotal/internal/fakeserver"
)

// FaultKind names one way the server misbehaves.
type FaultKind int

// Fault kinds. "Real answer" below means what the server would have sent
// without the fault, including its own errors (401, 400, quota refusal).
const (
	// FaultNone is the zero value: no fault.
	FaultNone FaultKind = iota
	// FaultLatency waits Delay, then sends the real answer.
	FaultLatency
	// FaultStatus answers Status (default 503) with Body, or with the JSON
	// error body for that status. Bursts: Times; schedules: Every.
	FaultStatus
	// FaultThrottle answers 429 with a throttling error (not the quota
	// message) and, when RetryAfter is not empty, a Retry-After header with
	// exactly that text: see RetryAfterSeconds, RetryAfterDate and
	// RetryAfterAbsurd.
	FaultThrottle
	// FaultQuota answers with the real quota-exhausted refusal whatever the
	// counters say (for a quota that really runs out, use SetQuota).
	FaultQuota
	// FaultReset sends the real answer's headers (with its full
	// Content-Length) and the first half of its body, then resets the TCP
	// connection (SO_LINGER 0). In memory, the pipe is closed instead.
	FaultReset
	// FaultTruncate sends the real answer's status with the body cut after
	// half of its bytes (at most Size bytes when Size > 0); Content-Length
	// matches the cut, so only the JSON is broken.
	FaultTruncate
	// FaultHTML answers Status (default 502) with an nginx HTML error page,
	// or Body, as text/html. Use Status 200 for the "HTML with 200" case.
	FaultHTML
	// FaultErrorObject answers 200 with a legacy error object
	// {"error":{"http_code":500,...}}, or Body.
	FaultErrorObject
	// FaultSlowHeaders sends nothing for Delay (set it beyond the client's
	// per-attempt timeout), then the real answer.
	FaultSlowHeaders
	// FaultTrickle sends the real answer's headers at once, then its body
	// in Chunk-byte pieces (default 16) with Delay (default 10ms) between
	// them.
	FaultTrickle
	// FaultHuge answers 200 with a valid passive DNS body of at least Size
	// bytes (default 10 MiB), chunked, without a Content-Length, generated
	// on the fly.
	FaultHuge
	// FaultRedirect answers Status (default 307) with Location set to
	// Location + the request's path and query: point it at another
	// simulator's OtherHostURL to check that credentials do not follow.
	FaultRedirect
)

var faultNames = [...]string{"none", "latency", "status", "throttle", "quota", "reset", "truncate", "html", "error-object", "slow-headers", "trickle", "huge", "redirect"}

// String returns a short lower-case name, e.g. "throttle".
func (k FaultKind) String() string {
	if k >= 0 && int(k) < len(faultNames) {
		return faultNames[k]
	}
	return "fault(" + strconv.Itoa(int(k)) + ")"
}

// passesThrough reports that the request still reaches the API (auth,
// quota, data) and the fault only delays or damages the real answer.
// Faults that replace the answer spend no quota.
func (k FaultKind) passesThrough() bool {
	switch k {
	case FaultLatency, FaultSlowHeaders, FaultReset, FaultTruncate, FaultTrickle:
		return true
	}
	return false
}

// rewritesBody reports that the real answer is rendered first and then
// damaged.
func (k FaultKind) rewritesBody() bool {
	return k == FaultReset || k == FaultTruncate || k == FaultTrickle
}

// Fault is one injected misbehaviour and the requests it applies to.
//
// For each request the server walks the injected faults in order; each fault
// whose Endpoint matches counts the request, and the first one that is due
// (every Every-th request it counted) is applied and uses up one of its
// Times. A fault whose Times are used up is removed.
type Fault struct {
	// Kind selects the misbehaviour.
	Kind FaultKind
	// Status is the status code for FaultStatus, FaultHTML and
	// FaultRedirect.
	Status int
	// Delay is the wait of FaultLatency and FaultSlowHeaders, and the pause
	// between pieces of FaultTrickle.
	Delay time.Duration
	// RetryAfter is the exact Retry-After header text of FaultThrottle; empty
	// sends none.
	RetryAfter string
	// Body replaces the default body of FaultStatus, FaultHTML and
	// FaultErrorObject.
	Body string
	// Size is the body size of FaultHuge, or the cut point of FaultTruncate.
	Size int64
	// Chunk is the piece size of FaultTrickle.
	Chunk int
	// Location is the redirect target (scheme and host, no path) of
	// FaultRedirect.
	Location string
	// Endpoint limits the fault to requests whose path below the base path
	// starts with it, e.g. "/dns/passive"; empty matches every request.
	Endpoint string
	// Times is how many requests the fault applies to; 0 means no limit.
	Times int
	// Every applies the fault to every Every-th matching request only (the
	// Every-th, the 2*Every-th, ...); 0 or 1 means each one.
	Every int
}

// RetryAfterAbsurd is a Retry-After value no client should honour as is
// (more than 3000 years).
const RetryAfterAbsurd = "99999999999"

// RetryAfterSeconds formats a Retry-After header in delay-seconds form.
func RetryAfterSeconds(n int) string { return strconv.Itoa(n) }

// RetryAfterDate formats a Retry-After header in HTTP-date form.
func RetryAfterDate(t time.Time) string { return t.UTC().Format(timeFormatHTTP) }

const timeFormatHTTP = "Mon, 02 Jan 2006 15:04:05 GMT"

type faultState struct {
	f     Fault
	sched fakeserver.Schedule
}

// Inject adds faults after those already pending. It can be called at any
// time, also while requests are in flight.
func (s *Server) Inject(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range faults {
		s.faults = append(s.faults, &faultState{f: f, sched: fakeserver.Schedule{Every: f.Every, Times: f.Times}})
	}
}

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

// PendingFaults returns the faults not yet used up, with Times reduced by
// the applications so far.
func (s *Server) PendingFaults() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Fault, 0, len(s.faults))
	for _, fs := range s.faults {
		f := fs.f
		if f.Times > 0 {
			f.Times -= fs.sched.Used()
		}
		out = append(out, f)
	}
	return out
}

// takeFault picks the fault for a request to endpoint, if any.
func (s *Server) takeFault(endpoint string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, fs := range s.faults {
		if !strings.HasPrefix(endpoint, fs.f.Endpoint) {
			continue
		}
		if !fs.sched.Due() {
			continue
		}
		if fs.sched.Spent() {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		f := fs.f
		return &f
	}
	return nil
}
