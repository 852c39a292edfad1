package pttest

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ptstix/passivetotal/internal/gen"
)

// The host datasets (WHOIS, certificates, enrichment, host attributes,
// services, reputation) are served from data derived from the query, like
// passive DNS: the same query gets the same bytes. A host whose first label
// is "nodata" (nodata.example.com), and an address of 192.0.2.0/24, are
// unknown to every dataset (404), so a client's handling of a missing
// dataset can be tested next to a working passive DNS answer.

// hostQuery is a validated host dataset request.
type hostQuery struct {
	raw, norm string
	ip        bool
	rnd       srng
}

// parseHost validates the query parameter as a domain or an IP address.
func (s *Server) parseHost(q url.Values, endpoint string) (hostQuery, string) {
	var h hostQuery
	h.raw, _ = queryOne(q, "query")
	v := strings.TrimSpace(h.raw)
	switch {
	case v == "":
		return h, "query is required"
	case isAddr(v):
		a, _ := netip.ParseAddr(v)
		h.norm, h.ip = a.Unmap().String(), true
	case validHost(strings.ToLower(v)):
		h.norm = strings.TrimSuffix(strings.TrimPrefix(strings.ToLower(v), "*."), ".")
	default:
		return h, "query must be a domain or an IP address"
	}
	h.rnd = srng{s: gen.HashString(fmt.Sprintf("%d/%s/%s", s.cfg.Seed, endpoint, h.norm))}
	return h, ""
}

func isAddr(v string) bool {
	a, err := netip.ParseAddr(v)
	return err == nil && a.Zone() == ""
}

// serveHostDataset answers one host dataset endpoint; ok is false when the
// endpoint is not one of them.
func (s *Server) serveHostDataset(w http.ResponseWriter, q url.Values, endpoint string) (spent, ok bool) {
	build, ok := hostDatasets[endpoint]
	if !ok {
		return false, false
	}
	if raw, _ := queryOne(q, "query"); unknownHost(raw) {
		s.writeError(w, http.StatusNotFound, "Not Found", "no "+strings.TrimPrefix(endpoint, "/")+" data for this query")
		return false, true
	}
	var body any
	var msg string
	switch endpoint {
	case "/ssl-certificate":
		body, msg = s.certificateBody(q)
	case "/ssl-certificate/history":
		body, msg = s.certificateHistoryBody(q)
	case "/ssl-certificate/search":
		body, msg = s.certificateSearchBody(q)
	default:
		h, m := s.parseHost(q, endpoint)
		if m == "" {
			body, msg = build(s, &h, q)
		} else {
			msg = m
		}
	}
	if msg != "" {
		return s.badRequest(w, msg), true
	}
	if !s.spend() {
		s.writeQuotaError(w)
		return false, true
	}
	writeJSON(w, http.StatusOK, marshalNoEscape(body))
	return true, true
}

// hostDatasets build the answer of each endpoint; the certificate
// endpoints, whose query is not a host, are built by their own functions.
var hostDatasets = map[string]func(*Server, *hostQuery, url.Values) (any, string){
	"/whois":                      (*Server).whoisBody,
	"/ssl-certificate":            nil,
	"/ssl-certificate/history":    nil,
	"/ssl-certificate/search":     nil,
	"/enrichment":                 (*Server).enrichmentBody,
	"/enrichment/subdomains":      (*Server).subdomainsBody,
	"/host-attributes/components": (*Server).componentsBody,
	"/host-attributes/trackers":   (*Server).trackersBody,
	"/host-attributes/cookies":    (*Server).cookiesBody,
	"/host-attributes/pairs":      (*Server).pairsBody,
	"/services":                   (*Server).servicesBody,
	"/reputation":                 (*Server).reputationBody,
}

// srng is the splitmix64 generator of the host datasets.
type srng struct{ s uint64 }

func (r *srng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *srng) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return int(r.next() % uint64(n))
}

func (r *srng) pick(xs []string) string { return xs[r.intn(len(xs))] }

// seen returns a deterministic sighting range: last seen in the 25 days
// before Epoch (so a "last 30 days" window keeps it), first seen up to
// three years earlier.
func (s *Server) seen(r *srng) (first, last time.Time) {
	last = s.cfg.Epoch.Add(-time.Duration(r.intn(25*24)) * time.Hour).Truncate(time.Second)
	first = last.Add(-time.Duration(1+r.intn(3*365*24)) * time.Hour)
	return first, last
}

const crawlLayout = time.DateTime

// registered returns the registrable part of a host (its last two labels).
func registered(host string) string {
	labels := strings.Split(host, ".")
	if len(labels) <= 2 {
		return host
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

// addressOf derives a documentation address (203.0.113.0/24) for a host.
func addressOf(host string) string {
	return "203.0.113." + strconv.Itoa(1+int(gen.HashString(host)%254))
}

// sha1Of derives a certificate fingerprint for a host.
func sha1Of(host string, i int) string {
	a, b := gen.HashString(host+"/cert/"+strconv.Itoa(i)), gen.HashString(strconv.Itoa(i)+"/cert/"+host)
	return fmt.Sprintf("%016x%016x%08x", a, b, uint32(a^b))
}

// unknownHost reports the queries no dataset knows.
func unknownHost(raw string) bool {
	v := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(raw), "*."))
	if a, err := netip.ParseAddr(v); err == nil {
		return netip.MustParsePrefix("192.0.2.0/24").Contains(a.Unmap())
	}
	return strings.HasPrefix(v, "nodata.")
}
