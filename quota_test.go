package passivetotal

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// quotaBody writes an /account/quota answer. org < 0 leaves the
// organization block out.
func quotaBody(userCount, userLimit, orgCount, orgLimit int, nextReset string) string {
	user := fmt.Sprintf(`{"owner":"analyst@example.com","organization":null,"guid":null,
		"profile":{"analysis":null,"workflow":null},"freebies":{"search_api":0,"search_web":"0"},
		"counts":{"search_api":%d,"search_web":3,"basic_monitors":1},
		"limits":{"search_api":%d,"search_web":50,"monitor_frequency":"weekly","create_crawls":0},
		"quotaInterval":"monthly","useMonthlyQuotaInactive":false,
		"licenseCounts":{"searchApi":7,"searchWeb":8},"licenseLimits":{"searchApi":70,"searchWeb":80},
		"next_reset":%q,"last_reset":"1999-12-01 00:00:00","username":"analyst@example.com",
		"event_code":null,"event_code_expiration":null}`, userCount, userLimit, nextReset)
	if orgLimit < 0 {
		return `{"user":` + user + `}`
	}
	org := fmt.Sprintf(`{"owner":"Example Org","organization":"Example Org","guid":"org-guid",
		"profile":{"analysis":"free","workflow":"free"},
		"counts":{"search_api":"%d"},"limits":{"search_api":%d},"quotaInterval":"daily",
		"licenseCounts":{"enterprise":{"searchApi":1,"searchWeb":2}},
		"licenseLimits":{"enterprise":{"searchApi":10,"searchWeb":20}},
		"next_reset":%q,"last_reset":"1999-12-31 00:00:00","username":null}`, orgCount, orgLimit, nextReset)
	return `{"user":` + user + `,"organization":` + org + `}`
}

func TestQuotaDecode(t *testing.T) {
	t.Parallel()
	c, ft := newFakeClient(t, []reply{{status: 200, body: quotaBody(100, 1000, 40, 100, "2000-01-02 00:00:00")}})
	q, resp, err := c.Quota(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || ft.paths[0] != "/pt/v2/account/quota" {
		t.Errorf("status %d path %s", resp.StatusCode, ft.paths[0])
	}
	reset := time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC)
	type view struct {
		UserCounts, UserLimits, OrgCounts, OrgLimits QuotaCounters
		UserLicense, OrgLicense                      [2]LicenseCounters
		UserReset, OrgReset                          time.Time
		UserResetRaw                                 string
		Interval, Owner, GUID                        string
	}
	got := view{
		UserCounts: q.User.Counts, UserLimits: q.User.Limits, OrgCounts: q.Organization.Counts, OrgLimits: q.Organization.Limits,
		UserLicense: [2]LicenseCounters{q.User.LicenseCounts, q.User.LicenseLimits},
		OrgLicense:  [2]LicenseCounters{q.Organization.LicenseCounts, q.Organization.LicenseLimits},
		UserReset:   q.User.NextReset.Time, OrgReset: q.Organization.NextReset.Time, UserResetRaw: q.User.NextReset.Raw,
		Interval: q.Organization.QuotaInterval, Owner: q.Organization.Owner, GUID: q.Organization.GUID,
	}
	want := view{
		UserCounts:   QuotaCounters{SearchAPI: 100, SearchWeb: 3, BasicMonitors: 1},
		UserLimits:   QuotaCounters{SearchAPI: 1000, SearchWeb: 50, MonitorFrequency: "weekly"},
		OrgCounts:    QuotaCounters{SearchAPI: 40},
		OrgLimits:    QuotaCounters{SearchAPI: 100},
		UserLicense:  [2]LicenseCounters{{7, 8}, {70, 80}},
		OrgLicense:   [2]LicenseCounters{{1, 2}, {10, 20}},
		UserReset:    reset,
		OrgReset:     reset,
		UserResetRaw: "2000-01-02 00:00:00",
		Interval:     "daily", Owner: "Example Org", GUID: "org-guid",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded quota (-want +got):\n%s", diff)
	}
}

func TestQuotaArithmetic(t *testing.T) {
	t.Parallel()
	block := func(count, limit int) *QuotaBlock {
		b := &QuotaBlock{}
		b.Counts.SearchAPI, b.Limits.SearchAPI = count, limit
		return b
	}
	tests := []struct {
		name      string
		q         *Quota
		remaining int
		exhausted bool
		scope     string
	}{
		{"user only", &Quota{User: block(100, 1000)}, 900, false, "user"},
		{"organization tighter", &Quota{User: block(100, 1000), Organization: block(40, 100)}, 60, false, "organization"},
		{"user tighter", &Quota{User: block(95, 100), Organization: block(0, 1000)}, 5, false, "user"},
		{"organization only", &Quota{Organization: block(1, 3)}, 2, false, "organization"},
		{"missing both blocks", &Quota{}, 0, true, ""},
		{"nil quota", nil, 0, true, ""},
		{"exhausted exactly", &Quota{User: block(1000, 1000)}, 0, true, "user"},
		{"overshot (== would miss it)", &Quota{User: block(1003, 1000)}, 0, true, "user"},
		{"organization exhausted", &Quota{User: block(0, 1000), Organization: block(100, 100)}, 0, true, "organization"},
		{"zero limit", &Quota{User: block(0, 0)}, 0, true, "user"},
		{"limit minus count overflows", &Quota{User: block(-1, math.MaxInt)}, math.MaxInt, false, "user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, scope := tt.q.Binding()
			got := []any{tt.q.Remaining(), tt.q.Exhausted(), scope}
			want := []any{tt.remaining, tt.exhausted, tt.scope}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("[Remaining Exhausted scope] (-want +got):\n%s", diff)
			}
		})
	}
}

// quotaServer answers /account/quota with the current body and anything
// else with 200 {}, counting calls per path.
type quotaServer struct {
	mu     sync.Mutex
	body   string
	status int
	calls  map[string]int
}

func newQuotaClient(t *testing.T, qs *quotaServer, opts ...Option) *Client {
	t.Helper()
	qs.calls = map[string]int{}
	rt := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		qs.mu.Lock()
		defer qs.mu.Unlock()
		p := strings.TrimPrefix(req.URL.Path, "/pt/v2")
		qs.calls[p]++
		if p == "/account/quota" {
			return fakeResponse(req, qs.status, qs.body), nil
		}
		return fakeResponse(req, 200, `{}`), nil
	})
	c, err := NewClient(testUser, testKey, append([]Option{withTransport(rt), WithRetryPolicy(noWait)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (qs *quotaServer) count(path string) int {
	qs.mu.Lock()
	defer qs.mu.Unlock()
	return qs.calls[path]
}

func (qs *quotaServer) set(status int, body string) {
	qs.mu.Lock()
	defer qs.mu.Unlock()
	qs.status, qs.body = status, body
}

func TestQuotaGuardStopsBeforeSending(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		qs := &quotaServer{status: 200, body: quotaBody(0, 1000, 97, 100, "2000-01-02 00:00:00")}
		c := newQuotaClient(t, qs, WithQuotaGuard(time.Hour))
		ctx := t.Context()
		for i := range 3 {
			if _, err := c.get(ctx, "dns/passive", nil, true, nil); err != nil {
				t.Fatalf("search %d: %v", i+1, err)
			}
		}
		// Calls that spend no search pass whatever the quota says.
		if _, err := c.get(ctx, "articles", nil, false, nil); err != nil {
			t.Fatal(err)
		}
		_, err := c.get(ctx, "dns/passive", nil, true, nil)
		var qe *QuotaExceededError
		if !errors.Is(err, ErrQuotaExceeded) || !errors.As(err, &qe) {
			t.Fatalf("4th search: err = %v, want a *QuotaExceededError", err)
		}
		want := QuotaExceededError{Scope: "organization", Count: 100, Limit: 100, NextReset: time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC)}
		if diff := cmp.Diff(want, *qe); diff != "" {
			t.Errorf("quota error (-want +got):\n%s", diff)
		}
		if !strings.Contains(err.Error(), "request not sent") || !strings.Contains(err.Error(), "2000-01-02T00:00:00Z") {
			t.Errorf("error text %q", err)
		}
		if got := []int{qs.count("/account/quota"), qs.count("/dns/passive"), qs.count("/articles")}; !cmp.Equal(got, []int{1, 3, 1}) {
			t.Errorf("calls [quota dns articles] = %v, want [1 3 1]", got)
		}
	})
}

func TestQuotaGuardCache(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		// The bubble's clock starts at 2000-01-01 00:00 UTC; the quota
		// resets at 00:30, and the guard trusts an answer for 10 minutes.
		qs := &quotaServer{status: 200, body: quotaBody(0, 1000, -1, -1, "2000-01-01 00:30:00")}
		c := newQuotaClient(t, qs, WithQuotaGuard(10*time.Minute))
		search := func() {
			t.Helper()
			if _, err := c.get(t.Context(), "dns/passive", nil, true, nil); err != nil {
				t.Fatal(err)
			}
		}
		search()
		time.Sleep(9 * time.Minute)
		search()
		if n := qs.count("/account/quota"); n != 1 {
			t.Errorf("quota fetched %d times within max age, want 1", n)
		}
		time.Sleep(2 * time.Minute) // 00:11, past max age
		search()
		if n := qs.count("/account/quota"); n != 2 {
			t.Errorf("quota fetched %d times after max age, want 2", n)
		}
		// Exhaust it, then wait for the reset: the guard asks again.
		qs.set(200, quotaBody(1000, 1000, -1, -1, "2000-01-01 00:30:00"))
		time.Sleep(10 * time.Minute) // 00:21
		if _, err := c.get(t.Context(), "dns/passive", nil, true, nil); !errors.Is(err, ErrQuotaExceeded) {
			t.Fatalf("err = %v", err)
		}
		qs.set(200, quotaBody(0, 1000, -1, -1, "2000-02-01 00:00:00"))
		time.Sleep(9 * time.Minute) // 00:30, the reset, within max age
		search()
		if got := []int{qs.count("/account/quota"), qs.count("/dns/passive")}; !cmp.Equal(got, []int{4, 4}) {
			t.Errorf("calls [quota dns] = %v, want [4 4]", got)
		}
	})
}

func TestQuotaGuardPastResetIgnored(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		// Archives and simulators answer with a next_reset long gone: it
		// must not force a quota call before every search.
		qs := &quotaServer{status: 200, body: quotaBody(0, 1000, -1, -1, "1999-01-01 00:00:00")}
		c := newQuotaClient(t, qs, WithQuotaGuard(time.Hour))
		for range 3 {
			if _, err := c.get(t.Context(), "dns/passive", nil, true, nil); err != nil {
				t.Fatal(err)
			}
		}
		if n := qs.count("/account/quota"); n != 1 {
			t.Errorf("quota fetched %d times, want 1", n)
		}
	})
}

func TestQuotaGuardServerRefusal(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		qs := &quotaServer{status: 200, body: quotaBody(0, 1000, -1, -1, "2000-01-02 00:00:00")}
		var calls int
		rt := roundTripFunc(func(req *http.Request) (*http.Response, error) {
			if strings.HasSuffix(req.URL.Path, "/account/quota") {
				return fakeResponse(req, 200, qs.body), nil
			}
			calls++
			return fakeResponse(req, 429, `{"error":{"message":"Quota has been exceeded!"}}`), nil
		})
		c, err := NewClient(testUser, testKey, withTransport(rt), WithQuotaGuard(time.Hour), WithRetryPolicy(noWait))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.get(t.Context(), "dns/passive", nil, true, nil)
		var qe *QuotaExceededError
		var er *ErrorResponse
		if !errors.As(err, &qe) || !errors.As(err, &er) || er.StatusCode != 429 {
			t.Fatalf("err = %v, want the server's refusal inside a *QuotaExceededError", err)
		}
		reset := time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC)
		if !qe.NextReset.Equal(reset) || !er.QuotaReset.Equal(reset) {
			t.Errorf("NextReset = %v, ErrorResponse.QuotaReset = %v", qe.NextReset, er.QuotaReset)
		}
		if _, err := c.get(t.Context(), "dns/passive", nil, true, nil); !errors.Is(err, ErrQuotaExceeded) {
			t.Fatalf("second search: %v", err)
		}
		if calls != 1 {
			t.Errorf("%d searches sent after the server said the quota is gone, want 1", calls)
		}
	})
}

func TestQuotaGuardFetchFails(t *testing.T) {
	t.Parallel()
	qs := &quotaServer{status: 401, body: `{"message":"API key provided does not match any user."}`}
	c := newQuotaClient(t, qs, WithQuotaGuard(0))
	_, err := c.get(context.Background(), "dns/passive", nil, true, nil)
	if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "quota guard") {
		t.Errorf("err = %v", err)
	}
	if n := qs.count("/dns/passive"); n != 0 {
		t.Errorf("%d searches sent", n)
	}
}

func TestQuotaGuardConcurrent(t *testing.T) {
	t.Parallel()
	qs := &quotaServer{status: 200, body: quotaBody(0, 10, -1, -1, "")}
	c := newQuotaClient(t, qs, WithQuotaGuard(time.Hour))
	var wg sync.WaitGroup
	var mu sync.Mutex
	refused := 0
	for range 25 {
		wg.Go(func() {
			_, err := c.get(context.Background(), "dns/passive", nil, true, nil)
			if errors.Is(err, ErrQuotaExceeded) {
				mu.Lock()
				refused++
				mu.Unlock()
			} else if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := []int{qs.count("/account/quota"), qs.count("/dns/passive"), refused}; !cmp.Equal(got, []int{1, 10, 15}) {
		t.Errorf("[quota calls, searches sent, refused] = %v, want [1 10 15]", got)
	}
}
