package passivetotal_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	pt "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/pttest"
	"go.uber.org/goleak"
)

// Soak parameters of the PassiveTotal run; soak_common_test.go has the
// shared ones.
const (
	soakCalls      = 2000
	soakShortCalls = 400 // go test -short
	// soakCancelBound catches a call that ignores its cancelled context
	// (the probe also checks that such a call fails with context.Canceled
	// rather than finishing its trickling body). It is a hang guard, not a speed figure: scheduling on a
	// loaded 2-core machine under -race delays a prompt return by 100 ms
	// and more, and the measured worst case is printed as cancel_max.
	soakCancelBound = time.Second
)

// soakFaults is the standing fault schedule: every fault of the catalogue,
// each on every N-th request (N prime, so they interleave). The first due
// fault applies; probe faults come first so they always hit their probe.
func soakFaults(other *pttest.Server, probeTrickle, probeSlow string) []pttest.Fault {
	return []pttest.Fault{
		// Probes for the cancellation bound: only the probe calls use these GUIDs.
		{Kind: pttest.FaultTrickle, Endpoint: "/articles/" + probeTrickle, Chunk: 32, Delay: 10 * time.Millisecond},
		{Kind: pttest.FaultSlowHeaders, Endpoint: "/articles/" + probeSlow, Delay: 5 * time.Second},
		// Retried faults: the call still returns the data.
		{Kind: pttest.FaultThrottle, Every: 23},
		{Kind: pttest.FaultThrottle, RetryAfter: pttest.RetryAfterSeconds(1), Every: 29},
		{Kind: pttest.FaultThrottle, RetryAfter: pttest.RetryAfterDate(time.Now().Add(time.Hour)), Every: 31},
		{Kind: pttest.FaultThrottle, RetryAfter: pttest.RetryAfterAbsurd, Every: 37},
		{Kind: pttest.FaultStatus, Status: 500, Every: 41},
		{Kind: pttest.FaultStatus, Status: 502, Every: 43},
		{Kind: pttest.FaultStatus, Status: 503, Every: 47},
		{Kind: pttest.FaultStatus, Status: 504, Every: 53},
		{Kind: pttest.FaultHTML, Status: 502, Every: 59},
		{Kind: pttest.FaultTrickle, Chunk: 2048, Delay: time.Millisecond, Every: 61},
		{Kind: pttest.FaultLatency, Delay: 3 * time.Millisecond, Every: 67},
		{Kind: pttest.FaultSlowHeaders, Delay: 2 * soakAttemptTime, Every: 97},
		// Faults that end the call with a typed error.
		{Kind: pttest.FaultReset, Every: 71},
		{Kind: pttest.FaultTruncate, Every: 73},
		{Kind: pttest.FaultHTML, Status: 200, Every: 79},
		{Kind: pttest.FaultErrorObject, Every: 83},
		{Kind: pttest.FaultHuge, Size: 10 * soakMaxBody, Every: 89},
		{Kind: pttest.FaultRedirect, Location: other.OtherHostURL(), Every: 101},
		{Kind: pttest.FaultQuota, Endpoint: "/dns", Every: 103},
	}
}

// soakExpect holds the fault-free answers, computed once from a second
// simulator with the same data and no faults.
type soakExpect struct {
	articles   []pt.Article
	guids      []string // GUIDs for GetArticle and indicators (not the probes')
	article    map[string]*pt.Article
	indicators map[string][]pt.ArticleIndicator
	rawInd     map[string][]byte // raw body of GET /articles/indicators?articleGuid=..&page=0
	queries    []string
	dns        map[string]*pt.PassiveDNS
	unique     map[string]*pt.UniqueResolutions
	quota      *pt.Quota
}

var soakQueries = []string{
	"example.com", "soak-1.example.net", "mail.example.org", "records-40.example.com",
	"203.0.113.9", "198.51.100.77", "2001:db8::1",
}

func rawIndicatorsRequest(c *pt.Client, guid string) (*http.Request, error) {
	return c.NewRequest(http.MethodGet, "articles/indicators", url.Values{"articleGuid": {guid}, "page": {"0"}}, nil)
}

func buildExpect(t *testing.T, ref *pt.Client) *soakExpect {
	t.Helper()
	ctx := context.Background()
	e := &soakExpect{
		article: map[string]*pt.Article{}, indicators: map[string][]pt.ArticleIndicator{},
		rawInd: map[string][]byte{}, queries: soakQueries,
		dns: map[string]*pt.PassiveDNS{}, unique: map[string]*pt.UniqueResolutions{},
	}
	v, err := callArticles(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	e.articles = v.([]pt.Article)
	if len(e.articles) < 12 {
		t.Fatalf("reference has %d articles", len(e.articles))
	}
	for _, a := range e.articles[2:12] {
		e.guids = append(e.guids, a.GUID)
	}
	for _, g := range e.guids {
		a, _, err := ref.GetArticle(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		e.article[g] = a
		var ind []pt.ArticleIndicator
		for it, err := range ref.ListArticleIndicators(ctx, &pt.ArticleIndicatorOptions{ArticleGUID: g}) {
			if err != nil {
				t.Fatal(err)
			}
			ind = append(ind, it)
		}
		e.indicators[g] = ind
		req, err := rawIndicatorsRequest(ref, g)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := ref.Do(ctx, req, &buf); err != nil {
			t.Fatal(err)
		}
		e.rawInd[g] = buf.Bytes()
	}
	for _, q := range e.queries {
		d, _, err := ref.PassiveDNS(ctx, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		e.dns[q] = d
		u, _, err := ref.UniqueResolutions(ctx, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		e.unique[q] = u
	}
	q, _, err := ref.Quota(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.quota = normQuota(q)
	return e
}

// normQuota blanks what legitimately changes during the run: the searches
// counted and the user's limit (the run makes quota run out and come back).
func normQuota(q *pt.Quota) *pt.Quota {
	if q == nil {
		return nil
	}
	c := *q
	for _, b := range []**pt.QuotaBlock{&c.User, &c.Organization} {
		if *b == nil {
			continue
		}
		nb := **b
		nb.Counts.SearchAPI, nb.LicenseCounts.SearchAPI = 0, 0
		nb.Limits.SearchAPI, nb.LicenseLimits.SearchAPI = 0, 0
		*b = &nb
	}
	return &c
}

// classify names a typed error, or returns "" for an error no caller
// could act on.
func classify(err error) string {
	var (
		de *pt.DecodeError
		er *pt.ErrorResponse
	)
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, pt.ErrQuotaExceeded):
		return "quota"
	case errors.Is(err, pt.ErrThrottled):
		return "throttled"
	case errors.Is(err, pt.ErrUnauthorized):
		return "unauthorized"
	case errors.Is(err, pt.ErrRedirectRefused):
		return "redirect-refused"
	case errors.Is(err, pt.ErrResponseTooLarge):
		return "too-large"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case isConnReset(err):
		return "conn-reset"
	case errors.As(err, &de) && de.Kind == pt.DecodeNotJSON:
		return "not-json"
	case errors.As(err, &de) && de.Kind == pt.DecodeTruncated:
		return "truncated"
	case errors.As(err, &de) && de.Kind == pt.DecodeRead:
		return "read"
	case errors.As(err, &er) && er.StatusCode == 200:
		return "error-object"
	case errors.As(err, &er) && er.StatusCode >= 500:
		return "5xx"
	}
	return ""
}

type soakRun struct {
	t      *testing.T
	c      *pt.Client
	sim    *pttest.Server
	want   *soakExpect
	probeT string // GUID whose requests trickle
	probeS string // GUID whose headers never come in time

	total      int64
	done       atomic.Int64
	cancelMax  atomic.Int64 // ns
	probes     atomic.Int64
	quotaLimit atomic.Int64

	mu      sync.Mutex
	results []soakResult
}

func TestSoak(t *testing.T) {
	// Not parallel: the goroutine leak check needs a quiet process.
	calls := soakCalls
	if testing.Short() {
		calls = soakShortCalls
	}
	// The goroutines running now (paused parallel tests among them) are
	// not this test's.
	before := goleak.IgnoreCurrent()
	start := time.Now()

	// Fewer, smaller article pages than the default keep the run short
	// under -race (decoding articles dominates the CPU time); there are
	// still three pages to walk.
	big := pttest.Config{QuotaLimit: 1 << 30, OrgQuotaLimit: 1 << 30, Articles: 12, ArticlesPageSize: 5}
	ref := pttest.Start(big)
	defer ref.Close()
	sim := pttest.Start(big)
	defer sim.Close()
	other := pttest.Start(pttest.Config{}) // the redirect target, another host name
	defer other.Close()

	refClient := newSimClient(t, ref)
	want := buildExpect(t, refClient)
	probeT, probeS := want.articles[0].GUID, want.articles[1].GUID

	var logs logSink
	c, err := pt.NewClient(pttest.DefaultUsername, pttest.DefaultAPIKey,
		pt.WithBaseURL(sim.BaseURL()),
		pt.WithRetryPolicy(soakRetry),
		pt.WithAttemptTimeout(soakAttemptTime),
		pt.WithRateLimit(soakRate, soakBurst),
		pt.WithMaxResponseSize(soakMaxBody),
		pt.WithLogger(logs.logger()),
	)
	if err != nil {
		t.Fatal(err)
	}
	sim.Inject(soakFaults(other, probeT, probeS)...)
	sim.ResetRequests()

	run := &soakRun{t: t, c: c, sim: sim, want: want, probeT: probeT, probeS: probeS, total: int64(calls)}
	run.quotaLimit.Store(1 << 30)
	var wg sync.WaitGroup
	for w := range soakWorkers {
		n := calls / soakWorkers
		if w < calls%soakWorkers {
			n++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			run.worker(w, n)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	sim.WaitIdle()
	other.WaitIdle()
	reqs := sim.Requests()
	otherReqs := other.Requests()

	// Every call: the right data or a typed error.
	tally := tallySoak(t, run.results, calls)

	// Secrets: in no error and no log record.
	if s := leakedSecret(tally.errText); s != "" {
		t.Errorf("a secret (%.12s...) appears in an error", s)
	}
	if s := leakedSecret(logs.String()); s != "" {
		t.Errorf("a secret (%.12s...) appears in a log record", s)
	}
	if logs.records() < calls {
		t.Errorf("only %d log records at Debug for %d calls: the secrets check saw too little", logs.records(), calls)
	}

	// Faults: every kind was served, and each typed error is explained by
	// the faults that can cause it.
	faults := map[pttest.FaultKind]int{}
	nFaults, quotaRefusals, quota429 := 0, 0, 0
	for _, r := range reqs {
		if r.Fault != pttest.FaultNone {
			faults[r.Fault]++
			nFaults++
		} else if r.Status == http.StatusTooManyRequests {
			quotaRefusals++ // the counters ran out (SetQuota)
		}
		if r.Status == http.StatusTooManyRequests && r.Fault != pttest.FaultThrottle {
			quota429++ // also a refusal damaged by reset, truncate or trickle
		}
	}
	for k := pttest.FaultLatency; k <= pttest.FaultRedirect; k++ {
		if faults[k] == 0 {
			t.Errorf("fault %v was never served", k)
		}
	}
	if quotaRefusals == 0 {
		t.Error("the quota never ran out mid-run")
	}
	checkExplained(t, tally.classes, map[string]int{
		"not-json":         faults[pttest.FaultHTML],
		"error-object":     faults[pttest.FaultErrorObject],
		"too-large":        faults[pttest.FaultHuge],
		"redirect-refused": faults[pttest.FaultRedirect],
		"unauthorized":     0,
		"truncated":        faults[pttest.FaultTruncate] + faults[pttest.FaultReset],
		"read":             faults[pttest.FaultReset] + faults[pttest.FaultTrickle] + faults[pttest.FaultSlowHeaders],
		"conn-reset":       faults[pttest.FaultReset],
		"quota":            quota429,
		// A call fails with these only when its last attempt got one.
		"throttled": faults[pttest.FaultThrottle],
		"5xx":       faults[pttest.FaultStatus] + faults[pttest.FaultHTML],
		"timeout":   faults[pttest.FaultSlowHeaders] + faults[pttest.FaultTrickle],
		"canceled":  int(run.probes.Load()),
	})
	for _, r := range otherReqs {
		t.Errorf("a redirect to another host was followed (the client must refuse it): %+v", r)
	}

	// Rate limit, from the arrival times the servers logged.
	times := make([]time.Time, 0, len(reqs)+len(otherReqs))
	for _, r := range append(slices.Clone(reqs), otherReqs...) {
		times = append(times, r.Time)
	}
	_, worst := checkRate(t, times, soakRate, soakBurst, soakArrivalSlack)

	// Cancellation.
	if run.probes.Load() == 0 {
		t.Error("no cancellation probe ran")
	}
	cancelMax := time.Duration(run.cancelMax.Load())
	if cancelMax > soakCancelBound {
		t.Errorf("a cancelled call took %v to return, want at most %v", cancelMax, soakCancelBound)
	}

	// No goroutine left behind.
	leaks := soakLeaks(t, before, []idleCloser{c, refClient}, sim, other, ref)

	kinds := append(kindCounts(faults, pttest.FaultLatency, pttest.FaultRedirect), fmt.Sprintf("quota-ran-out=%d", quotaRefusals))
	summary := fmt.Sprintf("soak: calls=%d workers=%d requests=%d faults=%d (%s) correct=%d typed_errors=%d (%s) mishandled=%d "+
		"cancel_max=%v rate_max_window=%s leaks=%s duration=%v",
		calls, soakWorkers, len(reqs)+len(otherReqs), nFaults+quotaRefusals, strings.Join(kinds, " "),
		tally.correct, tally.typed, classCounts(tally.classes), tally.mishandled,
		cancelMax.Round(100*time.Microsecond), worst, leaks, elapsed.Round(10*time.Millisecond))
	writeSoakSummary(t, summary)
}

func (run *soakRun) record(r soakResult) {
	run.mu.Lock()
	run.results = append(run.results, r)
	run.mu.Unlock()
}

func (run *soakRun) worker(w, n int) {
	rng := rand.New(rand.NewPCG(uint64(w), 0x50a4))
	for i := range n {
		var r soakResult
		func() {
			defer func() {
				if p := recover(); p != nil {
					r.bad = fmt.Sprintf("panic: %v\n%s", p, debug.Stack())
				}
			}()
			if i%(n/2+1) == n/4 { // two probes per worker
				r = run.probe(w%2 == 0)
				return
			}
			r = run.call(rng)
		}()
		run.record(r)
		run.milestone(run.done.Add(1))
	}
}

// milestone makes the quota run out a third of the way through, gives it
// back at two thirds, and injects 5xx bursts along the way.
func (run *soakRun) milestone(done int64) {
	switch {
	case done == run.total/3:
		used, _ := run.sim.Quota()
		run.sim.SetQuota(used, used+20)
	case done == 2*run.total/3:
		run.sim.SetQuota(0, 1<<30)
	case done%100 == 50:
		statuses := []int{500, 502, 503, 504}
		run.sim.Inject(pttest.Fault{Kind: pttest.FaultStatus, Status: statuses[done/100%4], Times: 4})
	}
}

// probe starts a call whose answer is slow (trickling body or late headers),
// cancels it after a few ms and measures how soon it returns.
func (run *soakRun) probe(trickle bool) soakResult {
	guid, kind := run.probeS, "probe-slow-headers"
	if trickle {
		guid, kind = run.probeT, "probe-trickle"
	}
	run.probes.Add(1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelled atomic.Int64
	timer := time.AfterFunc(40*time.Millisecond, func() {
		cancelled.Store(time.Now().UnixNano())
		cancel()
	})
	defer timer.Stop()
	_, _, err := run.c.GetArticle(ctx, guid)
	end := time.Now().UnixNano()
	r := soakResult{kind: kind, err: err, class: classify(err)}
	at := cancelled.Load()
	switch {
	case at == 0:
		r.bad = fmt.Sprintf("the call returned before it was cancelled: %v", err)
	case !errors.Is(err, context.Canceled):
		r.bad = fmt.Sprintf("cancelled, but the error is %T %v", err, err)
	}
	if at != 0 {
		d := end - at
		for {
			cur := run.cancelMax.Load()
			if d <= cur || run.cancelMax.CompareAndSwap(cur, d) {
				break
			}
		}
	}
	return r
}

// call makes one random call and compares its result with the fault-free
// answer.
func (run *soakRun) call(rng *rand.Rand) soakResult {
	ctx := context.Background()
	want := run.want
	c := run.c
	guid := want.guids[rng.IntN(len(want.guids))]
	query := want.queries[rng.IntN(len(want.queries))]
	var (
		kind    string
		got     any
		expect  any
		err     error
		partial bool // an iterator may yield a correct prefix before its error
	)
	switch k := rng.IntN(9); k {
	case 0, 1: // the articles iterator, to the end or breaking early
		kind = "articles"
		stop := len(want.articles)
		if k == 1 {
			kind, stop = "articles-break", 1+rng.IntN(len(want.articles)-1)
		}
		var list []pt.Article
		for a, e := range c.ListArticles(ctx, nil) {
			if e != nil {
				err = e
				break
			}
			list = append(list, a)
			if len(list) == stop {
				break
			}
		}
		got, expect, partial = list, want.articles[:stop], true
	case 2:
		kind = "article"
		var a *pt.Article
		a, _, err = c.GetArticle(ctx, guid)
		got, expect = a, want.article[guid]
	case 3:
		kind = "article-indicators"
		var list []pt.ArticleIndicator
		for it, e := range c.ListArticleIndicators(ctx, &pt.ArticleIndicatorOptions{ArticleGUID: guid}) {
			if e != nil {
				err = e
				break
			}
			list = append(list, it)
		}
		got, expect, partial = list, want.indicators[guid], true
	case 4:
		kind = "passive-dns"
		var d *pt.PassiveDNS
		d, _, err = c.PassiveDNS(ctx, query, nil)
		got, expect = d, want.dns[query]
	case 5:
		kind = "unique"
		var u *pt.UniqueResolutions
		u, _, err = c.UniqueResolutions(ctx, query, nil)
		got, expect = u, want.unique[query]
	case 6:
		kind = "quota"
		var q *pt.Quota
		q, _, err = c.Quota(ctx)
		if err == nil {
			if u := q.User; u == nil || u.Counts.SearchAPI > u.Limits.SearchAPI+1 || u.Counts.SearchAPI < 0 {
				return soakResult{kind: kind, bad: fmt.Sprintf("implausible user quota %+v", u)}
			}
		}
		got, expect = normQuota(q), want.quota
	case 7:
		kind = "do-raw"
		var req *http.Request
		if req, err = rawIndicatorsRequest(c, guid); err != nil {
			return soakResult{kind: kind, err: err, bad: "NewRequest: " + err.Error()}
		}
		var buf bytes.Buffer
		_, err = c.Do(ctx, req, &buf)
		got, expect = buf.Bytes(), want.rawInd[guid]
	default:
		kind = "do-decode"
		var req *http.Request
		if req, err = c.NewRequest(http.MethodGet, "dns/passive/unique", url.Values{"query": {query}}, nil); err != nil {
			return soakResult{kind: kind, err: err, bad: "NewRequest: " + err.Error()}
		}
		u := new(pt.UniqueResolutions)
		_, err = c.Do(ctx, req, u)
		got, expect = u, want.unique[query]
	}

	r := soakResult{kind: kind, err: err}
	if err != nil {
		r.class = classify(err)
		if r.class == "" || r.class == "canceled" {
			r.bad = fmt.Sprintf("untyped error %T: %v", err, err)
		}
		if partial {
			if diff := prefixDiff(expect, got); diff != "" {
				r.bad = "items before the error differ from the fault-free answer:\n" + diff
			}
		}
		return r
	}
	// reflect.DeepEqual is the fast check (cmp is slow under -race); cmp
	// explains a difference.
	if !reflect.DeepEqual(expect, got) {
		r.bad = "data differs from the fault-free answer (-want +got):\n" + cmp.Diff(expect, got, timeEqual)
	}
	return r
}

// prefixDiff compares the items an iterator yielded before its error with
// the start of the expected list.
func prefixDiff(expect, got any) string {
	if reflect.ValueOf(got).Len() == 0 {
		return ""
	}
	switch g := got.(type) {
	case []pt.Article:
		e := expect.([]pt.Article)
		if len(g) > len(e) {
			return fmt.Sprintf("%d items, more than the %d expected", len(g), len(e))
		}
		return cmp.Diff(e[:len(g)], g, timeEqual)
	case []pt.ArticleIndicator:
		e := expect.([]pt.ArticleIndicator)
		if len(g) > len(e) {
			return fmt.Sprintf("%d items, more than the %d expected", len(g), len(e))
		}
		return cmp.Diff(e[:len(g)], g, timeEqual)
	}
	return fmt.Sprintf("unexpected type %T", got)
}
