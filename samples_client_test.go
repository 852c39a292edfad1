package passivetotal

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestPTSamplesClient reads the reference bodies that belong to the client
// core (the quota answer and the error bodies) through the client's own
// models. CI sets PTSTIX_PT_SAMPLES; elsewhere the test skips.
func TestPTSamplesClient(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("PTSTIX_PT_SAMPLES")
	if dir == "" {
		t.Skip("PTSTIX_PT_SAMPLES is not set (.ci/run sets it to ../shared/reference/pt-samples)")
	}
	read := func(t *testing.T, name string) []byte {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}

	t.Run("account_quota.json", func(t *testing.T) {
		t.Parallel()
		c, _ := newFakeClient(t, []reply{{status: 200, body: string(read(t, "account_quota.json"))}})
		q, _, err := c.Quota(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		_, scope := q.Binding()
		type summary struct {
			UserCount, UserLimit, UserLicense int
			OrgCount, OrgLimit, OrgLicense    int
			Remaining                         int
			Exhausted                         bool
			Scope                             string
			NextReset                         time.Time
		}
		got := summary{
			q.User.Counts.SearchAPI, q.User.Limits.SearchAPI, q.User.LicenseCounts.SearchAPI,
			q.Organization.Counts.SearchAPI, q.Organization.Limits.SearchAPI, q.Organization.LicenseLimits.SearchAPI,
			q.Remaining(), q.Exhausted(), scope, q.NextReset(),
		}
		want := summary{100, 1000, 1234, 0, 100, 1234, 100, false, "organization", time.Date(2021, 1, 2, 0, 0, 0, 0, time.UTC)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("quota (-want +got):\n%s", diff)
		}
	})

	errorBodies := []struct {
		file   string
		status int
		is     error
		msg    string
	}{
		{"error_legacy.json", 401, ErrUnauthorized, "API key provided does not match any user."},
		{"error_message.json", 429, ErrQuotaExceeded, "Quota has been exceeded!"},
		{"error_quota.json", 200, ErrQuotaExceeded, "Quota has been exceeded!"},
		{"mdti_error.json", 429, ErrThrottled, "Too many requests."},
	}
	for _, tt := range errorBodies {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			c, _ := newFakeClient(t, []reply{{status: tt.status, body: string(read(t, tt.file))}}, WithRetryPolicy(RetryPolicy{}))
			_, err := c.get(t.Context(), "dns/passive", nil, false, &map[string]any{})
			var er *ErrorResponse
			if !errors.As(err, &er) || !errors.Is(err, tt.is) || er.Message != tt.msg {
				t.Errorf("err = %v; want an *ErrorResponse matching %v with message %q", err, tt.is, tt.msg)
			}
		})
	}
}
