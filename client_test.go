package passivetotal

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/internal/testkit"
	"golang.org/x/time/rate"
)

const (
	testUser = "analyst@example.com"
	testKey  = "0123456789abcdef-SECRET-KEY-fedcba9876543210"
)

// testBasic is the Authorization header the tests expect.
var testBasic = "Basic " + base64.StdEncoding.EncodeToString([]byte(testUser+":"+testKey))

// noWait is a retry policy that keeps retries but makes backoff instant.
var noWait = RetryPolicy{MaxRetries: 4, MaxRetryAfter: time.Minute}

// newServedClient returns a client of a test server running h, based at
// /pt/v2 on it, with no rate limit and instant backoff unless opts say
// otherwise.
func newServedClient(t *testing.T, h http.HandlerFunc, opts ...Option) (*Client, *testkit.Server) {
	t.Helper()
	srv := testkit.Serve(t, h)
	base := []Option{
		WithBaseURL(srv.URL + "/pt/v2"),
		WithRateLimit(rate.Inf, 0),
		WithRetryPolicy(noWait),
	}
	c, err := NewClient(testUser, testKey, append(base, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, srv
}

// answer is a handler that writes body with status 200.
func answer(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, body) }
}

// sentRequest is what a test server saw.
type sentRequest struct {
	Method, EscapedPath, RawQuery string
	Auth, Accept, UserAgent       string
	ContentType, Body             string
}

func record(r *http.Request) sentRequest {
	var b []byte
	if r.Body != nil {
		b, _ = io.ReadAll(r.Body)
	}
	return sentRequest{
		Method: r.Method, EscapedPath: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
		Auth: r.Header.Get("Authorization"), Accept: r.Header.Get("Accept"),
		UserAgent: r.Header.Get("User-Agent"), ContentType: r.Header.Get("Content-Type"),
		Body: string(b),
	}
}

func TestExactRequests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		base   string // path of the base URL on the test server
		path   string
		query  url.Values
		method string
		body   any
		want   sentRequest
	}{
		{
			name: "riskiq base, query escaped",
			base: "/pt/v2", path: "dns/passive",
			query: url.Values{"query": {"a b&c=d.example"}, "sources": {"riskiq,pingly"}},
			want: sentRequest{Method: "GET", EscapedPath: "/pt/v2/dns/passive",
				RawQuery: "query=a+b%26c%3Dd.example&sources=riskiq%2Cpingly"},
		},
		{
			name: "trailing slash base, leading slash path",
			base: "/v2/", path: "/account/quota",
			want: sentRequest{Method: "GET", EscapedPath: "/v2/account/quota"},
		},
		{
			name: "guid with slash, question mark and dots stays one segment",
			base: "/pt/v2", path: "articles/" + url.PathEscape("../x?y=1 /z"),
			want: sentRequest{Method: "GET", EscapedPath: "/pt/v2/articles/..%2Fx%3Fy=1%20%2Fz"},
		},
		{
			name: "GET with a JSON body",
			base: "/pt/v2", path: "enrichment/bulk", method: "GET",
			body: map[string][]string{"query": {"a.example", "b.example"}},
			want: sentRequest{Method: "GET", EscapedPath: "/pt/v2/enrichment/bulk",
				ContentType: "application/json", Body: `{"query":["a.example","b.example"]}`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got sentRequest
			srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = record(r)
				io.WriteString(w, `{}`)
			}))
			c, err := NewClient(testUser, testKey, WithBaseURL(srv.URL+tt.base), WithRateLimit(rate.Inf, 0), WithRetryPolicy(noWait))
			if err != nil {
				t.Fatal(err)
			}
			method := tt.method
			if method == "" {
				method = "GET"
			}
			req, err := c.NewRequest(method, tt.path, tt.query, tt.body)
			if err != nil {
				t.Fatal(err)
			}
			// Twice: a request (and its body) can be sent again.
			for range 2 {
				if _, err := c.Do(context.Background(), req, nil); err != nil {
					t.Fatal(err)
				}
			}
			tt.want.Auth, tt.want.Accept, tt.want.UserAgent = testBasic, "application/json", defaultUserAgent
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUserAgentOption(t *testing.T) {
	t.Parallel()
	c, srv := newServedClient(t, answer(`{}`), WithUserAgent("my-connector/2.0"))
	if _, err := c.get(context.Background(), "account", nil, false, nil); err != nil {
		t.Fatal(err)
	}
	if ua := srv.Requests()[0].Header.Get("User-Agent"); ua != "my-connector/2.0" {
		t.Errorf("User-Agent = %q", ua)
	}
}

func TestBadPathsRefused(t *testing.T) {
	t.Parallel()
	c, _ := newServedClient(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request sent for a refused path: %s", r.URL)
		io.WriteString(w, `{}`)
	})
	for _, p := range []string{
		"articles/..", "articles/%2e%2E", "articles/./x", "articles//x", "articles/a b",
		"articles/x?y", "articles/x#y", "articles/%zz", "articles/\x00",
	} {
		if _, err := c.get(context.Background(), p, nil, false, nil); err == nil {
			t.Errorf("path %q accepted", p)
		}
	}
}

func TestGetDecodes(t *testing.T) {
	t.Parallel()
	c, _ := newServedClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "GET" || r.URL.Path != "/pt/v2/dns/passive" || r.URL.RawQuery != "query=example.com" {
			t.Errorf("request %s %s", r.Method, r.URL)
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, `{"queryValue":"example.com","totalRecords":2,"extra":true}`)
	})
	var v struct {
		QueryValue   string `json:"queryValue"`
		TotalRecords int    `json:"totalRecords"`
	}
	resp, err := c.get(context.Background(), "dns/passive", url.Values{"query": {"example.com"}}, false, &v)
	if err != nil {
		t.Fatal(err)
	}
	if v.QueryValue != "example.com" || v.TotalRecords != 2 {
		t.Errorf("decoded %+v", v)
	}
	if resp.StatusCode != 200 || resp.Attempts != 1 {
		t.Errorf("response status %d attempts %d", resp.StatusCode, resp.Attempts)
	}
	if got := resp.Request.Header.Get("Authorization"); got != "" {
		t.Errorf("Response.Request keeps Authorization %q", got)
	}
}

func TestNewClientValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		user    string
		key     string
		opts    []Option
		wantErr string // substring; "" means success
	}{
		{"defaults", testUser, testKey, nil, ""},
		{"passivetotal.org", testUser, testKey, []Option{WithBaseURL("https://api.passivetotal.org/v2")}, ""},
		{"loopback http", testUser, testKey, []Option{WithBaseURL("http://127.0.0.1:8080/v2")}, ""},
		{"localhost http", testUser, testKey, []Option{WithBaseURL("http://localhost:9/pt/v2")}, ""},
		{"ipv6 loopback http", testUser, testKey, []Option{WithBaseURL("http://[::1]:9/")}, ""},
		{"remote http refused", testUser, testKey, []Option{WithBaseURL("http://api.riskiq.net/pt/v2")}, "clear text"},
		{"remote http opted in", testUser, testKey, []Option{WithBaseURL("http://sim.internal:8080"), WithInsecureHTTP()}, ""},
		{"opt-in before base", testUser, testKey, []Option{WithInsecureHTTP(), WithBaseURL("http://sim.internal:8080")}, ""},
		{"ftp", testUser, testKey, []Option{WithBaseURL("ftp://x/")}, "scheme"},
		{"credentials in URL", testUser, testKey, []Option{WithBaseURL("https://u:p@x/")}, "credentials"},
		{"query in URL", testUser, testKey, []Option{WithBaseURL("https://x/v2?a=b")}, "query"},
		{"dot segment", testUser, testKey, []Option{WithBaseURL("https://x/v2/..")}, "dot"},
		{"no host", testUser, testKey, []Option{WithBaseURL("https:///v2")}, "no host"},
		{"empty user", "", testKey, nil, "required"},
		{"empty key", testUser, "", nil, "required"},
		{"colon in user", "a:b", testKey, nil, "':'"},
		{"negative retries", testUser, testKey, []Option{WithRetryPolicy(RetryPolicy{MaxRetries: -1})}, "negative"},
		{"min above max", testUser, testKey, []Option{WithRetryPolicy(RetryPolicy{MinWait: 2 * time.Second, MaxWait: time.Second})}, "larger"},
		{"negative timeout", testUser, testKey, []Option{WithAttemptTimeout(-time.Second)}, "negative"},
		{"zero rate", testUser, testKey, []Option{WithRateLimit(0, 1)}, "positive"},
		{"zero burst", testUser, testKey, []Option{WithRateLimit(1, 0)}, "burst"},
		{"rate off", testUser, testKey, []Option{WithRateLimit(rate.Inf, 0)}, ""},
		{"nil limiter off", testUser, testKey, []Option{WithLimiter(nil)}, ""},
		{"zero size", testUser, testKey, []Option{WithMaxResponseSize(0)}, "positive"},
		{"empty UA", testUser, testKey, []Option{WithUserAgent("")}, "empty"},
		{"nil logger", testUser, testKey, []Option{WithLogger(nil)}, "nil"},
		{"nil http client", testUser, testKey, []Option{WithHTTPClient(nil)}, "nil"},
		{"nil observer", testUser, testKey, []Option{WithObserver(nil)}, "nil"},
		{"negative guard", testUser, testKey, []Option{WithQuotaGuard(-1)}, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(tt.user, tt.key, tt.opts...)
			if tt.wantErr == "" {
				if err != nil || c == nil {
					t.Fatalf("NewClient: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("NewClient error = %v, want it to mention %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error leaks the key: %v", err)
			}
		})
	}
}

func TestHTTPClientNotMutated(t *testing.T) {
	t.Parallel()
	srv := testkit.Serve(t, answer(`{}`))
	hc := &http.Client{Transport: srv.Client().Transport, Timeout: time.Minute}
	before := *hc
	c, err := NewClient(testUser, testKey, WithBaseURL(srv.URL), WithHTTPClient(hc), WithRateLimit(rate.Inf, 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.get(context.Background(), "account", nil, false, nil); err != nil {
		t.Fatal(err)
	}
	if hc.Transport != before.Transport || hc.Timeout != before.Timeout || hc.CheckRedirect != nil || hc.Jar != nil {
		t.Errorf("the user's http.Client was modified: %+v", hc)
	}
	if n := srv.Count(); n != 1 {
		t.Errorf("the server saw %d calls through the user's transport, want 1", n)
	}
}

func TestInsecureRequestRefusedInDo(t *testing.T) {
	t.Parallel()
	// The default https base: the request must be refused before any transport
	// sees it, so the transport fails the test if it is called.
	var sent atomic.Int32
	c, err := NewClient(testUser, testKey, WithRateLimit(rate.Inf, 0), WithHTTPClient(&http.Client{
		Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			sent.Add(1)
			return nil, errors.New("sent")
		}),
	}))
	if err != nil {
		t.Fatal(err)
	}
	req, err := c.NewRequest("GET", "account", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.URL.Scheme = "http"
	if _, err := c.Do(context.Background(), req, nil); err == nil || !strings.Contains(err.Error(), "plain http") {
		t.Errorf("Do over plain http = %v", err)
	}
	if n := sent.Load(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestKeepAliveReuse(t *testing.T) {
	t.Parallel()
	var conns atomic.Int32
	srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/fail" {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"message":"`+strings.Repeat("x", 8000)+`"}`)
			return
		}
		io.WriteString(w, `{"ok":true}   `+"\n")
	}), func(s *http.Server) {
		s.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
			}
		}
	})
	c, err := NewClient(testUser, testKey, WithBaseURL(srv.URL+"/v2"), WithRateLimit(rate.Inf, 0))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		path := "ok"
		if i%2 == 1 {
			path = "fail"
		}
		var v map[string]any
		_, err := c.get(context.Background(), path, nil, false, &v)
		if path == "fail" && !errors.Is(err, ErrNotFound) {
			t.Fatalf("fail: %v", err)
		}
		if path == "ok" && err != nil {
			t.Fatalf("ok: %v", err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections opened for 10 sequential calls, want 1 (keep-alive)", n)
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	c, _ := newServedClient(t, answer(`{"n":1}`), WithRateLimit(1000, 10))
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			var v struct{ N int }
			if _, err := c.get(context.Background(), "dns/passive", nil, true, &v); err != nil || v.N != 1 {
				t.Errorf("get: %v %+v", err, v)
			}
		})
	}
	wg.Wait()
}

func TestBaseURLErrorsHideSecrets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		base   string
		secret string
	}{
		{"https://user:hunter2@api.example.com/pt/v2", "hunter2"},
		{"https://api.example.com/pt/v2?token=hunter2", "hunter2"},
		{"https://api.example.com/pt/v2#hunter2", "hunter2"},
		{"http://api.example.com/pt/v2?api_key=hunter2", "hunter2"},
		{"https://user:hunter2@api.example.com:bad/", "hunter2"},
		{"ftp://api.example.com/?hunter2", "hunter2"},
	}
	for _, tt := range tests {
		_, err := NewClient("u", "k", WithBaseURL(tt.base))
		if err == nil {
			t.Errorf("NewClient(%q) accepted the base URL", tt.base)
			continue
		}
		if strings.Contains(err.Error(), tt.secret) {
			t.Errorf("NewClient(%q) error shows the secret: %v", tt.base, err)
		}
	}
}

func TestRedirectPolicy(t *testing.T) {
	t.Parallel()
	mk := func(raw string) *http.Request {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		return &http.Request{URL: u}
	}
	tests := []struct {
		from, to string
		want     error
	}{
		{"https://api.example.com/pt/v2/dns/passive", "https://api.example.com/pt/v2/dns/passive/", nil},
		{"http://127.0.0.1:8935/v2/x", "https://127.0.0.1:8935/v2/x", nil},
		{"https://api.example.com/x", "https://evil.example.net/x", ErrRedirectRefused},
		{"https://api.example.com/x", "https://api.example.com:8443/x", ErrRedirectRefused},
		{"https://api.example.com/x", "http://api.example.com/x", ErrRedirectRefused},
	}
	for _, tt := range tests {
		err := sameHostRedirects(mk(tt.to), []*http.Request{mk(tt.from)})
		if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
			t.Errorf("%s -> %s: got %v, want %v", tt.from, tt.to, err, tt.want)
		}
	}
	via := make([]*http.Request, 10)
	for i := range via {
		via[i] = mk("https://api.example.com/x")
	}
	if err := sameHostRedirects(mk("https://api.example.com/x"), via); err == nil {
		t.Error("an eleventh redirect was allowed")
	}
}
