package mdti_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

func TestListArticlesPaging(t *testing.T) {
	t.Parallel()
	sim, c := start(t, mdtitest.Config{Articles: 23, PageSize: 5})
	var ids []string
	var prev time.Time
	for a, err := range c.ListArticles(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if !prev.IsZero() && a.CreatedDate.After(prev) {
			t.Errorf("article %s is newer than the one before: not newest first", a.GUID)
		}
		prev = a.CreatedDate.Time
		ids = append(ids, a.GUID)
	}
	if len(ids) != 23 {
		t.Fatalf("read %d articles, want 23", len(ids))
	}
	if pages := countRequests(sim, "/articles"); pages != 5 {
		t.Errorf("%d page requests, want 5", pages)
	}
}

// TestCreatedAfterStopsEarly: an incremental read stops at the first older
// article and asks for no further page.
func TestCreatedAfterStopsEarly(t *testing.T) {
	t.Parallel()
	sim, c := start(t, mdtitest.Config{Articles: 40, PageSize: 5})
	since := sim.Config().Epoch.AddDate(0, 0, -6) // the 6 newest (and part of the 7th day)
	n := 0
	for a, err := range c.ListArticles(t.Context(), &mdti.ArticleListOptions{CreatedAfter: since}) {
		if err != nil {
			t.Fatal(err)
		}
		if a.CreatedDate.Before(since) {
			t.Errorf("article %s created %v, before %v", a.GUID, a.CreatedDate, since)
		}
		n++
	}
	if n < 6 || n > 7 {
		t.Errorf("read %d articles, want 6 or 7", n)
	}
	if pages := countRequests(sim, "/articles"); pages != 2 {
		t.Errorf("%d page requests, want 2 (the walk stops at the first older article)", pages)
	}
}

func TestIndicatorsPage(t *testing.T) {
	t.Parallel()
	sim, c := start(t, mdtitest.Config{Articles: 3, PageSize: 4})
	var second passivetotal.Article
	for a, err := range c.ListArticles(t.Context(), &mdti.ArticleListOptions{Indicators: true}) {
		if err != nil {
			t.Fatal(err)
		}
		second = a // oldest last: article 0, then 1 before it
		if strings.HasSuffix(a.Title, "#2") {
			break
		}
	}
	total := 0
	for _, g := range second.Indicators {
		total += g.Count
	}
	if want := 2*sim.Config().PageSize + 3; total != want {
		t.Errorf("article #2 has %d indicators, want %d (read over several pages)", total, want)
	}
}

func TestPageBudget(t *testing.T) {
	t.Parallel()
	_, c := start(t, mdtitest.Config{Articles: 10, PageSize: 3}, mdti.WithPageBudget(2))
	n := 0
	var last error
	for _, err := range c.ListArticles(t.Context(), nil) {
		if err != nil {
			last = err
			continue
		}
		n++
	}
	if n != 6 || !errors.Is(last, mdti.ErrPageBudget) || !errors.Is(last, passivetotal.ErrPageBudget) {
		t.Errorf("read %d articles then %v; want 6 then ErrPageBudget", n, last)
	}
	var pe *mdti.PageBudgetError
	if !errors.As(last, &pe) || pe.Pages != 2 || !strings.HasPrefix(last.Error(), "mdti: ") {
		t.Errorf("err = %#v (%v), want a *PageBudgetError after 2 pages", pe, last)
	}
}

// TestHostileServer: what a lying or broken server sends gives a typed
// error after the items that were good, never a panic or a silent loss.
func TestHostileServer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault mdtitest.Fault
		want  error
		read  int // articles yielded before the error
	}{
		{"nextLink to another host", mdtitest.Fault{Kind: mdtitest.FaultBadNextLink, Endpoint: "/articles", Times: 1}, mdti.ErrNextLink, 5},
		{"nextLink not a URL", mdtitest.Fault{Kind: mdtitest.FaultBadNextLink, Endpoint: "/articles", Times: 1, Location: "::not a url"}, mdti.ErrNextLink, 5},
		{"nextLink outside the API", mdtitest.Fault{Kind: mdtitest.FaultBadNextLink, Endpoint: "/articles", Times: 1, Location: "SELF/v1.0/me/messages"}, mdti.ErrNextLink, 5},
		{"nextLink in a circle", mdtitest.Fault{Kind: mdtitest.FaultBadNextLink, Endpoint: "/articles", Every: 2, Times: 1, Location: "SELF/v1.0/security/threatIntelligence/articles?$orderby=createdDateTime+desc&$skip=5"}, mdti.ErrNextLink, 10},
		{"not Graph's shape", mdtitest.Fault{Kind: mdtitest.FaultNotGraph, Endpoint: "/articles"}, mdti.ErrInvalidResponse, 0},
		{"HTML with 200", mdtitest.Fault{Kind: mdtitest.FaultHTML, Status: 200, Endpoint: "/articles"}, mdti.ErrInvalidResponse, 0},
		{"truncated", mdtitest.Fault{Kind: mdtitest.FaultTruncate, Endpoint: "/articles"}, mdti.ErrInvalidResponse, 0},
		{"error object with 200", mdtitest.Fault{Kind: mdtitest.FaultErrorObject, Endpoint: "/articles"}, nil, 0},
		{"throttled for good", mdtitest.Fault{Kind: mdtitest.FaultThrottle, RetryAfter: "0", Endpoint: "/articles"}, mdti.ErrThrottled, 0},
		{"forbidden", mdtitest.Fault{Kind: mdtitest.FaultStatus, Status: 403, Endpoint: "/articles"}, mdti.ErrForbidden, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sim := mdtitest.StartTB(t, mdtitest.Config{Articles: 20, PageSize: 5})
			f := tt.fault
			f.Location = strings.Replace(f.Location, "SELF", sim.URL, 1)
			sim.AddFault(f)
			c := newClient(t, sim)
			n := 0
			var last error
			for _, err := range c.ListArticles(t.Context(), nil) {
				if err != nil {
					if last != nil {
						t.Fatal("two errors yielded")
					}
					last = err
					continue
				}
				if last != nil {
					t.Fatal("an article after the error")
				}
				n++
			}
			if last == nil {
				t.Fatalf("no error after %d articles", n)
			}
			if tt.want != nil && !errors.Is(last, tt.want) {
				t.Errorf("err = %v, want %v", last, tt.want)
			}
			var er *mdti.ErrorResponse
			if tt.want == nil && !errors.As(last, &er) {
				t.Errorf("err = %T %v, want *ErrorResponse", last, last)
			}
			if n != tt.read {
				t.Errorf("read %d articles before the error, want %d", n, tt.read)
			}
			if !strings.HasPrefix(last.Error(), "mdti: ") {
				t.Errorf("error text %q does not name the backend", last)
			}
			if errors.Is(last, mdti.ErrForbidden) && !strings.Contains(last.Error(), "ThreatIntelligence.Read.All") {
				t.Errorf("a 403 should name the missing permission: %v", last)
			}
		})
	}
}

// TestRetriedFaults: throttling, 503/504 with Retry-After and resets are
// retried by the shared stack; the answer is whole.
func TestRetriedFaults(t *testing.T) {
	t.Parallel()
	faults := []mdtitest.Fault{
		{Kind: mdtitest.FaultThrottle, RetryAfter: "0", Endpoint: "/hosts", Times: 1},
		{Kind: mdtitest.FaultStatus, Status: 503, RetryAfter: "0", Endpoint: "/hosts", Times: 1},
		{Kind: mdtitest.FaultStatus, Status: 504, Endpoint: "/hosts", Times: 1},
		{Kind: mdtitest.FaultReset, Endpoint: "/hosts", Times: 1},
	}
	sim, c := start(t, mdtitest.Config{PageSize: 1000, Faults: faults})
	var recs []passivetotal.DNSRecord
	for r, err := range c.PassiveDNS(t.Context(), "records-30.example.com", nil) {
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if len(recs) != 30 {
		t.Errorf("%d records, want 30", len(recs))
	}
	if got := countRequests(sim, "/hosts"); got != 5 {
		t.Errorf("%d requests, want 5 (4 faults retried)", got)
	}
}

func TestPassiveDNSWindowAndErrors(t *testing.T) {
	t.Parallel()
	sim, c := start(t, mdtitest.Config{})
	after := sim.Config().Epoch.AddDate(0, 0, -30)
	all, kept := 0, 0
	for _, err := range c.PassiveDNS(t.Context(), "records-200.example.com", nil) {
		if err != nil {
			t.Fatal(err)
		}
		all++
	}
	for r, err := range c.PassiveDNS(t.Context(), "records-200.example.com", &mdti.PassiveDNSOptions{LastSeenAfter: after}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.LastSeen.Before(after) {
			t.Errorf("record last seen %v, before %v", r.LastSeen, after)
		}
		kept++
	}
	if all != 200 || kept == 0 || kept >= all {
		t.Errorf("all %d, in window %d", all, kept)
	}
	for _, err := range c.PassiveDNSReverse(t.Context(), "unknown-host.invalid", nil) {
		if !errors.Is(err, mdti.ErrNotFound) {
			t.Errorf("unknown host: err = %v, want ErrNotFound", err)
		}
	}
	before := len(sim.Requests())
	for _, err := range c.PassiveDNS(t.Context(), "not a host/../x", nil) {
		var ie *passivetotal.InvalidQueryError
		if !errors.As(err, &ie) {
			t.Errorf("err = %v, want *InvalidQueryError", err)
		}
	}
	if len(sim.Requests()) != before {
		t.Error("an invalid host was sent")
	}
}

func countRequests(sim *mdtitest.Server, prefix string) int {
	n := 0
	for _, r := range sim.Requests() {
		if strings.HasPrefix(r.Endpoint, prefix) {
			n++
		}
	}
	return n
}

// TestEntityNotGraph: an entity body of another shape (no "id") is an
// error, not an empty host or article. The soak found GetHost returning a
// zero Host for such a body.
func TestEntityNotGraph(t *testing.T) {
	t.Parallel()
	sim, c := start(t, mdtitest.Config{})
	sim.AddFault(mdtitest.Fault{Kind: mdtitest.FaultNotGraph, Endpoint: "/hosts"})
	h, _, err := c.GetHost(t.Context(), "contoso.com")
	if !errors.Is(err, mdti.ErrInvalidResponse) || h != nil {
		t.Errorf("GetHost = %+v, %v; want nil and ErrInvalidResponse", h, err)
	}
	sim.ClearFaults()
	sim.AddFault(mdtitest.Fault{Kind: mdtitest.FaultNotGraph, Endpoint: "/articles"})
	a, _, err := c.GetArticle(t.Context(), "00000000")
	if !errors.Is(err, mdti.ErrInvalidResponse) || a != nil {
		t.Errorf("GetArticle = %+v, %v; want nil and ErrInvalidResponse", a, err)
	}
}
