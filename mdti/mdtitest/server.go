package mdtitest

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ptstix/passivetotal/internal/fakeserver"
)

// BasePath is where the simulator serves the API, as Graph does.
const BasePath = "/v1.0/security/threatIntelligence"

// Server is a Microsoft Graph threat-intelligence simulator with an Entra
// ID token endpoint. It is an http.Handler; [Start] also runs it on a
// loopback port. Its methods are safe for concurrent use, also while
// requests are served.
type Server struct {
	// URL is the root URL ("http://127.0.0.1:port") once started; empty
	// for a bare handler from [New].
	URL string

	cfg      Config
	articles []article
	byID     map[string]int
	profiles *profileData

	mu     sync.Mutex
	faults []*faultState
	tokens map[string]bool // issued access token -> still valid
	issued int
	log    []Request
	run    *fakeserver.Running // nil for a bare handler
}

// Request is one request the simulator answered, for tests to inspect.
type Request struct {
	Time     time.Time // arrival
	Method   string
	Path     string // as received, escaped
	Query    string
	Endpoint string // the path after BasePath, or "/token"
	// Bearer reports whether the request carried a token the simulator
	// accepted.
	Bearer bool
	Fault  FaultKind
	Status int
}

// New returns a simulator handler; serve it with any http.Server, or use
// [Start].
func New(cfg Config) *Server {
	cfg = cfg.withDefaults()
	s := &Server{cfg: cfg, byID: map[string]int{}, tokens: map[string]bool{}}
	for i := range cfg.Articles {
		a := cfg.articleAt(i)
		s.articles = append(s.articles, a)
		s.byID[a.ID] = i
	}
	s.profiles = newProfileData(s.articles)
	for _, f := range cfg.Faults {
		s.faults = append(s.faults, newFaultState(f))
	}
	return s
}

// Start runs a simulator on a loopback TCP port. Close it when done.
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

// Close stops a started server; safe to call twice, a no-op for a bare
// handler.
func (s *Server) Close() { s.run.Close() }

// BaseURL is the API base a client takes: URL + BasePath.
func (s *Server) BaseURL() string { return s.URL + BasePath }

// TokenURL is the token endpoint with the {tenant} placeholder, as
// mdti.WithTokenURL takes it.
func (s *Server) TokenURL() string { return s.URL + "/{tenant}/oauth2/v2.0/token" }

// OtherHostURL is URL with the host written "localhost": the same server
// under another name, to check that a redirect or a nextLink does not take
// the token elsewhere. Empty for a bare handler.
func (s *Server) OtherHostURL() string { return s.run.OtherHostURL() }

// Client returns an HTTP client that reaches the server; nil for a bare
// handler.
func (s *Server) Client() *http.Client { return s.run.Client() }

// Config returns the effective configuration, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// AddFault adds a standing fault after those of Config.
func (s *Server) AddFault(f Fault) {
	s.mu.Lock()
	s.faults = append(s.faults, newFaultState(f))
	s.mu.Unlock()
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

// RevokeTokens makes every token issued so far invalid, as an expiry
// would: the next call with one gets 401 InvalidAuthenticationToken.
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	for t := range s.tokens {
		s.tokens[t] = false
	}
	s.mu.Unlock()
}

// TokensIssued counts the tokens the token endpoint has issued.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// Tokens returns every access token issued so far, in no particular
// order: tests use it to check that none leaks into an error or a log.
func (s *Server) Tokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.tokens))
	for t := range s.tokens {
		out = append(out, t)
	}
	return out
}

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &fakeserver.StatusWriter{ResponseWriter: w}
	endpoint, isAPI := strings.CutPrefix(r.URL.EscapedPath(), BasePath)
	isToken := !isAPI && strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token")
	if isToken {
		endpoint = "/token"
	}
	entry := Request{Time: time.Now(), Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Endpoint: endpoint}
	var f *Fault
	if isAPI || isToken {
		f = s.takeFault(endpoint)
	}
	if f != nil {
		entry.Fault = f.Kind
	}
	defer func() {
		entry.Status = sw.Status
		s.mu.Lock()
		s.log = append(s.log, entry)
		s.mu.Unlock()
	}()
	switch {
	case f != nil && f.Kind == FaultExpireToken:
		s.RevokeTokens()
		entry.Bearer = s.bearerOK(r)
		s.serveAPI(sw, r, endpoint)
	case f != nil && !f.Kind.passesThrough():
		entry.Bearer = s.bearerOK(r)
		s.serveFault(sw, r, f)
	case f != nil:
		entry.Bearer = s.bearerOK(r)
		s.distort(sw, r, f, func(w http.ResponseWriter) { s.route(w, r, endpoint, isAPI, isToken) })
	default:
		entry.Bearer = s.bearerOK(r)
		s.route(sw, r, endpoint, isAPI, isToken)
	}
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, endpoint string, isAPI, isToken bool) {
	switch {
	case isToken:
		s.serveToken(w, r)
	case isAPI:
		s.serveAPI(w, r, endpoint)
	default:
		writeGraphError(w, http.StatusNotFound, "BadRequest", "Resource not found for the segment.")
	}
}

// takeFault returns the first due fault for endpoint, or nil.
func (s *Server) takeFault(endpoint string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if f.due(endpoint) {
			ff := f.Fault
			return &ff
		}
	}
	return nil
}

// bearerOK reports whether the request carries a valid issued token.
func (s *Server) bearerOK(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens[tok]
}
