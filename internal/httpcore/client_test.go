package httpcore

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/internal/testkit"
)

// graphLike is a Config in the shape of the Graph backend: bearer tokens
// learned at run time, Graph's error body, no quota messages.
func graphLike(t *testing.T, srv *testkit.Server, token func() string, extra func(*Config)) *Client {
	t.Helper()
	base, err := ParseBaseURL(srv.URL+"/v1.0/security/threatIntelligence", false)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Name:            "mdti",
		BaseURL:         base,
		HTTPClient:      srv.Client(),
		MaxResponseSize: 1 << 20,
		Retry:           RetryPolicy{MaxRetries: 2},
		Auth: BearerAuth(func(context.Context) (string, error) {
			return token(), nil
		}),
		Dialect: Dialect{
			RetryStatus: func(resp *http.Response) bool {
				return resp.StatusCode == 429 || resp.StatusCode == 503 || resp.StatusCode == 504
			},
			Endpoint: RouteLabels("/hosts/{id}/passiveDns"),
		},
	}
	if extra != nil {
		extra(&cfg)
	}
	return newTestClient(t, cfg)
}

func TestBearerTokenPerAttemptAndScrubbed(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	var seen sync.Map
	srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		seen.Store(n, r.Header.Get("Authorization"))
		if n == 1 {
			w.WriteHeader(503)
			return
		}
		// A server that echoes the token it was sent, in the body and a header.
		w.Header().Set("X-Echo", r.Header.Get("Authorization"))
		w.WriteHeader(403)
		io.WriteString(w, `{"error":{"code":"Forbidden","message":"token `+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")+` lacks ThreatIntelligence.Read.All","innerError":{"request-id":"rid-1"}}}`)
	}))
	var n atomic.Int32
	c := graphLike(t, srv, func() string { return "tok-" + strings.Repeat("x", 20) + string(rune('A'+n.Add(1))) }, nil)

	req, err := c.NewRequest("GET", "hosts/"+url.PathEscape("contoso.com")+"/passiveDns", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h := req.Header.Get("Authorization"); h != "" {
		t.Errorf("NewRequest set credentials %q; they belong to each attempt", h)
	}
	_, err = c.Do(t.Context(), req, nil)
	var er *ErrorResponse
	if !errors.As(err, &er) {
		t.Fatalf("err = %v, want *ErrorResponse", err)
	}
	first, _ := seen.Load(int32(1))
	second, _ := seen.Load(int32(2))
	if first == second || !strings.HasPrefix(second.(string), "Bearer tok-") {
		t.Errorf("attempts sent %q then %q: want a fresh token per attempt", first, second)
	}
	got := struct {
		Status              int
		ErrorCode, ReqID    string
		NotPermitted, Quota bool
		Attempts            int
	}{er.StatusCode, er.ErrorCode, er.RequestID, errors.Is(err, ErrNotPermitted), errors.Is(err, ErrQuotaExceeded), er.Attempts}
	want := got
	want.Status, want.ErrorCode, want.ReqID, want.NotPermitted, want.Quota, want.Attempts = 403, "Forbidden", "rid-1", true, false, 2
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(err.Error(), "mdti: GET ") {
		t.Errorf("error text %q does not name the backend", err)
	}
	token := strings.TrimPrefix(second.(string), "Bearer ")
	for what, text := range map[string]string{"Error()": err.Error(), "Message": er.Message, "Body": string(er.Body), "Header": er.Header.Get("X-Echo")} {
		if strings.Contains(text, token) {
			t.Errorf("%s carries the runtime token: %q", what, text)
		}
	}
}

func TestCredentialsStayOnTheBaseOrigin(t *testing.T) {
	t.Parallel()
	var otherAuth atomic.Value
	other := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherAuth.Store(r.Header.Get("Authorization"))
		io.WriteString(w, `{}`)
	}))
	srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{}`)
	}))
	c := graphLike(t, srv, func() string { return "secret-token-123456" }, nil)
	req, err := http.NewRequest("GET", other.URL+"/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(t.Context(), req, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := otherAuth.Load().(string); got != "" {
		t.Errorf("another origin received credentials %q", got)
	}
}

func TestNewRequestURL(t *testing.T) {
	t.Parallel()
	base, err := ParseBaseURL("https://graph.microsoft.com/v1.0/security/threatIntelligence", false)
	if err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, Config{BaseURL: base})
	tests := []struct {
		link string
		want string // escaped URL sent, "" when refused
	}{
		{"https://graph.microsoft.com/v1.0/security/threatIntelligence/hosts/contoso.com/passiveDns?$skiptoken=a%2Fb%3D%3D&$top=10",
			"https://graph.microsoft.com/v1.0/security/threatIntelligence/hosts/contoso.com/passiveDns?$skiptoken=a%2Fb%3D%3D&$top=10"},
		{"https://GRAPH.microsoft.com/v1.0/security/threatIntelligence/articles?$skip=20",
			"https://GRAPH.microsoft.com/v1.0/security/threatIntelligence/articles?$skip=20"},
		{"https://evil.example/v1.0/security/threatIntelligence/articles", ""},
		{"http://graph.microsoft.com/v1.0/security/threatIntelligence/articles", ""},
		{"https://graph.microsoft.com/beta/security/threatIntelligence/articles", ""},
		{"https://graph.microsoft.com/v1.0/security/threatIntelligenceX/articles", ""},
		{"https://graph.microsoft.com/v1.0/security/threatIntelligence/%2E%2E/%2e%2e/me", ""},
		{"https://graph.microsoft.com/v1.0/security/threatIntelligence/../../me", ""},
		{"https://graph.microsoft.com/v1.0/security/threatIntelligence/hosts/ü%2F..%2F..%2F..%2Fme",
			"https://graph.microsoft.com/v1.0/security/threatIntelligence/hosts/%C3%BC%2F..%2F..%2F..%2Fme"},
		{"https://graph.microsoft.com/v1.0/security/threatIntelligence/hosts/a\"%2F..",
			"https://graph.microsoft.com/v1.0/security/threatIntelligence/hosts/a%22%2F.."},
		{"https://user:pw@graph.microsoft.com/v1.0/security/threatIntelligence/articles", ""},
		{"https://graph.microsoft.com/v1.0/security/threatIntelligence/articles#frag", ""},
		{"https://graph.microsoft.com/v1.0/security/threatIntelligence/articles\n", ""},
		{"/v1.0/security/threatIntelligence/articles", ""},
	}
	for _, tt := range tests {
		req, err := c.NewRequestURL("GET", tt.link, nil)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("%q accepted as %q", tt.link, req.URL)
		case tt.want != "" && err != nil:
			t.Errorf("%q refused: %v", tt.link, err)
		case tt.want != "" && req.URL.String() != tt.want:
			t.Errorf("%q sent as %q", tt.link, req.URL)
		}
	}
	if _, err := c.NewRequestURL("GET", "https://x:SECRETPW@evil.example/?token=abc", nil); err == nil || strings.Contains(err.Error(), "SECRETPW") || strings.Contains(err.Error(), "abc") {
		t.Errorf("refusal quotes the link's secrets: %v", err)
	}
}

func TestDialectRetryStatus(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		status   int
		attempts int32
	}{{500, 1}, {502, 1}, {503, 3}, {504, 3}, {429, 3}, {404, 1}} {
		var calls atomic.Int32
		srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(tt.status)
		}))
		c := graphLike(t, srv, func() string { return "t0123456789" }, nil)
		req, _ := c.NewRequest("GET", "articles", nil, nil)
		_, err := c.Do(t.Context(), req, nil)
		if err == nil || calls.Load() != tt.attempts {
			t.Errorf("status %d: %d attempts (want %d), err %v", tt.status, calls.Load(), tt.attempts, err)
		}
	}
}

func TestObserverLabelsAndLogName(t *testing.T) {
	t.Parallel()
	srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"value":[]}`)
	}))
	var got []Attempt
	var logs strings.Builder
	c := graphLike(t, srv, func() string { return "tok-observed-0001" }, func(cfg *Config) {
		cfg.Observer = ObserverFunc(func(_ context.Context, a Attempt) { got = append(got, a) })
		cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	req, _ := c.NewRequest("GET", "hosts/"+url.PathEscape("a/b")+"/passiveDns", url.Values{"$top": {"5"}}, nil)
	var v struct{ Value []any }
	if _, err := c.Do(t.Context(), req, &v); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Endpoint != "/hosts/{id}/passiveDns" || got[0].StatusCode != 200 {
		t.Errorf("attempts = %+v", got)
	}
	if !strings.Contains(logs.String(), `msg="mdti attempt"`) || strings.Contains(logs.String(), "tok-observed") {
		t.Errorf("log = %s", logs.String())
	}
}
