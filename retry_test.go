package passivetotal

import (
	"context"
	"crypto/x509"
	"errors"
	"net/http"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

// testPolicy has real waits: the tests run in synctest bubbles, where they
// cost no real time.
var testPolicy = RetryPolicy{MaxRetries: 4, MinWait: time.Second, MaxWait: 8 * time.Second, MaxRetryAfter: 30 * time.Second}

func TestRetryMatrix(t *testing.T) {
	t.Parallel()
	throttle := reply{status: 429, body: `{"message":"Too many requests, slow down"}`}
	quota := reply{status: 429, body: `{"error":{"http_code":429,"message":"Quota has been exceeded!"}}`}
	ok := reply{status: 200, body: `{"ok":true}`}
	reset := reply{err: syscall.ECONNRESET}
	tests := []struct {
		name     string
		replies  []reply
		attempts int
		wantIs   error // nil: success
		wantWait time.Duration
	}{
		{"500 then ok", []reply{{status: 500}, ok}, 2, nil, 1 * time.Second},
		{"502 503 504 then ok", []reply{{status: 502}, {status: 503}, {status: 504}, ok}, 4, nil, 7 * time.Second},
		{"503 forever", []reply{{status: 503, body: `{"message":"down"}`}}, 5, nil, 15 * time.Second},
		{"throttle then ok", []reply{throttle, ok}, 2, nil, time.Second},
		{"throttle forever", []reply{throttle}, 5, ErrThrottled, 15 * time.Second},
		{"quota 429 is final", []reply{quota, ok}, 1, ErrQuotaExceeded, 0},
		{"400", []reply{{status: 400, body: `{"message":"bad"}`}, ok}, 1, nil, 0},
		{"401", []reply{{status: 401}, ok}, 1, ErrUnauthorized, 0},
		{"402", []reply{{status: 402}, ok}, 1, ErrNotPermitted, 0},
		{"403", []reply{{status: 403}, ok}, 1, ErrNotPermitted, 0},
		{"403 quota", []reply{{status: 403, body: "Daily Query Limit Reached"}, ok}, 1, ErrQuotaExceeded, 0},
		{"404", []reply{{status: 404}, ok}, 1, ErrNotFound, 0},
		{"connection reset then ok", []reply{reset, ok}, 2, nil, time.Second},
		{"connection reset forever", []reply{reset}, 5, syscall.ECONNRESET, 15 * time.Second},
		{"attempt timeout then ok", []reply{{block: true}, ok}, 2, nil, 2*time.Second + time.Second},
		{"attempt timeout forever", []reply{{block: true}}, 5, context.DeadlineExceeded, 5*2*time.Second + 15*time.Second},
		{"bad certificate", []reply{{err: x509.UnknownAuthorityError{}}, ok}, 1, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, ft := newFakeClient(t, tt.replies, WithRetryPolicy(testPolicy), WithAttemptTimeout(2*time.Second))
				start := time.Now()
				var v map[string]any
				resp, err := c.get(t.Context(), "dns/passive", nil, false, &v)
				elapsed := time.Since(start)

				if got := ft.calls(); got != tt.attempts {
					t.Errorf("attempts = %d, want %d", got, tt.attempts)
				}
				if elapsed != tt.wantWait {
					t.Errorf("elapsed = %v, want %v", elapsed, tt.wantWait)
				}
				final := tt.replies[min(tt.attempts, len(tt.replies))-1]
				switch {
				case final.status == 200:
					if err != nil {
						t.Fatalf("err = %v", err)
					}
					if resp.Attempts != tt.attempts {
						t.Errorf("Response.Attempts = %d", resp.Attempts)
					}
				case final.status != 0:
					var er *ErrorResponse
					if !errors.As(err, &er) {
						t.Fatalf("err = %v (%T), want *ErrorResponse", err, err)
					}
					if er.StatusCode != final.status || er.Attempts != tt.attempts {
						t.Errorf("ErrorResponse status %d attempts %d", er.StatusCode, er.Attempts)
					}
					if resp == nil || resp.StatusCode != final.status {
						t.Errorf("the last response is not returned: %+v", resp)
					}
				default:
					if err == nil {
						t.Fatal("no error")
					}
				}
				if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
					t.Errorf("err = %v, want errors.Is %v", err, tt.wantIs)
				}
				ft.checkClosed(t)
			})
		})
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// value builds the header from the bubble's clock.
		value func(now time.Time) string
		want  time.Duration
	}{
		{"seconds", func(time.Time) string { return "7" }, 7 * time.Second},
		{"http date", func(now time.Time) string { return now.Add(10 * time.Second).UTC().Format(http.TimeFormat) }, 10 * time.Second},
		{"seconds capped", func(time.Time) string { return "3600" }, 30 * time.Second},
		{"date capped", func(now time.Time) string { return now.Add(2 * time.Hour).UTC().Format(http.TimeFormat) }, 30 * time.Second},
		{"date in the past", func(now time.Time) string { return now.Add(-time.Hour).UTC().Format(http.TimeFormat) }, 0},
		{"zero", func(time.Time) string { return "0" }, 0},
		{"garbage uses backoff", func(time.Time) string { return "soon" }, time.Second},
	}
	for _, tt := range tests {
		for _, status := range []int{429, 503} {
			t.Run(tt.name+"/"+http.StatusText(status), func(t *testing.T) {
				t.Parallel()
				synctest.Test(t, func(t *testing.T) {
					h := http.Header{"Retry-After": {tt.value(time.Now())}}
					c, ft := newFakeClient(t, []reply{{status: status, header: h, body: `{}`}, {status: 200, body: `{}`}},
						WithRetryPolicy(testPolicy))
					start := time.Now()
					if _, err := c.get(t.Context(), "dns/passive", nil, false, nil); err != nil {
						t.Fatal(err)
					}
					if got := time.Since(start); got != tt.want {
						t.Errorf("waited %v, want %v", got, tt.want)
					}
					ft.checkClosed(t)
				})
			})
		}
	}
}

func TestCancelStopsBackoffAtOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		header http.Header
	}{
		{"exponential backoff", nil},
		{"retry-after", http.Header{"Retry-After": {"25"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				slow := RetryPolicy{MaxRetries: 4, MinWait: 20 * time.Second, MaxWait: time.Minute, MaxRetryAfter: time.Minute}
				c, ft := newFakeClient(t, []reply{{status: 503, header: tc.header, body: `{"message":"busy"}`}}, WithRetryPolicy(slow))
				ctx, cancel := context.WithCancel(t.Context())
				time.AfterFunc(3*time.Second, cancel)
				start := time.Now()
				_, err := c.get(ctx, "dns/passive", nil, false, nil)
				if got := time.Since(start); got != 3*time.Second {
					t.Errorf("call returned after %v, want 3s (at cancellation)", got)
				}
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err = %v, want context.Canceled", err)
				}
				if ft.calls() != 1 {
					t.Errorf("%d attempts, want 1", ft.calls())
				}
				ft.checkClosed(t)
			})
		})
	}
}

func TestDeadlineStopsBackoff(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, ft := newFakeClient(t, []reply{{status: 502}}, WithRetryPolicy(RetryPolicy{MaxRetries: 3, MinWait: time.Minute, MaxWait: time.Hour}))
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		start := time.Now()
		_, err := c.get(ctx, "dns/passive", nil, false, nil)
		if got := time.Since(start); got != 5*time.Second {
			t.Errorf("returned after %v, want 5s", got)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v", err)
		}
		ft.checkClosed(t)
	})
}

func TestCancelledContextSendsNothing(t *testing.T) {
	t.Parallel()
	c, ft := newFakeClient(t, []reply{{status: 200, body: `{}`}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.get(ctx, "dns/passive", nil, false, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if ft.calls() != 0 {
		t.Errorf("%d requests sent", ft.calls())
	}
}
