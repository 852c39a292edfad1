package passivetotal_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	pt "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
	"go.uber.org/goleak"
)

// The Graph soak drives the Graph client through the shared HTTP stack
// against a simulator serving every Graph fault on a schedule, and checks
// that each call returns the fault-free answer or a typed error, that no
// secret or token leaks, that the rate limit holds and that no goroutine
// is left behind.
const (
	graphSoakCalls      = 1000
	graphSoakShortCalls = 200
)

var graphSoakHosts = []string{"contoso.com", "records-40.example.com", "mail.example.org", "20.103.85.33", "198.51.100.77", "2001:db8::1"}

func graphSoakFaults(other *mdtitest.Server) []mdtitest.Fault {
	return []mdtitest.Fault{
		// Retried: the call still returns the data.
		{Kind: mdtitest.FaultThrottle, Every: 23},
		{Kind: mdtitest.FaultThrottle, RetryAfter: "1", Every: 29},
		{Kind: mdtitest.FaultThrottle, RetryAfter: time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), Every: 31},
		{Kind: mdtitest.FaultStatus, Status: 503, RetryAfter: "1", Every: 47},
		{Kind: mdtitest.FaultStatus, Status: 504, Every: 53},
		{Kind: mdtitest.FaultLatency, Delay: 3 * time.Millisecond, Every: 67},
		{Kind: mdtitest.FaultSlowHeaders, Delay: 2 * soakAttemptTime, Every: 97},
		{Kind: mdtitest.FaultExpireToken, Every: 107}, // a fresh token, then the data
		// Typed errors.
		{Kind: mdtitest.FaultStatus, Status: 500, Every: 41},
		{Kind: mdtitest.FaultHTML, Status: 502, Every: 59},
		{Kind: mdtitest.FaultReset, Every: 71},
		{Kind: mdtitest.FaultTruncate, Every: 73},
		{Kind: mdtitest.FaultHTML, Status: 200, Every: 79},
		{Kind: mdtitest.FaultErrorObject, Every: 83},
		{Kind: mdtitest.FaultHuge, Size: 10 * soakMaxBody, Every: 89},
		{Kind: mdtitest.FaultRedirect, Location: other.OtherHostURL(), Every: 101},
		{Kind: mdtitest.FaultBadNextLink, Location: other.OtherHostURL() + "/v1.0/security/threatIntelligence/articles", Every: 103},
		{Kind: mdtitest.FaultNotGraph, Every: 109},
		{Kind: mdtitest.FaultStatus, Status: 503, Endpoint: "/token", Every: 2, Times: 1}, // a refused token request
	}
}

// graphClass names a typed Graph error; "" means untyped.
func graphClass(err error) string {
	var (
		te *mdti.TokenError
		de *mdti.DecodeError
	)
	switch {
	case errors.As(err, &te):
		return "token"
	case errors.Is(err, mdti.ErrNextLink):
		return "next-link"
	case errors.As(err, &de) && de.Kind == pt.DecodeInvalid:
		return "not-graph"
	}
	return classify(err)
}

type graphWant struct {
	articles   []string // ids, newest first
	article    map[string]*pt.Article
	indicators map[string][]pt.ArticleIndicator
	forward    map[string][]pt.DNSRecord
	reverse    map[string][]pt.DNSRecord
	host       map[string]*mdti.Host
}

func collect[T any](seq func(func(T, error) bool)) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func graphExpect(t *testing.T, c *mdti.Client) *graphWant {
	t.Helper()
	ctx := context.Background()
	w := &graphWant{article: map[string]*pt.Article{}, indicators: map[string][]pt.ArticleIndicator{},
		forward: map[string][]pt.DNSRecord{}, reverse: map[string][]pt.DNSRecord{}, host: map[string]*mdti.Host{}}
	arts, err := collect(c.ListArticles(ctx, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		w.articles = append(w.articles, a.GUID)
		if w.article[a.GUID], _, err = c.GetArticle(ctx, a.GUID); err != nil {
			t.Fatal(err)
		}
		if w.indicators[a.GUID], err = collect(c.ListArticleIndicators(ctx, a.GUID)); err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range graphSoakHosts {
		if w.forward[h], err = collect(c.PassiveDNS(ctx, h, nil)); err != nil {
			t.Fatal(err)
		}
		if w.reverse[h], err = collect(c.PassiveDNSReverse(ctx, h, nil)); err != nil {
			t.Fatal(err)
		}
		if w.host[h], _, err = c.GetHost(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// graphCall makes one random call and judges its answer.
func graphCall(c *mdti.Client, w *graphWant, rng *rand.Rand) soakResult {
	ctx := context.Background()
	check := func(kind string, got, want any, err error) soakResult {
		r := soakResult{kind: kind, err: err}
		if err != nil {
			if r.class = graphClass(err); r.class == "" {
				r.bad = fmt.Sprintf("untyped error %T: %v", err, err)
			}
			return r
		}
		if d := cmp.Diff(want, got); d != "" {
			r.bad = "wrong answer: " + d
		}
		return r
	}
	// prefix: a listing that failed part-way yielded a prefix of the answer.
	prefix := func(kind string, got, want any, err error) soakResult {
		r := check(kind, got, want, err)
		if err != nil && r.bad == "" {
			g, w := reflect.ValueOf(got), reflect.ValueOf(want)
			if g.Len() > w.Len() {
				r.bad = fmt.Sprintf("%d items before the error, more than the %d of the answer", g.Len(), w.Len())
			} else if d := cmp.Diff(w.Slice(0, g.Len()).Interface(), got, cmpopts.EquateEmpty()); d != "" {
				r.bad = "items before the error are not a prefix of the answer: " + d
			}
		}
		return r
	}
	id := w.articles[rng.IntN(len(w.articles))]
	host := graphSoakHosts[rng.IntN(len(graphSoakHosts))]
	switch rng.IntN(6) {
	case 0:
		arts, err := collect(c.ListArticles(ctx, nil))
		var ids []string
		for _, a := range arts {
			ids = append(ids, a.GUID)
		}
		return prefix("articles", ids, w.articles, err)
	case 1:
		a, _, err := c.GetArticle(ctx, id)
		return check("article", a, w.article[id], err)
	case 2:
		inds, err := collect(c.ListArticleIndicators(ctx, id))
		return prefix("indicators", inds, w.indicators[id], err)
	case 3:
		recs, err := collect(c.PassiveDNS(ctx, host, nil))
		return prefix("passiveDns", recs, w.forward[host], err)
	case 4:
		recs, err := collect(c.PassiveDNSReverse(ctx, host, nil))
		return prefix("passiveDnsReverse", recs, w.reverse[host], err)
	default:
		h, _, err := c.GetHost(ctx, host)
		return check("host", h, w.host[host], err)
	}
}

func TestSoakGraph(t *testing.T) {
	// Not parallel: the goroutine leak check needs a quiet process.
	calls := graphSoakCalls
	if testing.Short() {
		calls = graphSoakShortCalls
	}
	before := goleak.IgnoreCurrent()
	start := time.Now()
	cfg := mdtitest.Config{Articles: 12, PageSize: 5}
	ref := mdtitest.Start(cfg)
	defer ref.Close()
	sim := mdtitest.Start(cfg)
	defer sim.Close()
	other := mdtitest.Start(cfg) // the redirect and nextLink target, another host name
	defer other.Close()

	newClient := func(s *mdtitest.Server, opts ...mdti.Option) *mdti.Client {
		c := s.Config()
		all := append([]mdti.Option{
			mdti.WithBaseURL(s.BaseURL()), mdti.WithTokenURL(s.TokenURL()),
			mdti.WithClientCredentials(c.TenantID, c.ClientID, c.ClientSecret),
			mdti.WithRetryPolicy(soakRetry),
			mdti.WithAttemptTimeout(soakAttemptTime),
		}, opts...)
		client, err := mdti.NewClient(all...)
		if err != nil {
			t.Fatal(err)
		}
		return client
	}
	refClient := newClient(ref)
	want := graphExpect(t, refClient)

	var logs logSink
	c := newClient(sim, mdti.WithRateLimit(soakRate, soakBurst), mdti.WithMaxResponseSize(soakMaxBody), mdti.WithLogger(logs.logger()))
	for _, f := range graphSoakFaults(other) {
		sim.AddFault(f)
	}

	var (
		mu      sync.Mutex
		results []soakResult
		next    atomic.Int64
		wg      sync.WaitGroup
	)
	for w := range soakWorkers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 17))
			for next.Add(1) <= int64(calls) {
				r := graphCall(c, want, rng)
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	tally := tallySoak(t, results, calls)

	// Secrets and tokens: in no error and no log record.
	secrets := append(sim.Tokens(), sim.Config().ClientSecret)
	for _, s := range secrets {
		if strings.Contains(tally.errText, s) || strings.Contains(logs.String(), s) {
			t.Errorf("a secret or token (%.12s...) appears in an error or a log record", s)
		}
	}
	if logs.records() < calls {
		t.Errorf("only %d log records for %d calls: the secrets check saw too little", logs.records(), calls)
	}

	// Every fault kind was served; the typed errors are explained by them.
	reqs := sim.Requests()
	faults := map[mdtitest.FaultKind]int{}
	nFaults := 0
	for _, r := range reqs {
		if r.Fault != mdtitest.FaultNone {
			faults[r.Fault]++
			nFaults++
		}
	}
	for k := mdtitest.FaultLatency; k <= mdtitest.FaultNotGraph; k++ {
		if faults[k] == 0 && k != mdtitest.FaultBadNextLink {
			t.Errorf("fault %v was never served", k)
		}
	}
	checkExplained(t, tally.classes, map[string]int{
		"not-json":         faults[mdtitest.FaultHTML],
		"error-object":     faults[mdtitest.FaultErrorObject],
		"too-large":        faults[mdtitest.FaultHuge],
		"redirect-refused": faults[mdtitest.FaultRedirect],
		"truncated":        faults[mdtitest.FaultTruncate] + faults[mdtitest.FaultReset],
		"read":             faults[mdtitest.FaultReset] + faults[mdtitest.FaultSlowHeaders],
		"conn-reset":       faults[mdtitest.FaultReset],
		"throttled":        faults[mdtitest.FaultThrottle],
		"5xx":              faults[mdtitest.FaultStatus] + faults[mdtitest.FaultHTML],
		"timeout":          faults[mdtitest.FaultSlowHeaders],
		"next-link":        faults[mdtitest.FaultBadNextLink],
		"not-graph":        faults[mdtitest.FaultNotGraph],
		"token":            1,
		// The client fetches a fresh token once after a 401 and retries.
		// A later expire-token fault, served to another worker between
		// that refresh and the retry, revokes the fresh token too: that
		// call ends unauthorized, correctly. So each expire-token fault
		// can fail at most the calls of the other workers in flight.
		"unauthorized": faults[mdtitest.FaultExpireToken] * (soakWorkers - 1),
	})
	for _, r := range other.Requests() {
		t.Errorf("a request reached another host (the client must refuse it): %+v", r)
	}

	times := make([]time.Time, 0, len(reqs))
	for _, r := range reqs {
		if r.Endpoint != "/token" {
			times = append(times, r.Time)
		}
	}
	_, worst := checkRate(t, times, soakRate, soakBurst, soakArrivalSlack)

	leaks := soakLeaks(t, before, []idleCloser{c, refClient}, sim, other, ref)

	kinds := kindCounts(faults, mdtitest.FaultLatency, mdtitest.FaultNotGraph)
	summary := fmt.Sprintf("soak graph: calls=%d workers=%d requests=%d tokens=%d faults=%d (%s) correct=%d typed_errors=%d (%s) mishandled=%d rate_max_window=%s leaks=%s duration=%v",
		calls, soakWorkers, len(reqs), len(sim.Tokens()), nFaults, strings.Join(kinds, " "), tally.correct, tally.typed, classCounts(tally.classes),
		tally.mishandled, worst, leaks, elapsed.Round(10*time.Millisecond))
	writeSoakSummary(t, summary)
}
