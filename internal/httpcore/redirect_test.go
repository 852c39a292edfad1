package httpcore

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/internal/testkit"
)

// TestRedirectHopsAreNotAttempts follows redirects on the same host: the
// hops belong to one attempt, which the Observer sees once, and which
// Response.Attempts and error texts count once.
func TestRedirectHopsAreNotAttempts(t *testing.T) {
	t.Parallel()
	var srvURL string
	var requests atomic.Int32
	srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		switch {
		case strings.HasSuffix(r.URL.Path, "/hop0"):
			http.Redirect(w, r, "/v1/hop1", http.StatusFound)
		case strings.HasSuffix(r.URL.Path, "/hop1"):
			http.Redirect(w, r, "/v1/done", http.StatusTemporaryRedirect)
		case strings.HasSuffix(r.URL.Path, "/loop"):
			http.Redirect(w, r, "/v1/loop", http.StatusFound)
		case strings.HasSuffix(r.URL.Path, "/upgrade"):
			// An upgrade to https on the same host and port: that port
			// speaks plain http, so the https request cannot succeed.
			http.Redirect(w, r, "https://"+strings.TrimPrefix(srvURL, "http://")+"/v1/done", http.StatusMovedPermanently)
		default:
			io.WriteString(w, `{"ok":true}`)
		}
	}))
	srvURL = srv.URL
	base, err := ParseBaseURL(srv.URL+"/v1", false)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		Requests      int32
		Attempts      int
		Observed      []int // Attempt.Number of each report
		Retries       int   // reports with Retry()
		ErrSays       string
		ErrSaysBefore bool // "after N attempts" in the error
	}
	tests := []struct {
		path string
		want result
	}{
		{"hop0", result{Requests: 3, Attempts: 1, Observed: []int{1}}},
		{"loop", result{Requests: 10, Observed: []int{1}, ErrSays: "stopped after 10 redirects"}},
		{"upgrade", result{Requests: 1, Observed: []int{1}, ErrSays: "HTTP response to HTTPS client"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			requests.Store(0)
			var mu sync.Mutex
			var got result
			c := newTestClient(t, Config{
				BaseURL: base, HTTPClient: srv.Client(), Retry: RetryPolicy{MaxRetries: 3},
				Observer: ObserverFunc(func(_ context.Context, a Attempt) {
					mu.Lock()
					defer mu.Unlock()
					got.Observed = append(got.Observed, a.Number)
					if a.Retry() {
						got.Retries++
					}
				}),
			})
			req, err := c.NewRequest("GET", tt.path, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := c.Do(t.Context(), req, nil)
			got.Requests = requests.Load()
			if resp != nil {
				got.Attempts = resp.Attempts
			}
			if err != nil {
				for _, s := range []string{"stopped after 10 redirects", "HTTP response to HTTPS client"} {
					if strings.Contains(err.Error(), s) {
						got.ErrSays = s
					}
				}
				got.ErrSaysBefore = strings.Contains(err.Error(), "attempts")
				if tt.want.ErrSays == "" {
					t.Errorf("err = %v", err)
				}
				if tt.path == "upgrade" && !errors.Is(err, http.ErrSchemeMismatch) {
					t.Errorf("err = %v, want http.ErrSchemeMismatch", err)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
