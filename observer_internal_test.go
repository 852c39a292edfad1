package passivetotal

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// recorder keeps every Attempt it sees.
type recorder struct {
	mu       sync.Mutex
	attempts []Attempt
}

func (r *recorder) ObserveAttempt(_ context.Context, a Attempt) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts = append(r.attempts, a)
}

func (r *recorder) got() []Attempt {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slicesClone(r.attempts)
}

func sameErrorText(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}

func slicesClone(a []Attempt) []Attempt { return append([]Attempt(nil), a...) }

func TestObserverReportsEveryAttempt(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		dnsCalls := 0
		rt := roundTripFunc(func(req *http.Request) (*http.Response, error) {
			switch {
			case strings.HasSuffix(req.URL.Path, "/account/quota"):
				return fakeResponse(req, 200, quotaBody(40, 100, -1, -1, "2000-01-02 00:00:00")), nil
			case dnsCalls == 0:
				dnsCalls++
				time.Sleep(250 * time.Millisecond) // server time
				return fakeResponse(req, 503, `{}`), nil
			default:
				dnsCalls++
				return nil, errors.New("connection reset by peer")
			}
		})
		rec := &recorder{}
		c, err := NewClient(testUser, testKey,
			WithHTTPClient(&http.Client{Transport: rt}),
			WithRateLimit(1, 1),
			WithRetryPolicy(RetryPolicy{MaxRetries: 1, MinWait: 3 * time.Second, MaxWait: 3 * time.Second}),
			WithObserver(rec), withCeilingJitter())
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.Quota(t.Context()); err != nil {
			t.Fatal(err)
		}
		_, err = c.get(t.Context(), "dns/passive", nil, true, nil)
		if err == nil {
			t.Fatal("no error")
		}
		got := rec.got()
		for i := range got {
			if got[i].Err != nil {
				got[i].Err = errors.New(got[i].Err.Error())
			}
		}
		want := []Attempt{
			{Method: "GET", Endpoint: "/account/quota", Number: 1, StatusCode: 200},
			// The quota call took the only token: the search waits 1 s for
			// the limiter, then the server takes 250 ms.
			{Method: "GET", Endpoint: "/dns/passive", Number: 1, StatusCode: 503,
				Duration: 250 * time.Millisecond, LimiterWait: time.Second, QuotaRemaining: 59, QuotaKnown: true},
			{Method: "GET", Endpoint: "/dns/passive", Number: 2, Err: errors.New("connection reset by peer"),
				BackoffWait: 3 * time.Second, QuotaRemaining: 59, QuotaKnown: true},
		}
		if diff := cmp.Diff(want, got, cmp.Comparer(sameErrorText)); diff != "" {
			t.Errorf("attempts (-want +got):\n%s", diff)
		}
		var classes []string
		for _, a := range got {
			classes = append(classes, a.StatusClass())
		}
		if diff := cmp.Diff([]string{"2xx", "5xx", "error"}, classes); diff != "" {
			t.Errorf("status classes (-want +got):\n%s", diff)
		}
	})
}

func TestObserverSeesGuardRefusal(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	qs := &quotaServer{status: 200, body: quotaBody(100, 100, -1, -1, "")}
	c := newQuotaClient(t, qs, WithQuotaGuard(time.Hour), WithObserver(rec))
	if _, err := c.get(context.Background(), "dns/passive/unique", nil, true, nil); !errors.Is(err, ErrQuotaExceeded) {
		t.Fatalf("err = %v", err)
	}
	got := rec.got()
	if len(got) != 2 {
		t.Fatalf("%d attempts reported, want 2 (quota check, refusal)", len(got))
	}
	last := got[1]
	if last.StatusClass() != "blocked" || last.Endpoint != "/dns/passive/unique" || !errors.Is(last.Err, ErrQuotaExceeded) ||
		!last.QuotaKnown || last.QuotaRemaining != 0 {
		t.Errorf("refusal reported as %+v", last)
	}
}
