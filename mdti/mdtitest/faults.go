package mdtitest

import (
	"strconv"
	"strings"
	"time"

	"github.com/ptstix/passivetotal/internal/fakeserver"
)

// FaultKind names one way the simulator misbehaves. The kinds are those of
// the PassiveTotal simulator, plus the ones only Graph has (an expired
// token, a bad @odata.nextLink, a body that is not Graph's shape).
type FaultKind int

// Fault kinds. "Real answer" means what the simulator would have sent
// without the fault.
const (
	FaultNone FaultKind = iota
	// FaultLatency waits Delay, then sends the real answer.
	FaultLatency
	// FaultStatus answers Status (default 503) with Graph's error body and,
	// when RetryAfter is set, a Retry-After header.
	FaultStatus
	// FaultThrottle answers 429 TooManyRequests, with Retry-After when
	// RetryAfter is set.
	FaultThrottle
	// FaultReset sends the real answer's headers (with its full
	// Content-Length) and half its body, then resets the connection.
	FaultReset
	// FaultTruncate sends the real answer cut after half its bytes, with a
	// matching Content-Length: only the JSON is broken.
	FaultTruncate
	// FaultHTML answers Status (default 502) with a gateway's HTML page.
	FaultHTML
	// FaultErrorObject answers 200 with Graph's error object.
	FaultErrorObject
	// FaultSlowHeaders sends nothing for Delay, then the real answer.
	FaultSlowHeaders
	// FaultHuge answers 200 with a valid collection of at least Size bytes
	// (default 10 MiB), without a Content-Length.
	FaultHuge
	// FaultRedirect answers 307 with Location set to Location plus the
	// request's path and query.
	FaultRedirect
	// FaultExpireToken revokes every token issued so far, then answers as
	// a real server would: 401 InvalidAuthenticationToken.
	FaultExpireToken
	// FaultBadNextLink sends the real page with @odata.nextLink replaced by
	// Location (default: the same path on another host).
	FaultBadNextLink
	// FaultNotGraph answers 200 with JSON that is not Graph's shape.
	FaultNotGraph
)

var faultNames = [...]string{"none", "latency", "status", "throttle", "reset", "truncate", "html",
	"error-object", "slow-headers", "huge", "redirect", "expire-token", "bad-next-link", "not-graph"}

// String returns a short name such as "throttle".
func (k FaultKind) String() string {
	if k >= 0 && int(k) < len(faultNames) {
		return faultNames[k]
	}
	return "fault(" + strconv.Itoa(int(k)) + ")"
}

// Fault is one injected misbehaviour. Endpoint limits it to requests whose
// path (after the API base, e.g. "/articles" or "/hosts/contoso.com/
// passiveDns") starts with it, or to the token endpoint with "/token";
// empty matches every Graph request (never the token endpoint). Every N
// applies it to every N-th matching request (1 or 0: each); Times, when
// set, stops it after that many applications.
type Fault struct {
	Kind       FaultKind
	Endpoint   string
	Every      int
	Times      int
	Status     int
	RetryAfter string // Retry-After header text, e.g. "1" or an HTTP date
	Delay      time.Duration
	Size       int64
	Location   string
}

// faultState counts one fault's matches and uses.
type faultState struct {
	Fault
	sched fakeserver.Schedule
}

func newFaultState(f Fault) *faultState {
	return &faultState{Fault: f, sched: fakeserver.Schedule{Every: f.Every, Times: f.Times}}
}

// due reports whether the fault is due for a request to endpoint.
func (f *faultState) due(endpoint string) bool {
	if f.Endpoint == "/token" {
		if endpoint != "/token" {
			return false
		}
	} else if endpoint == "/token" || !strings.HasPrefix(endpoint, f.Endpoint) {
		return false
	}
	return f.sched.Due()
}

// passesThrough reports whether the request still gets the real answer,
// delayed or damaged.
func (k FaultKind) passesThrough() bool {
	switch k {
	case FaultLatency, FaultSlowHeaders, FaultReset, FaultTruncate, FaultBadNextLink:
		return true
	}
	return false
}
