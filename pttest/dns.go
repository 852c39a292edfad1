package pttest

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ptstix/passivetotal/internal/gen"
)

// dnsQuery is a validated passive DNS request.
type dnsQuery struct {
	raw, norm  string
	start, end time.Time
	sources    map[string]bool
	page       int
	opts       gen.DNSOptions
}

// validHost accepts what the API accepted as a domain query: LDH labels
// (underscores allowed), an optional "*." prefix and trailing dot.
func validHost(h string) bool {
	h = strings.TrimPrefix(strings.TrimSuffix(h, "."), "*.")
	if h == "" || len(h) > 253 {
		return false
	}
	for _, l := range strings.Split(h, ".") {
		if l == "" || len(l) > 63 {
			return false
		}
		for _, c := range []byte(l) {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// recordCount decides the size of the answer for a normalized query: the N
// of a "records-N." first label, else 10 to 60 rows (5 to 40 for an IP)
// derived from the query's hash.
func (s *Server) recordCount(norm string) int {
	if n, ok := strings.CutPrefix(norm, "records-"); ok {
		if label, _, ok := strings.Cut(n, "."); ok {
			if v, err := strconv.Atoi(label); err == nil && v >= 0 {
				return min(v, s.cfg.MaxDNSRecords)
			}
		}
	}
	h := gen.HashString(norm)
	if gen.QueryType(norm) == "ip" {
		return 5 + int(h%36)
	}
	return 10 + int(h%51)
}

func (s *Server) parseDNSQuery(q url.Values) (dnsQuery, string) {
	var d dnsQuery
	d.raw, _ = queryOne(q, "query")
	v := strings.TrimSpace(d.raw)
	if v == "" {
		return d, "query is required"
	}
	if a, err := netip.ParseAddr(v); err == nil && a.Zone() == "" {
		d.norm = a.Unmap().String()
	} else if lv := strings.ToLower(v); validHost(lv) {
		d.norm = strings.TrimSuffix(lv, ".")
	} else {
		return d, "query must be a domain or an IP address"
	}
	for _, k := range []string{"start", "end"} {
		if v, ok := queryOne(q, k); ok && v != "" {
			t, ok := parseDateParam(v)
			if !ok {
				return d, k + " must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS"
			}
			if k == "start" {
				d.start = t
			} else {
				d.end = t
			}
		}
	}
	if !d.start.IsZero() && !d.end.IsZero() && d.end.Before(d.start) {
		return d, "end is before start"
	}
	if v, ok := queryOne(q, "timeout"); ok && v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 0 {
			return d, "timeout must be a number of seconds"
		}
	}
	if v, ok := queryOne(q, "sources"); ok && v != "" {
		d.sources = map[string]bool{}
		for _, src := range strings.Split(v, ",") {
			if src = strings.TrimSpace(src); src != "" {
				d.sources[src] = true
			}
		}
	}
	if v, ok := queryOne(q, "page"); ok && v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return d, "page must be a page id from pager"
		}
		d.page = n
	}
	d.opts = gen.DNSOptions{Seed: s.cfg.Seed, Query: d.norm, Records: s.recordCount(d.norm), Epoch: s.cfg.Epoch}
	return d, ""
}

// keep applies the start/end window (a record is kept when it was seen
// inside it: lastSeen >= start and firstSeen <= end) and the sources filter
// (which narrows each record's source list).
func (d *dnsQuery) keep(rec *gen.DNSRecord) bool {
	if !d.start.IsZero() && rec.LastSeen.Before(d.start) {
		return false
	}
	if !d.end.IsZero() && rec.FirstSeen.After(d.end) {
		return false
	}
	if d.sources != nil {
		var src []string
		for _, s := range rec.Source {
			if d.sources[s] {
				src = append(src, s)
			}
		}
		if len(src) == 0 {
			return false
		}
		rec.Source = src
	}
	return true
}

type pager struct {
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
	PageSize int     `json:"page_size"`
}

// servePassiveDNS answers GET /dns/passive. See the package documentation
// for what a query returns.
func (s *Server) servePassiveDNS(w http.ResponseWriter, q url.Values) bool {
	d, msg := s.parseDNSQuery(q)
	if msg != "" {
		return s.badRequest(w, msg)
	}
	if !s.spend() {
		s.writeQuotaError(w)
		return false
	}
	size := s.cfg.DNSPageSize
	lo, hi := 0, int(^uint(0)>>1)
	if size > 0 {
		lo, hi = d.page*size, (d.page+1)*size
	}
	var first, last time.Time
	var rows []byte
	total := 0
	for i := range d.opts.Records {
		rec := gen.DNSRecordAt(d.opts, i)
		if !d.keep(&rec) {
			continue
		}
		if first.IsZero() || rec.FirstSeen.Before(first) {
			first = rec.FirstSeen
		}
		if rec.LastSeen.After(last) {
			last = rec.LastSeen
		}
		if total >= lo && total < hi {
			if len(rows) > 0 {
				rows = append(rows, ',')
			}
			rows = gen.AppendDNSRecord(rows, rec)
		}
		total++
	}
	env := gen.DNSEnvelope{QueryValue: d.raw, QueryType: gen.QueryType(d.norm), FirstSeen: first, LastSeen: last, TotalRecords: total}
	if size > 0 && total > size {
		p := pager{PageSize: size}
		if hi < total {
			p.Next = ptr(strconv.Itoa(d.page + 1))
		}
		if d.page > 0 {
			p.Previous = ptr(strconv.Itoa(d.page - 1))
		}
		env.Pager, _ = json.Marshal(p)
	}
	body := gen.AppendDNSHead(make([]byte, 0, len(rows)+512), env)
	body = append(body, rows...)
	writeJSON(w, http.StatusOK, gen.AppendDNSTail(body))
	return true
}

type uniqueBody struct {
	QueryValue string   `json:"queryValue"`
	QueryType  string   `json:"queryType"`
	Total      int      `json:"total"`
	Pager      *pager   `json:"pager"`
	Results    []string `json:"results"`
	Frequency  [][2]any `json:"frequency"`
}

// serveUnique answers GET /dns/passive/unique over the same rows as
// /dns/passive (same parameters, no paging): distinct resolve values in
// first-seen order, with how many rows carried each.
func (s *Server) serveUnique(w http.ResponseWriter, q url.Values) bool {
	d, msg := s.parseDNSQuery(q)
	if msg != "" {
		return s.badRequest(w, msg)
	}
	if !s.spend() {
		s.writeQuotaError(w)
		return false
	}
	counts := map[string]int{}
	out := uniqueBody{QueryValue: d.raw, QueryType: gen.QueryType(d.norm), Results: []string{}, Frequency: [][2]any{}}
	for i := range d.opts.Records {
		rec := gen.DNSRecordAt(d.opts, i)
		if !d.keep(&rec) {
			continue
		}
		if counts[rec.Resolve] == 0 {
			out.Results = append(out.Results, rec.Resolve)
		}
		counts[rec.Resolve]++
	}
	for _, v := range out.Results {
		out.Frequency = append(out.Frequency, [2]any{v, counts[v]})
	}
	out.Total = len(out.Results)
	writeJSON(w, http.StatusOK, marshalNoEscape(out))
	return true
}
