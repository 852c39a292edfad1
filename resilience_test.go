package passivetotal_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"

	pt "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/pttest"
)

// The resilience tests drive the client against the simulator's fault
// injection (internal/pttest) and check, fault by fault, what the client
// returns: the right data after retries, or a typed error. Faults cost
// milliseconds: retry waits and Retry-After caps are a few ms, and the
// Retry-After timings themselves are checked on the fake clock of a
// testing/synctest bubble with the in-memory simulator.

// fastRetry keeps retries real but short.
var fastRetry = pt.RetryPolicy{
	MaxRetries:    4,
	MinWait:       time.Millisecond,
	MaxWait:       5 * time.Millisecond,
	MaxRetryAfter: 20 * time.Millisecond,
}

// secretTexts are the texts that must never appear in an error or a log
// record: the API key, the Basic credential and the whole header.
func secretTexts() []string {
	token := base64.StdEncoding.EncodeToString([]byte(pttest.DefaultUsername + ":" + pttest.DefaultAPIKey))
	return []string{pttest.DefaultAPIKey, token, "Basic " + token}
}

// logSink is a slog handler that keeps every record's text, for the
// secrets check. It is safe for concurrent use.
type logSink struct {
	mu sync.Mutex
	b  strings.Builder
	n  int
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return s.b.Write(p)
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *logSink) records() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func (s *logSink) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(s, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// leakedSecret returns the first secret found in text, "" when none is.
func leakedSecret(text string) string {
	for _, s := range secretTexts() {
		if strings.Contains(text, s) {
			return s
		}
	}
	return ""
}

// errTexts is everything an error prints, for the secrets check.
func errTexts(err error) string {
	if err == nil {
		return ""
	}
	texts := []string{err.Error(), fmt.Sprintf("%+v", err)}
	var er *pt.ErrorResponse
	if errors.As(err, &er) {
		texts = append(texts, er.Message, er.DeveloperMessage, string(er.Body), er.URL, fmt.Sprint(er.Header))
	}
	var de *pt.DecodeError
	if errors.As(err, &de) {
		texts = append(texts, de.Snippet, de.URL)
	}
	return strings.Join(texts, "\n")
}

// newSimClient returns a client of sim with small retry waits, no
// client-side rate limit (unless opts set one), and the given options last.
func newSimClient(t testing.TB, sim *pttest.Server, opts ...pt.Option) *pt.Client {
	t.Helper()
	base := []pt.Option{
		pt.WithBaseURL(sim.BaseURL()),
		pt.WithHTTPClient(sim.Client()),
		pt.WithRetryPolicy(fastRetry),
		pt.WithAttemptTimeout(5 * time.Second),
		pt.WithRateLimit(rate.Inf, 0),
	}
	c, err := pt.NewClient(pttest.DefaultUsername, pttest.DefaultAPIKey, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// timeEqual compares the lenient Time's embedded time.Time.
var timeEqual = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

// call is one client call; it returns the value it got.
type call func(ctx context.Context, c *pt.Client) (any, error)

func callDNS(query string) call {
	return func(ctx context.Context, c *pt.Client) (any, error) {
		v, _, err := c.PassiveDNS(ctx, query, nil)
		return v, err
	}
}

func callUnique(query string) call {
	return func(ctx context.Context, c *pt.Client) (any, error) {
		v, _, err := c.UniqueResolutions(ctx, query, nil)
		return v, err
	}
}

func callArticles(ctx context.Context, c *pt.Client) (any, error) {
	var out []pt.Article
	for a, err := range c.ListArticles(ctx, nil) {
		if err != nil {
			return out, err
		}
		out = append(out, a)
	}
	return out, nil
}

// callDoRaw is the generic escape hatch with an io.Writer: the raw body.
func callDoRaw(ctx context.Context, c *pt.Client) (any, error) {
	req, err := c.NewRequest(http.MethodGet, "articles/indicators", url.Values{"page": {"0"}}, nil)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	_, err = c.Do(ctx, req, &buf)
	return buf.Bytes(), err
}

// callDoDecode is the generic escape hatch decoding into a model.
func callDoDecode(ctx context.Context, c *pt.Client) (any, error) {
	req, err := c.NewRequest(http.MethodGet, "dns/passive/unique", url.Values{"query": {"example.com"}}, nil)
	if err != nil {
		return nil, err
	}
	v := new(pt.UniqueResolutions)
	_, err = c.Do(ctx, req, v)
	return v, err
}

// reference answers call against a fault-free simulator.
func reference(t testing.TB, fn call) any {
	t.Helper()
	ref := pttest.StartTB(t, pttest.Config{QuotaLimit: 1 << 30})
	v, err := fn(context.Background(), newSimClient(t, ref))
	if err != nil {
		t.Fatalf("reference call: %v", err)
	}
	return v
}

// outcome is what a fault case expects.
type outcome struct {
	data     bool                    // the reference data, no error
	is       []error                 // errors.Is must hold for each
	isNot    []error                 // and must not hold for these
	check    func(*testing.T, error) // further checks on the error
	requests int                     // requests the server saw, when > 0
	within   time.Duration           // the call ends within this, when > 0
}

// isConnReset reports a connection cut by the server: reset, or closed
// before the promised Content-Length.
func isConnReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF)
}

func TestFaultCoverage(t *testing.T) {
	t.Parallel()
	// Generous enough that a normal attempt never times out on a loaded
	// machine under -race; the slow faults are far beyond it.
	slowTimeout := pt.WithAttemptTimeout(250 * time.Millisecond)
	decodeKind := func(kind pt.DecodeErrorKind) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			var de *pt.DecodeError
			if !errors.As(err, &de) || de.Kind != kind {
				t.Errorf("want a *DecodeError of kind %q, got %T %v", kind, err, err)
			}
		}
	}
	apiStatus := func(status, attempts int, msg string) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			var er *pt.ErrorResponse
			if !errors.As(err, &er) {
				t.Fatalf("want an *ErrorResponse, got %T %v", err, err)
			}
			if er.StatusCode != status || (attempts > 0 && er.Attempts != attempts) || !strings.Contains(er.Message, msg) {
				t.Errorf("got status %d after %d attempts, message %q; want %d after %d, message containing %q",
					er.StatusCode, er.Attempts, er.Message, status, attempts, msg)
			}
		}
	}
	tests := []struct {
		name   string
		faults []pttest.Fault
		opts   []pt.Option
		call   call
		want   outcome
	}{
		{name: "429 without Retry-After, twice", faults: []pttest.Fault{{Kind: pttest.FaultThrottle, Times: 2}},
			want: outcome{data: true, requests: 3}},
		{name: "429 Retry-After seconds (30 s) capped", faults: []pttest.Fault{{Kind: pttest.FaultThrottle, RetryAfter: pttest.RetryAfterSeconds(30), Times: 1}},
			want: outcome{data: true, requests: 2, within: 2 * time.Second}},
		{name: "429 Retry-After HTTP date capped", faults: []pttest.Fault{{Kind: pttest.FaultThrottle, RetryAfter: pttest.RetryAfterDate(time.Now().Add(time.Hour)), Times: 1}},
			want: outcome{data: true, requests: 2, within: 2 * time.Second}},
		{name: "429 Retry-After absurd capped", faults: []pttest.Fault{{Kind: pttest.FaultThrottle, RetryAfter: pttest.RetryAfterAbsurd, Times: 2}},
			want: outcome{data: true, requests: 3, within: 2 * time.Second}},
		{name: "429 Retry-After garbage ignored", faults: []pttest.Fault{{Kind: pttest.FaultThrottle, RetryAfter: "soon", Times: 1}},
			want: outcome{data: true, requests: 2}},
		{name: "429 on every attempt", faults: []pttest.Fault{{Kind: pttest.FaultThrottle, RetryAfter: "1"}},
			want: outcome{is: []error{pt.ErrThrottled}, isNot: []error{pt.ErrQuotaExceeded}, requests: 5,
				check: apiStatus(429, 5, "Too many requests")}},
		{name: "burst 500 502 503 504", faults: []pttest.Fault{
			{Kind: pttest.FaultStatus, Status: 500, Times: 1}, {Kind: pttest.FaultStatus, Status: 502, Times: 1},
			{Kind: pttest.FaultStatus, Status: 503, Times: 1}, {Kind: pttest.FaultStatus, Status: 504, Times: 1}},
			want: outcome{data: true, requests: 5}},
		{name: "503 outage longer than the retries", faults: []pttest.Fault{{Kind: pttest.FaultStatus, Status: 503}},
			want: outcome{check: apiStatus(503, 5, "Service Unavailable"), isNot: []error{pt.ErrThrottled, pt.ErrNotFound}, requests: 5}},
		{name: "connection reset mid-body, once", faults: []pttest.Fault{{Kind: pttest.FaultReset, Times: 1}},
			want: outcome{data: true, requests: 2}},
		{name: "connection reset mid-body, every time", faults: []pttest.Fault{{Kind: pttest.FaultReset}},
			want: outcome{requests: 5, check: func(t *testing.T, err error) {
				// Retried like any connection error, then reported as one.
				if !isConnReset(err) || !strings.Contains(err.Error(), "after 5 attempts") {
					t.Errorf("want a connection reset after 5 attempts, got %T %v", err, err)
				}
			}}},
		{name: "truncated JSON", faults: []pttest.Fault{{Kind: pttest.FaultTruncate, Times: 1}},
			want: outcome{check: decodeKind(pt.DecodeTruncated), requests: 1}},
		{name: "HTML error page with 200", faults: []pttest.Fault{{Kind: pttest.FaultHTML, Status: 200, Times: 1}},
			want: outcome{check: decodeKind(pt.DecodeNotJSON), requests: 1}},
		{name: "HTML 502 page, twice", faults: []pttest.Fault{{Kind: pttest.FaultHTML, Times: 2}},
			want: outcome{data: true, requests: 3}},
		{name: "HTML 502 page on every attempt", faults: []pttest.Fault{{Kind: pttest.FaultHTML}},
			want: outcome{check: apiStatus(502, 5, "502 Bad Gateway"), requests: 5}},
		{name: "200 carrying an error object", faults: []pttest.Fault{{Kind: pttest.FaultErrorObject, Times: 1}},
			want: outcome{check: apiStatus(200, 1, "An unexpected error occurred"), requests: 1}},
		{name: "200 carrying a quota error object", faults: []pttest.Fault{{Kind: pttest.FaultErrorObject, Times: 1,
			Body: `{"error":{"http_code":429,"message":"Quota has been exceeded!"}}`}},
			want: outcome{is: []error{pt.ErrQuotaExceeded}, isNot: []error{pt.ErrThrottled}, requests: 1}},
		{name: "headers after the attempt timeout, once", opts: []pt.Option{slowTimeout},
			faults: []pttest.Fault{{Kind: pttest.FaultSlowHeaders, Delay: 3 * time.Second, Times: 1}},
			want:   outcome{data: true, requests: 2, within: 2 * time.Second}},
		{name: "headers after the attempt timeout, every time", opts: []pt.Option{slowTimeout},
			faults: []pttest.Fault{{Kind: pttest.FaultSlowHeaders, Delay: 3 * time.Second}},
			want:   outcome{is: []error{context.DeadlineExceeded}, requests: 5, within: 2500 * time.Millisecond}},
		{name: "trickling body within the attempt timeout", faults: []pttest.Fault{{Kind: pttest.FaultTrickle, Chunk: 512, Delay: time.Millisecond, Times: 1}},
			want: outcome{data: true, requests: 1}},
		{name: "trickling body past the attempt timeout, once", opts: []pt.Option{slowTimeout},
			faults: []pttest.Fault{{Kind: pttest.FaultTrickle, Chunk: 16, Delay: 10 * time.Millisecond, Times: 1}},
			want:   outcome{data: true, requests: 2}},
		{name: "body ten times the size limit", opts: []pt.Option{pt.WithMaxResponseSize(64 << 10)},
			faults: []pttest.Fault{{Kind: pttest.FaultHuge, Size: 640 << 10, Times: 1}},
			want:   outcome{is: []error{pt.ErrResponseTooLarge}, check: decodeKind(pt.DecodeTooLarge), requests: 1}},
		{name: "quota refusal (429 with the quota message)", faults: []pttest.Fault{{Kind: pttest.FaultQuota, Times: 1}},
			want: outcome{is: []error{pt.ErrQuotaExceeded}, isNot: []error{pt.ErrThrottled}, requests: 1}},
		{name: "latency", faults: []pttest.Fault{{Kind: pttest.FaultLatency, Delay: 20 * time.Millisecond, Times: 1}},
			want: outcome{data: true, requests: 1}},
		{name: "articles: 503 on page 2 then data", call: callArticles,
			faults: []pttest.Fault{{Kind: pttest.FaultStatus, Endpoint: "/articles", Every: 2, Times: 1}},
			want:   outcome{data: true, requests: 4}},
		{name: "articles: truncated page 2 ends the iterator with an error", call: callArticles,
			faults: []pttest.Fault{{Kind: pttest.FaultTruncate, Endpoint: "/articles", Every: 2, Times: 1}},
			want:   outcome{check: decodeKind(pt.DecodeTruncated), requests: 2}},
		{name: "Do into a writer: 503 twice then the raw body", call: callDoRaw,
			faults: []pttest.Fault{{Kind: pttest.FaultStatus, Times: 2}},
			want:   outcome{data: true, requests: 3}},
		{name: "Do into a writer: HTML with 200", call: callDoRaw,
			faults: []pttest.Fault{{Kind: pttest.FaultHTML, Status: 200, Times: 1}},
			want:   outcome{check: decodeKind(pt.DecodeNotJSON), requests: 1}},
		{name: "Do into a writer: truncated JSON", call: callDoRaw,
			faults: []pttest.Fault{{Kind: pttest.FaultTruncate, Times: 1}},
			want:   outcome{check: decodeKind(pt.DecodeTruncated), requests: 1}},
		{name: "Do into a writer: 200 error object", call: callDoRaw,
			faults: []pttest.Fault{{Kind: pttest.FaultErrorObject, Times: 1}},
			want:   outcome{check: apiStatus(200, 1, "An unexpected error occurred"), requests: 1}},
		{name: "Do decoding: throttled with an absurd Retry-After, then data", call: callDoDecode,
			faults: []pttest.Fault{{Kind: pttest.FaultThrottle, RetryAfter: pttest.RetryAfterAbsurd, Times: 1}},
			want:   outcome{data: true, requests: 2, within: 2 * time.Second}},
		{name: "Do decoding: body ten times the size limit", call: callDoDecode, opts: []pt.Option{pt.WithMaxResponseSize(32 << 10)},
			faults: []pttest.Fault{{Kind: pttest.FaultHuge, Size: 320 << 10, Times: 1}},
			want:   outcome{is: []error{pt.ErrResponseTooLarge}, requests: 1}},
		{name: "unique: reset once then data", call: callUnique("203.0.113.7"),
			faults: []pttest.Fault{{Kind: pttest.FaultReset, Times: 1}},
			want:   outcome{data: true, requests: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fn := tt.call
			if fn == nil {
				fn = callDNS("example.com")
			}
			var want any
			if tt.want.data {
				want = reference(t, fn)
			}
			sim := pttest.StartTB(t, pttest.Config{})
			sim.Inject(tt.faults...)
			var logs logSink
			c := newSimClient(t, sim, append([]pt.Option{pt.WithLogger(logs.logger())}, tt.opts...)...)

			start := time.Now()
			got, err := fn(context.Background(), c)
			took := time.Since(start)

			switch {
			case tt.want.data && err != nil:
				t.Errorf("want the data, got error %T: %v", err, err)
			case tt.want.data:
				if diff := cmp.Diff(want, got, timeEqual); diff != "" {
					t.Errorf("data differs from the fault-free answer (-want +got):\n%s", diff)
				}
			case err == nil:
				t.Errorf("want an error, got none (value %T)", got)
			}
			for _, target := range tt.want.is {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(err, %v) = false for %T: %v", target, err, err)
				}
			}
			for _, target := range tt.want.isNot {
				if errors.Is(err, target) {
					t.Errorf("errors.Is(err, %v) = true for %T: %v", target, err, err)
				}
			}
			if tt.want.check != nil && err != nil {
				tt.want.check(t, err)
			}
			if n := sim.RequestCount(""); tt.want.requests > 0 && n != tt.want.requests {
				t.Errorf("the server saw %d requests, want %d", n, tt.want.requests)
			}
			if tt.want.within > 0 && took > tt.want.within {
				t.Errorf("the call took %v, want at most %v", took, tt.want.within)
			}
			if s := leakedSecret(errTexts(err) + logs.String()); s != "" {
				t.Errorf("a secret (%.12s...) appears in the error or the logs", s)
			}
			if logs.records() == 0 {
				t.Error("no log record at Debug level: the secrets check saw nothing")
			}
			t.Logf("%s: %d requests in %v: err=%v", tt.name, sim.RequestCount(""), took.Round(time.Millisecond), err)
		})
	}
}

// The redirect goes to another host name: the client refuses to follow it,
// so the other host sees nothing, neither the credentials nor the query.
func TestFaultRedirectToAnotherHostRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		target func(t *testing.T, sim *pttest.Server) (*pttest.Server, string)
		status int
	}{
		{"same server under another host name", func(_ *testing.T, sim *pttest.Server) (*pttest.Server, string) {
			return sim, sim.OtherHostURL()
		}, 307},
		{"another server, 302", func(t *testing.T, _ *pttest.Server) (*pttest.Server, string) {
			other := pttest.StartTB(t, pttest.Config{})
			return other, other.OtherHostURL()
		}, 302},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sim := pttest.StartTB(t, pttest.Config{})
			other, loc := tt.target(t, sim)
			sim.Inject(pttest.Fault{Kind: pttest.FaultRedirect, Status: tt.status, Location: loc, Times: 1})
			var logs logSink
			c := newSimClient(t, sim, pt.WithLogger(logs.logger()))
			_, _, err := c.PassiveDNS(context.Background(), "example.com", nil)
			if !errors.Is(err, pt.ErrRedirectRefused) {
				t.Errorf("want ErrRedirectRefused, got %T %v", err, err)
			}
			for _, r := range other.Requests() {
				if r.Fault == pttest.FaultNone {
					t.Errorf("the other host received a request: %+v", r)
				}
			}
			if n := len(sim.Requests()); other != sim && n != 1 {
				t.Errorf("the first host saw %d requests, want 1 (a refused redirect is not retried)", n)
			}
			if first := sim.Requests()[0]; !first.Authorization || !first.AuthOK {
				t.Errorf("the first request carried no or wrong credentials: %+v", first)
			}
			if s := leakedSecret(errTexts(err) + logs.String()); s != "" {
				t.Errorf("a secret (%.12s...) appears in the error or the logs", s)
			}
		})
	}
}

// Quota running out in the middle of a run: the refusal is final (one
// request, no retry), typed, and carries the reset time; with the guard the
// refused search is not even sent.
func TestFaultQuotaRunsOut(t *testing.T) {
	t.Parallel()
	// The simulator's quota clock is the wall clock here, so that its
	// next_reset is ahead of the client's clock: the client ignores a reset
	// time that has already passed.
	now := time.Now().UTC()
	nextReset := time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		cfg         pttest.Config
		guard       bool
		wantSent    int // passive DNS requests the server saw for 3 calls
		wantScope   string
		wantNotPerm bool
	}{
		{"429 quota refusal", pttest.Config{}, false, 3, "", false},
		{"legacy 403 Daily Query Limit Reached", pttest.Config{QuotaStatus: 403}, false, 3, "", false},
		{"organization runs out first", pttest.Config{OrgQuotaLimit: 50, OrgQuotaUsed: 48}, false, 3, "", false},
		{"quota guard refuses unsent", pttest.Config{}, true, 2, "user", false},
		{"quota guard, organization binding", pttest.Config{OrgQuotaLimit: 50, OrgQuotaUsed: 48}, true, 2, "organization", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := tt.cfg
			cfg.Now = time.Now
			sim := pttest.StartTB(t, cfg)
			if cfg.OrgQuotaLimit == 0 {
				sim.SetQuota(998, 1000) // two searches left
			}
			var opts []pt.Option
			if tt.guard {
				opts = append(opts, pt.WithQuotaGuard(time.Hour))
			}
			c := newSimClient(t, sim, opts...)
			// Learn the reset time first, as a long-running importer would.
			if _, _, err := c.Quota(context.Background()); err != nil {
				t.Fatal(err)
			}
			var errs []error
			for range 3 {
				_, _, err := c.PassiveDNS(context.Background(), "example.org", nil)
				errs = append(errs, err)
			}
			if errs[0] != nil || errs[1] != nil {
				t.Fatalf("the first two searches fit in the quota: %v", errs[:2])
			}
			err := errs[2]
			if !errors.Is(err, pt.ErrQuotaExceeded) || errors.Is(err, pt.ErrThrottled) || errors.Is(err, pt.ErrNotPermitted) {
				t.Fatalf("want only ErrQuotaExceeded, got %T %v", err, err)
			}
			var qe *pt.QuotaExceededError
			if !errors.As(err, &qe) {
				t.Fatalf("want a *QuotaExceededError, got %T", err)
			}
			if !qe.NextReset.Equal(nextReset) {
				t.Errorf("NextReset = %v, want %v", qe.NextReset, nextReset)
			}
			if tt.guard != (qe.Response == nil) {
				t.Errorf("guard %v, but Response = %v", tt.guard, qe.Response)
			}
			if tt.wantScope != "" && qe.Scope != tt.wantScope {
				t.Errorf("Scope = %q, want %q", qe.Scope, tt.wantScope)
			}
			if n := sim.RequestCount("/dns/passive"); n != tt.wantSent {
				t.Errorf("the server saw %d passive DNS requests, want %d (no retry of a quota refusal)", n, tt.wantSent)
			}
		})
	}
}

// Cancelling the context, or reaching its deadline, ends a call wherever it
// is: waiting for headers, reading a trickling body, sleeping before a
// retry, waiting for the rate limiter. Each fault would hold the call for
// seconds (5 s headers, a 10 s backoff, a 30 s Retry-After, a 100 s limiter
// token), so a call that returns within cancelLateBound of its context
// honoured it; the bound is that hang guard, not a speed figure (a loaded
// 2-core machine under -race can delay a prompt return past 100 ms).
func TestFaultCancellation(t *testing.T) {
	const cancelLateBound = time.Second
	t.Parallel()
	tests := []struct {
		name     string
		fault    pttest.Fault
		opts     []pt.Option
		deadline bool // use a context deadline instead of cancel
	}{
		{"waiting for headers", pttest.Fault{Kind: pttest.FaultSlowHeaders, Delay: 5 * time.Second}, nil, false},
		{"reading a trickling body", pttest.Fault{Kind: pttest.FaultTrickle, Chunk: 8, Delay: 20 * time.Millisecond}, nil, false},
		{"sleeping for Retry-After", pttest.Fault{Kind: pttest.FaultThrottle, RetryAfter: "30"},
			[]pt.Option{pt.WithRetryPolicy(pt.RetryPolicy{MaxRetries: 4, MinWait: time.Millisecond, MaxWait: time.Second, MaxRetryAfter: time.Minute})}, false},
		{"sleeping in backoff", pttest.Fault{Kind: pttest.FaultStatus, Status: 503},
			[]pt.Option{pt.WithRetryPolicy(pt.RetryPolicy{MaxRetries: 4, MinWait: 10 * time.Second, MaxWait: 10 * time.Second, MaxRetryAfter: time.Minute})}, false},
		{"waiting for the rate limiter", pttest.Fault{}, []pt.Option{pt.WithRateLimit(0.01, 1)}, false},
		{"deadline while waiting for headers", pttest.Fault{Kind: pttest.FaultSlowHeaders, Delay: 5 * time.Second}, nil, true},
		{"deadline while reading a trickling body", pttest.Fault{Kind: pttest.FaultTrickle, Chunk: 8, Delay: 20 * time.Millisecond}, nil, true},
		{"deadline before the limiter's next token", pttest.Fault{}, []pt.Option{pt.WithRateLimit(0.01, 1)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sim := pttest.StartTB(t, pttest.Config{})
			if tt.fault.Kind != pttest.FaultNone {
				sim.Inject(tt.fault)
			}
			c := newSimClient(t, sim, tt.opts...)
			if tt.fault.Kind == pttest.FaultNone {
				// Spend the limiter's only token.
				if _, _, err := c.Quota(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			const after = 150 * time.Millisecond
			var (
				ctx    context.Context
				cancel context.CancelFunc
			)
			if tt.deadline {
				ctx, cancel = context.WithTimeout(context.Background(), after)
			} else {
				ctx, cancel = context.WithCancel(context.Background())
				time.AfterFunc(after, cancel)
			}
			defer cancel()
			start := time.Now()
			_, _, err := c.PassiveDNS(ctx, "example.com", nil)
			late := time.Since(start) - after
			want := context.Canceled
			if tt.deadline {
				want = context.DeadlineExceeded
			}
			if !errors.Is(err, want) {
				t.Errorf("want an error matching %v, got %T %v", want, err, err)
			}
			if late > cancelLateBound {
				t.Errorf("the call ended %v after the context did, want at most %v", late, cancelLateBound)
			}
			if s := leakedSecret(errTexts(err)); s != "" {
				t.Errorf("a secret appears in the error")
			}
		})
	}
}

// Retry-After is honoured exactly (seconds, HTTP date) and capped (absurd
// values, dates far ahead), measured on the fake clock of a synctest
// bubble between the arrivals the in-memory simulator logged.
func TestFaultRetryAfterTimings(t *testing.T) {
	t.Parallel()
	policy := pt.RetryPolicy{MaxRetries: 2, MinWait: 100 * time.Millisecond, MaxWait: 400 * time.Millisecond, MaxRetryAfter: 10 * time.Second}
	tests := []struct {
		name       string
		retryAfter func(now time.Time) string
		wantGap    func(gap time.Duration) bool
		desc       string
	}{
		{"seconds", func(time.Time) string { return "3" }, func(g time.Duration) bool { return g == 3*time.Second }, "exactly 3s"},
		{"zero seconds", func(time.Time) string { return "0" }, func(g time.Duration) bool { return g == 0 }, "no wait"},
		{"HTTP date", func(now time.Time) string { return pttest.RetryAfterDate(now.Add(4 * time.Second)) },
			func(g time.Duration) bool { return g == 4*time.Second }, "exactly 4s"},
		{"HTTP date in the past", func(now time.Time) string { return pttest.RetryAfterDate(now.Add(-time.Hour)) },
			func(g time.Duration) bool { return g == 0 }, "no wait"},
		{"seconds beyond the cap", func(time.Time) string { return "3600" }, func(g time.Duration) bool { return g == 10*time.Second }, "the 10s cap"},
		{"absurd", func(time.Time) string { return pttest.RetryAfterAbsurd }, func(g time.Duration) bool { return g == 10*time.Second }, "the 10s cap"},
		{"HTTP date a day ahead", func(now time.Time) string { return pttest.RetryAfterDate(now.Add(24 * time.Hour)) },
			func(g time.Duration) bool { return g == 10*time.Second }, "the 10s cap"},
		{"none: jittered backoff", func(time.Time) string { return "" },
			func(g time.Duration) bool { return g >= 0 && g <= 200*time.Millisecond }, "0 to 200ms (second attempt: min 100ms << 1)"},
		{"unparseable: jittered backoff", func(time.Time) string { return "later" },
			func(g time.Duration) bool { return g >= 0 && g <= 200*time.Millisecond }, "0 to 200ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				sim := pttest.StartInMemory(pttest.Config{})
				defer sim.Close()
				sim.Inject(pttest.Fault{Kind: pttest.FaultThrottle, RetryAfter: tt.retryAfter(time.Now()), Times: 1})
				c := newSimClient(t, sim, pt.WithRetryPolicy(policy))
				got, _, err := c.PassiveDNS(context.Background(), "example.net", nil)
				if err != nil || len(got.Results) == 0 {
					t.Fatalf("want data after one retry, got %v", err)
				}
				reqs := sim.Requests()
				if len(reqs) != 2 {
					t.Fatalf("want 2 requests, got %d", len(reqs))
				}
				if gap := reqs[1].Time.Sub(reqs[0].Time); !tt.wantGap(gap) {
					t.Errorf("retry came %v after the 429, want %s", gap, tt.desc)
				}
			})
		})
	}
}

// The rate limit holds at the server even when retries add requests: the
// limiter sits under the retries. The limit is low enough here that the
// limiter, not the CPU, is the bottleneck, so the check is known to bite
// (a limiter twice too fast, or retries that skip it, fail it by far).
// Not parallel: the other fault tests' load would delay arrivals unevenly.
func TestFaultRateLimitWithRetries(t *testing.T) {
	const (
		r       = 200.0
		burst   = 5
		workers = 8
		calls   = 25 // per worker
		// With the limiter saturated, a window's count is close to its
		// limit; a first request that arrives late (a new connection, a
		// goroutine scheduled late) squeezes the window by that much.
		slack = 50 * time.Millisecond
	)
	sim := pttest.StartTB(t, pttest.Config{})
	sim.Inject(pttest.Fault{Kind: pttest.FaultThrottle, Every: 3}, pttest.Fault{Kind: pttest.FaultStatus, Status: 503, Every: 5})
	c := newSimClient(t, sim, pt.WithRateLimit(r, burst))
	var wg sync.WaitGroup
	errs := make(chan error, workers*calls)
	for range workers {
		wg.Go(func() {
			for range calls {
				if _, _, err := c.Quota(context.Background()); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		// Five faulted attempts in a row can happen; the error is typed.
		var er *pt.ErrorResponse
		if !errors.Is(err, pt.ErrThrottled) && !(errors.As(err, &er) && er.StatusCode == 503) {
			t.Errorf("untyped error: %T %v", err, err)
		}
	}
	sim.WaitIdle()
	var times []time.Time
	retried := 0
	for _, req := range sim.Requests() {
		times = append(times, req.Time)
		if req.Fault != pttest.FaultNone {
			retried++
		}
	}
	ratio, worst := checkRate(t, times, r, burst, slack)
	t.Logf("%d requests (%d faulted) for %d calls; tightest window %s", len(times), retried, workers*calls, worst)
	if ratio < 0.5 {
		t.Errorf("the tightest window used only %.0f%% of the limit: the limiter was never the bottleneck, so this test proves nothing", 100*ratio)
	}
}

// A redirect on the same host is a hop of the attempt, not another
// attempt: the data arrives, Response.Attempts is 1 and the Observer sees
// one first attempt, while the server sees both requests.
func TestFaultRedirectSameHostIsOneAttempt(t *testing.T) {
	t.Parallel()
	sim := pttest.StartTB(t, pttest.Config{})
	sim.Inject(pttest.Fault{Kind: pttest.FaultRedirect, Status: 307, Location: sim.URL, Times: 1})
	var mu sync.Mutex
	var numbers []int
	c := newSimClient(t, sim, pt.WithObserver(pt.ObserverFunc(func(_ context.Context, a pt.Attempt) {
		mu.Lock()
		defer mu.Unlock()
		numbers = append(numbers, a.Number)
	})))
	answer, resp, err := c.PassiveDNS(context.Background(), "example.com", nil)
	if err != nil || len(answer.Results) == 0 {
		t.Fatalf("PassiveDNS: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if resp.Attempts != 1 || len(numbers) != 1 || numbers[0] != 1 || len(sim.Requests()) != 2 {
		t.Errorf("Attempts %d, observed %v, server saw %d requests; want 1, [1], 2", resp.Attempts, numbers, len(sim.Requests()))
	}
}
