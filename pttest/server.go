package pttest

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/ptstix/passivetotal/internal/fakeserver"
	"github.com/ptstix/passivetotal/internal/gen"
)

// Server is a PassiveTotal v2 simulator. It is an http.Handler; [Start] and
// [StartInMemory] also run it on a listener. All methods are safe for
// concurrent use, also while requests are being served.
type Server struct {
	// URL is the root URL ("http://127.0.0.1:port") once started; empty for
	// a bare handler from [New]. The API lives under URL + a base path; see
	// BaseURL.
	URL string

	cfg      Config
	articles []gen.Article
	byGUID   map[string]int

	mu      sync.Mutex
	latency time.Duration
	faults  []*faultState
	log     []Request
	logBase int
	// inflight counts requests not yet logged as done; idle signals zero.
	inflight int
	idle     *sync.Cond
	quota    quotaState

	run *fakeserver.Running // nil for a bare handler
}

// New returns a simulator handler for cfg. It does not listen: serve it with
// any http.Server, or use [Start] or [StartInMemory].
func New(cfg Config) *Server {
	cfg = cfg.withDefaults()
	s := &Server{cfg: cfg, latency: cfg.Latency, byGUID: map[string]int{}}
	opts := gen.ArticleOptions{Seed: cfg.Seed, Articles: cfg.Articles, Epoch: cfg.Epoch, Quirks: !cfg.PlainArticles}
	s.articles = make([]gen.Article, cfg.Articles)
	for i := range s.articles {
		s.articles[i] = gen.ArticleAt(opts, i)
		s.byGUID[s.articles[i].GUID] = i
	}
	s.quota = newQuota(cfg)
	return s
}

// Start runs a simulator on a loopback TCP port (an httptest.Server). Close
// it when done.
func Start(cfg Config) *Server {
	s := New(cfg)
	s.run = fakeserver.Start(s)
	s.URL = s.run.URL
	return s
}

// TB is the part of testing.TB that [StartTB] needs.
type TB interface {
	Helper()
	Cleanup(func())
}

// StartTB is [Start] with Close registered as a test cleanup.
func StartTB(tb TB, cfg Config) *Server {
	tb.Helper()
	s := Start(cfg)
	tb.Cleanup(s.Close)
	return s
}

// Close stops a started server and waits for its connections to finish. It
// is a no-op for a bare handler and safe to call twice.
func (s *Server) Close() { s.run.Close() }

// BaseURL is URL plus the first configured base path, e.g.
// "http://127.0.0.1:40123/pt/v2": what a client takes as its base URL.
func (s *Server) BaseURL() string { return s.URL + s.cfg.BasePaths[0] }

// OtherHostURL is URL with the host written "localhost" instead of
// "127.0.0.1": the same server under another host name, so that a redirect
// to it crosses hosts and net/http drops the Authorization header. Empty for
// in-memory and bare servers.
func (s *Server) OtherHostURL() string { return s.run.OtherHostURL() }

// Client returns an HTTP client that reaches the server (for in-memory
// servers, the only way to reach it). Nil for a bare handler.
func (s *Server) Client() *http.Client { return s.run.Client() }

// Config returns the effective configuration, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// SetLatency changes the delay added before every answer.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	s.latency = d
	s.mu.Unlock()
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &fakeserver.StatusWriter{ResponseWriter: w}
	endpoint, based := s.stripBase(r.URL.Path)
	_, _, hasAuth := r.BasicAuth()
	entry := Request{
		Time: time.Now(), Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Endpoint: endpoint, Authorization: r.Header.Get("Authorization") != "" || hasAuth,
		AuthOK: s.authOK(r),
	}
	var f *Fault
	if based {
		f = s.takeFault(endpoint)
	}
	if f != nil {
		entry.Fault = f.Kind
	}
	idx := s.logArrival(entry)
	spent := false
	defer func() { s.logDone(idx, sw.Status, spent) }()

	s.mu.Lock()
	lat := s.latency
	s.mu.Unlock()
	if !fakeserver.Sleep(r, lat) {
		return
	}
	if !based {
		s.writeError(sw, http.StatusNotFound, "Not Found", "no such endpoint: "+r.URL.Path)
		return
	}
	if f != nil && !f.Kind.passesThrough() {
		s.serveFault(sw, r, f)
		return
	}
	if f != nil && (f.Kind == FaultLatency || f.Kind == FaultSlowHeaders) {
		if !fakeserver.Sleep(r, f.Delay) {
			return
		}
	}
	if f != nil && f.Kind.rewritesBody() {
		rec := fakeserver.Record(func(w http.ResponseWriter) { spent = s.route(w, r, endpoint, entry.AuthOK) })
		s.distort(sw, r, f, rec)
		return
	}
	spent = s.route(sw, r, endpoint, entry.AuthOK)
}

// route answers one API request; it reports whether it spent a search.
func (s *Server) route(w http.ResponseWriter, r *http.Request, endpoint string, authOK bool) bool {
	if !authOK {
		s.writeError(w, http.StatusUnauthorized, msgUnauthorized, devUnauthorized)
		return false
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		s.writeError(w, http.StatusMethodNotAllowed, "", "the simulator serves GET only")
		return false
	}
	q := r.URL.Query()
	switch endpoint {
	case "/articles":
		return s.serveArticles(w, q)
	case "/articles/indicators":
		return s.serveArticleIndicators(w, q)
	case "/dns/passive":
		return s.servePassiveDNS(w, q)
	case "/dns/passive/unique":
		return s.serveUnique(w, q)
	case "/account/quota":
		s.serveQuota(w)
		return false
	case "/account":
		s.serveAccount(w)
		return false
	}
	if spent, ok := s.serveHostDataset(w, q, endpoint); ok {
		return spent
	}
	if guid, ok := strings.CutPrefix(endpoint, "/articles/"); ok && guid != "" && !strings.Contains(guid, "/") {
		return s.serveArticle(w, guid)
	}
	s.writeError(w, http.StatusNotFound, "Not Found", "no such endpoint: "+endpoint)
	return false
}

// stripBase returns the path below the first matching base path.
func (s *Server) stripBase(p string) (string, bool) {
	for _, b := range s.cfg.BasePaths {
		b = strings.TrimSuffix(b, "/")
		if rest, ok := strings.CutPrefix(p, b); ok && (rest == "" || rest[0] == '/') {
			if len(rest) > 1 {
				rest = strings.TrimSuffix(rest, "/")
			}
			return rest, true
		}
	}
	return p, false
}

func (s *Server) authOK(r *http.Request) bool {
	if s.cfg.NoAuth {
		return true
	}
	u, p, ok := r.BasicAuth()
	if !ok {
		return false
	}
	uok := subtle.ConstantTimeCompare([]byte(u), []byte(s.cfg.Username))
	pok := subtle.ConstantTimeCompare([]byte(p), []byte(s.cfg.APIKey))
	return uok&pok == 1
}

// queryOne returns the single value of a parameter and whether it was sent.
func queryOne(q url.Values, k string) (string, bool) {
	v, ok := q[k]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}
