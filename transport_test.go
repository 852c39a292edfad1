package passivetotal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	token := strings.TrimPrefix(testBasic, "Basic ")
	secrets := []string{testKey, token, testBasic}
	echo := `{"error":{"message":"key ` + testKey + ` refused","developer_message":"Authorization: ` + testBasic + `"}}`
	tests := []struct {
		name    string
		replies []reply
		query   url.Values
		opts    []Option
		search  bool
	}{
		{"success", []reply{{status: 200, body: `{}`}}, nil, nil, false},
		{"401 echoing credentials", []reply{{status: 401, body: echo}}, nil, nil, false},
		{"200 error object echoing credentials", []reply{{status: 200, body: echo}}, nil, nil, false},
		{"html echoing credentials", []reply{{status: 500, body: "<title>" + testKey + "</title>"}}, nil, []Option{WithRetryPolicy(RetryPolicy{MaxRetries: 1})}, false},
		{"not JSON echoing credentials", []reply{{status: 200, body: "key=" + testKey}}, nil, nil, false},
		{"invalid JSON echoing credentials", []reply{{status: 200, body: `{"n":"` + testKey + `"}`}}, nil, nil, false},
		{"transport error quoting the key", []reply{{err: errors.New("proxy said: " + testKey + " / " + testBasic)}}, nil, []Option{WithRetryPolicy(RetryPolicy{MaxRetries: 2})}, false},
		{"secret query parameter", []reply{{status: 404}}, url.Values{"api_key": {testKey}, "token": {"t0k3n-secret-value"}, "query": {"example.com"}}, nil, false},
		{"retries", []reply{{status: 503}, {status: 429}, {status: 200, body: `{}`}}, nil, nil, false},
		{"quota refusal", []reply{{status: 429, body: `{"message":"Quota has been exceeded! ` + testKey + `"}`}}, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var logs syncBuffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			// The observer is the caller's code: what it is handed may be logged.
			rec := &recorder{}
			opts := append([]Option{WithLogger(logger), WithRetryPolicy(noWait), WithObserver(rec)}, tt.opts...)
			c, ft := newFakeClient(t, tt.replies, opts...)
			var v struct{ N int }
			_, err := c.get(context.Background(), "dns/passive", tt.query, tt.search, &v)
			texts := []string{logs.String(), fmt.Sprint(c), fmt.Sprintf("%+v %#v", c, c)}
			for _, a := range rec.got() {
				if a.Err != nil {
					texts = append(texts, a.Err.Error(), fmt.Sprintf("%+v", a.Err))
				}
			}
			if err != nil {
				texts = append(texts, err.Error(), fmt.Sprintf("%v %+v", err, err))
				var er *ErrorResponse
				if errors.As(err, &er) {
					texts = append(texts, er.Message, er.DeveloperMessage, string(er.Body), er.URL)
				}
				var de *DecodeError
				if errors.As(err, &de) {
					texts = append(texts, de.Snippet, de.URL)
				}
			}
			if logs.String() == "" {
				t.Error("nothing was logged at debug level")
			}
			for _, text := range texts {
				for _, s := range append(secrets, "t0k3n-secret-value") {
					if strings.Contains(text, s) {
						t.Errorf("secret %q found in %q", s, text)
					}
				}
			}
			ft.checkClosed(t)
		})
	}
}

func TestLogRecords(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var logs syncBuffer
		logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{
			Level: slog.LevelDebug,
			ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey {
					return slog.Attr{}
				}
				return a
			},
		}))
		c, _ := newFakeClient(t, []reply{{status: 503}, {status: 200, body: `{}`}},
			WithLogger(logger), WithRetryPolicy(testPolicy))
		if _, err := c.get(t.Context(), "articles/"+url.PathEscape("a/b"), url.Values{"x": {"1"}}, false, nil); err != nil {
			t.Fatal(err)
		}
		want := `level=DEBUG msg="passivetotal attempt" method=GET endpoint=/articles/{guid} url="https://api.riskiq.net/pt/v2/articles/a%2Fb?x=1" attempt=1 status=503 duration=0s limiter_wait=0s backoff=0s
level=INFO msg="passivetotal retry" endpoint=/articles/{guid} attempt=1 status=503
level=DEBUG msg="passivetotal attempt" method=GET endpoint=/articles/{guid} url="https://api.riskiq.net/pt/v2/articles/a%2Fb?x=1" attempt=2 status=200 duration=0s limiter_wait=0s backoff=1s
`
		if got := logs.String(); got != want {
			t.Errorf("log records:\n%s\nwant:\n%s", got, want)
		}
	})
}

func TestAttemptTimeoutCoversBody(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ft := roundTripFunc(func(req *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: &stallingBody{ctx: req.Context()}, Request: req}, nil
		})
		c, err := NewClient(testUser, testKey, WithHTTPClient(&http.Client{Transport: ft}), WithAttemptTimeout(3*time.Second),
			WithRetryPolicy(RetryPolicy{MaxRetries: 1}))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		var v any
		_, err = c.get(t.Context(), "dns/passive", nil, false, &v)
		// The body is read within the attempt: the timeout fails the
		// attempt, which is retried once, then reported.
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "after 2 attempts") {
			t.Fatalf("err = %v, want two attempts and context.DeadlineExceeded", err)
		}
		if got := time.Since(start); got != 6*time.Second {
			t.Errorf("two stalled body reads took %v, want 2 x 3s", got)
		}
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// stallingBody sends a little JSON, then hangs until its context ends.
type stallingBody struct {
	ctx  context.Context
	sent bool
}

func (b *stallingBody) Read(p []byte) (int, error) {
	if !b.sent {
		b.sent = true
		return copy(p, `{"results":[`), nil
	}
	<-b.ctx.Done()
	return 0, b.ctx.Err()
}

func (b *stallingBody) Close() error { return nil }

func TestEndpointLabels(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"dns/passive":                     "/dns/passive",
		"/dns/passive/unique":             "/dns/passive/unique",
		"articles":                        "/articles",
		"articles/indicators":             "/articles/indicators",
		"articles/" + url.PathEscape("g"): "/articles/{guid}",
		"account/quota":                   "/account/quota",
		"whois":                           "/whois",
		"new-thing":                       "/new-thing",
		"new-thing/abc/def":               "/new-thing/*",
		"x%20y/z":                         "/x_20y/*",
		"":                                "/",
	}
	for in, want := range tests {
		if got := endpointLabel(in); got != want {
			t.Errorf("endpointLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoopback(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST.": true, "sim.localhost": true, "127.0.0.1": true, "127.8.9.10": true,
		"::1": true, "api.riskiq.net": false, "10.0.0.1": false, "0.0.0.0": false, "localhost.evil.com": false,
	} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v", host, got)
		}
	}
}
