package passivetotal

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/internal/testkit"
	"golang.org/x/time/rate"
)

// TestDefaultRetryPolicyIsRead: NewClient starts from the exported
// DefaultRetryPolicy as it is when the client is built, as its comment
// promises, so a program can change it once for every client. The test
// changes a package variable, so it is not parallel (top-level sequential
// tests run before the parallel ones resume).
func TestDefaultRetryPolicyIsRead(t *testing.T) {
	old := DefaultRetryPolicy
	t.Cleanup(func() { DefaultRetryPolicy = old })
	DefaultRetryPolicy = RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond, MaxRetryAfter: time.Second}
	if diff := cmp.Diff(DefaultRetryPolicy, defaultSettings().Retry); diff != "" {
		t.Errorf("NewClient's starting policy (-DefaultRetryPolicy +got):\n%s", diff)
	}

	srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	c, err := NewClient(testUser, testKey, WithBaseURL(srv.URL+"/pt/v2"), WithRateLimit(rate.Inf, 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Quota(t.Context()); err == nil {
		t.Fatal("a 503 answer gave no error")
	}
	if n := srv.Count(); n != 2 {
		t.Errorf("%d requests, want 2 (MaxRetries 1 of the changed DefaultRetryPolicy)", n)
	}
}
