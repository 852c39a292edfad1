package mdtitest

import (
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// serveAPI answers a Graph request under BasePath after checking its
// bearer token.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, endpoint string) {
	if r.Method != http.MethodGet {
		writeGraphError(w, http.StatusMethodNotAllowed, "BadRequest", "The method is not allowed for this resource.")
		return
	}
	if _, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); !ok {
		writeGraphError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token is empty.")
		return
	}
	if !s.bearerOK(r) {
		writeGraphError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.")
		return
	}
	segs := strings.Split(strings.TrimPrefix(endpoint, "/"), "/")
	for i, seg := range segs {
		v, err := url.PathUnescape(seg)
		if err != nil {
			writeGraphError(w, http.StatusBadRequest, "BadRequest", "Bad escape in the path.")
			return
		}
		segs[i] = v
	}
	q := r.URL.Query()
	switch {
	case len(segs) == 1 && segs[0] == "articles":
		s.listArticles(w, r, q)
	case len(segs) == 2 && segs[0] == "articles":
		i, ok := s.byID[segs[1]]
		if !ok {
			writeGraphError(w, http.StatusNotFound, "NotFound", "Article not found.")
			return
		}
		writeJSON(w, http.StatusOK, s.articleJSON(i, true))
	case len(segs) == 3 && segs[0] == "articles" && segs[2] == "indicators":
		i, ok := s.byID[segs[1]]
		if !ok {
			writeGraphError(w, http.StatusNotFound, "NotFound", "Article not found.")
			return
		}
		items := make([]any, len(s.articles[i].Indicators))
		for j, in := range s.articles[i].Indicators {
			items[j] = indicatorJSON(in)
		}
		s.writePage(w, r, q, items)
	case len(segs) >= 2 && segs[0] == "hosts":
		s.serveHost(w, r, q, segs[1], segs[2:])
	case segs[0] == "intelProfiles":
		s.serveProfiles(w, r, q, segs)
	case segs[0] == "vulnerabilities":
		s.serveVulnerabilities(w, r, q, segs)
	case s.serveDatasetRoot(w, r, q, segs):
	default:
		writeGraphError(w, http.StatusNotFound, "BadRequest", "Resource not found for the segment '"+cut(segs[0])+"'.")
	}
}

// listArticles serves GET /articles with $orderby=createdDateTime asc|desc
// (default desc), $top, $skip and $count.
func (s *Server) listArticles(w http.ResponseWriter, r *http.Request, q url.Values) {
	order := make([]int, len(s.articles))
	for i := range order {
		order[i] = len(order) - 1 - i // newest first
	}
	switch ob := strings.TrimSpace(q.Get("$orderby")); ob {
	case "", "createdDateTime desc":
	case "createdDateTime", "createdDateTime asc":
		slices.Reverse(order)
	default:
		writeGraphError(w, http.StatusBadRequest, "BadRequest", "Unsupported $orderby: "+cut(ob))
		return
	}
	if q.Has("$filter") {
		writeGraphError(w, http.StatusBadRequest, "BadRequest", "$filter is not supported on this collection.")
		return
	}
	items := make([]any, len(order))
	for k, i := range order {
		items[k] = s.articleJSON(i, false)
	}
	s.writePage(w, r, q, items)
}

func (s *Server) articleJSON(i int, body bool) map[string]any {
	a := s.articles[i]
	m := map[string]any{
		"@odata.type": "#microsoft.graph.security.article",
		"id":          a.ID, "title": a.Title,
		"createdDateTime": graphTime(a.Created), "lastUpdatedDateTime": graphTime(a.Updated),
		"summary":    map[string]any{"content": a.Summary, "format": "markdown"},
		"isFeatured": a.Featured, "tags": a.Tags, "imageUrl": nil,
	}
	if body {
		m["body"] = map[string]any{"content": "#### Description\r\n" + a.Summary, "format": "markdown"}
	}
	return m
}

func indicatorJSON(in indicator) map[string]any {
	art := map[string]any{"@odata.type": "#microsoft.graph.security." + in.Type, "id": in.ArtifactID}
	switch in.Type {
	case "unclassifiedArtifact":
		art["kind"], art["value"] = in.Kind, in.Value
	case "sslCertificate":
		art["sha1"] = in.ArtifactID
	}
	return map[string]any{"@odata.type": "#microsoft.graph.security.articleIndicator", "id": in.ID, "source": in.Source, "artifact": art}
}

// serveHost serves GET /hosts/{id} and its passiveDns, passiveDnsReverse
// navigations. A host that is neither an IP address nor a hostname, or
// under the reserved .invalid TLD, is 404.
func (s *Server) serveHost(w http.ResponseWriter, r *http.Request, q url.Values, id string, rest []string) {
	host := strings.TrimSuffix(strings.ToLower(id), ".")
	addr, err := netip.ParseAddr(host)
	if (err != nil && !plausibleHostname(host)) || strings.HasSuffix(host, ".invalid") {
		writeGraphError(w, http.StatusNotFound, "NotFound", "Host '"+cut(id)+"' not found.")
		return
	}
	switch {
	case len(rest) == 0:
		h := mix(s.cfg.Seed, "host", host)
		m := map[string]any{
			"id": host, "firstSeenDateTime": graphTime(s.cfg.Epoch.Add(-time.Duration(h%(900*24)) * time.Hour)),
			"lastSeenDateTime": graphTime(s.cfg.Epoch.Add(-time.Duration(h%(10*24)) * time.Hour)),
		}
		if err == nil {
			m["@odata.type"] = "#microsoft.graph.security.ipAddress"
			m["countryOrRegion"], m["hostingProvider"] = "US", "Example Hosting"
			m["netblock"] = addr.String() + "/24"
			if addr.Is4() {
				m["netblock"] = netip.PrefixFrom(addr, 24).Masked().String()
			}
			m["autonomousSystem"] = map[string]any{"number": 64496 + h%15, "name": "EXAMPLE-AS", "organization": "Example Networks", "value": "AS" + strconv.FormatUint(64496+h%15, 10)}
		} else {
			m["@odata.type"] = "#microsoft.graph.security.hostname"
			m["registrar"], m["registrant"] = "Example Registrar, Inc.", "Example Holdings"
		}
		writeJSON(w, http.StatusOK, m)
	case len(rest) == 1 && (rest[0] == "passiveDns" || rest[0] == "passiveDnsReverse"):
		recs := s.cfg.passiveDNS(host, rest[0] == "passiveDnsReverse")
		keep, ok := parseWindow(q.Get("$filter"))
		if !ok {
			writeGraphError(w, http.StatusBadRequest, "BadRequest", "Invalid $filter: "+cut(q.Get("$filter")))
			return
		}
		var items []any
		for _, rec := range recs {
			if keep(rec) {
				items = append(items, dnsJSON(rec))
			}
		}
		s.writePage(w, r, q, items)
	case s.serveHostDataset(w, r, q, host, err == nil, rest):
	default:
		writeGraphError(w, http.StatusNotFound, "BadRequest", "Resource not found for the segment '"+cut(rest[0])+"'.")
	}
}

func dnsJSON(r dnsRecord) map[string]any {
	return map[string]any{
		"@odata.type": "#microsoft.graph.security.passiveDnsRecord",
		"id":          r.ID, "recordType": r.RecordType,
		"firstSeenDateTime": graphTime(r.FirstSeen), "lastSeenDateTime": graphTime(r.LastSeen),
		"collectedDateTime": graphTime(r.Collected),
		"parentHost":        map[string]any{"id": r.Parent},
		"artifact":          map[string]any{"@odata.type": "#microsoft.graph.security." + r.ArtifactType, "id": r.Artifact},
	}
}

// parseWindow reads the $filter the passive DNS endpoints accept: clauses
// "lastSeenDateTime ge|gt T" and "firstSeenDateTime le|lt T" joined by
// " and ". Empty keeps every record.
func parseWindow(filter string) (func(dnsRecord) bool, bool) {
	var checks []func(dnsRecord) bool
	for clause := range strings.SplitSeq(strings.TrimSpace(filter), " and ") {
		if clause == "" {
			continue
		}
		f := strings.Fields(clause)
		if len(f) != 3 {
			return nil, false
		}
		t, err := time.Parse(time.RFC3339Nano, f[2])
		if err != nil {
			return nil, false
		}
		switch f[0] + " " + f[1] {
		case "lastSeenDateTime ge":
			checks = append(checks, func(r dnsRecord) bool { return !r.LastSeen.Before(t) })
		case "lastSeenDateTime gt":
			checks = append(checks, func(r dnsRecord) bool { return r.LastSeen.After(t) })
		case "firstSeenDateTime le":
			checks = append(checks, func(r dnsRecord) bool { return !r.FirstSeen.After(t) })
		case "firstSeenDateTime lt":
			checks = append(checks, func(r dnsRecord) bool { return r.FirstSeen.Before(t) })
		default:
			return nil, false
		}
	}
	return func(r dnsRecord) bool {
		for _, c := range checks {
			if !c(r) {
				return false
			}
		}
		return true
	}, true
}

func plausibleHostname(h string) bool {
	if len(h) == 0 || len(h) > 253 || !strings.Contains(h, ".") {
		return false
	}
	for _, l := range strings.Split(h, ".") {
		if l == "" || len(l) > 63 {
			return false
		}
		for _, c := range l {
			if !(c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return true
}

// writePage writes one OData page of items: $top (default PageSize, at
// most 1000) from $skip, "@odata.count" with $count=true, and
// "@odata.nextLink" (this URL with $skip advanced) while items remain.
func (s *Server) writePage(w http.ResponseWriter, r *http.Request, q url.Values, items []any) {
	top, skip := s.cfg.PageSize, 0
	if v := q.Get("$top"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeGraphError(w, http.StatusBadRequest, "BadRequest", "Invalid $top.")
			return
		}
		top = min(n, 1000)
	}
	if v := q.Get("$skip"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeGraphError(w, http.StatusBadRequest, "BadRequest", "Invalid $skip.")
			return
		}
		skip = n
	}
	end := min(skip+top, len(items))
	pageItems := []any{}
	if skip < len(items) {
		pageItems = items[skip:end]
	}
	body := map[string]any{"value": pageItems}
	if q.Get("$count") == "true" {
		body["@odata.count"] = len(items)
	}
	if end < len(items) {
		next := cloneQuery(q)
		next.Set("$skip", strconv.Itoa(end))
		body["@odata.nextLink"] = s.selfURL(r) + "?" + strings.ReplaceAll(next.Encode(), "%24", "$")
	}
	writeJSON(w, http.StatusOK, body)
}

// selfURL is the scheme, host and path the request reached.
func (s *Server) selfURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.EscapedPath()
}

func cloneQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}
