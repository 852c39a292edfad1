package mdtitest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The host datasets beyond passive DNS: whois, sslCertificates,
// subdomains, hostPairs (and parent/child), components, trackers, cookies,
// ports, reputation, and the root sslCertificates/{id} and
// whoisRecords/{id}/history. Every answer derives from Config.Seed, Epoch
// and the host. A host whose first label is "malicious" is rated
// malicious; one whose first label is "nodata" has no dataset (404), while
// its passive DNS still answers.

// hostDatasetNavs are the navigations serveHostDataset answers.
var hostDatasetNavs = map[string]bool{
	"whois": true, "sslCertificates": true, "subdomains": true, "hostPairs": true, "parentHostPairs": true,
	"childHostPairs": true, "components": true, "trackers": true, "cookies": true, "ports": true, "reputation": true,
}

// serveHostDataset answers GET /hosts/{host}/{nav} for a dataset
// navigation; it reports false for another path, left to the caller.
func (s *Server) serveHostDataset(w http.ResponseWriter, r *http.Request, q url.Values, host string, isIP bool, rest []string) bool {
	if len(rest) != 1 || !hostDatasetNavs[rest[0]] {
		return false
	}
	nav := rest[0]
	if strings.HasPrefix(host, "nodata.") {
		writeGraphError(w, http.StatusNotFound, "NotFound", "No "+nav+" for host '"+cut(host)+"'.")
		return true
	}
	switch nav {
	case "whois":
		writeJSON(w, http.StatusOK, s.whoisJSON(host, 0))
	case "reputation":
		writeJSON(w, http.StatusOK, s.reputationJSON(host))
	case "sslCertificates":
		expand := strings.Contains(q.Get("$expand"), "sslCertificate")
		s.writePage(w, r, q, s.hostCertificates(host, expand))
	case "subdomains":
		var items []any
		if !isIP {
			for _, label := range []string{"www", "mail", "api"} {
				items = append(items, map[string]any{"@odata.type": "#microsoft.graph.security.subdomain",
					"id": label + "." + host, "firstSeenDateTime": graphTime(s.day(host, label, 400)), "host": map[string]any{"id": host}})
			}
		}
		s.writePage(w, r, q, items)
	case "hostPairs", "parentHostPairs", "childHostPairs":
		s.writePage(w, r, q, s.hostPairs(host, nav))
	case "components":
		s.writePage(w, r, q, s.components(host))
	case "trackers":
		h := mix(s.cfg.Seed, "trackers", host)
		s.writePage(w, r, q, []any{
			s.row("hostTracker", host, "GoogleAnalyticsID", map[string]any{"kind": "GoogleAnalyticsID", "value": fmt.Sprintf("UA-%d-1", 10000000+h%90000000)}),
			s.row("hostTracker", host, "JarmHash", map[string]any{"kind": "JarmHash", "value": fmt.Sprintf("%016x%016x%016x%014x", h, h^0x5555, h^0xaaaa, h>>8)}),
		})
	case "cookies":
		s.writePage(w, r, q, []any{
			s.row("hostCookie", host, "session", map[string]any{"name": "session_id", "domain": host}),
			s.row("hostCookie", host, "consent", map[string]any{"name": "consent", "domain": "." + host}),
		})
	case "ports":
		s.writePage(w, r, q, s.ports(host, strings.Contains(q.Get("$expand"), "mostRecentSslCertificate")))
	}
	return true
}

// day is a deterministic instant up to spread days before Epoch.
func (s *Server) day(host, what string, spread uint64) time.Time {
	h := mix(s.cfg.Seed, what, host)
	return s.cfg.Epoch.Add(-time.Duration(h%(spread*24)) * time.Hour).Add(-time.Duration(h%3600) * time.Second)
}

// row is one host dataset row of @odata.type typ with its seen range.
func (s *Server) row(typ, host, key string, fields map[string]any) map[string]any {
	first := s.day(host, typ+key+"first", 700).Add(-800 * 24 * time.Hour)
	m := map[string]any{
		"@odata.type":       "#microsoft.graph.security." + typ,
		"id":                base64.StdEncoding.EncodeToString([]byte(key + "$$" + host)),
		"firstSeenDateTime": graphTime(first), "lastSeenDateTime": graphTime(s.day(host, typ+key+"last", 20)),
		"host": map[string]any{"id": host},
	}
	for k, v := range fields {
		m[k] = v
	}
	return m
}

var componentCatalog = []struct{ name, version, category string }{
	{"nginx", "1.24.0", "Server"}, {"Microsoft-IIS", "10.0", "Server"}, {"jQuery", "3.7.1", "JavaScript Library"},
	{"Bootstrap", "5.3.2", "Framework"}, {"WordPress", "6.4", "CMS"}, {"Google Analytics", "", "Analytics"},
}

func (s *Server) components(host string) []any {
	h := mix(s.cfg.Seed, "components", host)
	var out []any
	for i := range 3 {
		c := componentCatalog[(h+uint64(i)*2)%uint64(len(componentCatalog))]
		out = append(out, s.row("hostComponent", host, c.name, map[string]any{"name": c.name, "version": c.version, "category": c.category}))
	}
	return out
}

// hostPairs are a redirect from the host to a CDN, a script the host is
// loaded by, and a final redirect of the host to itself.
func (s *Server) hostPairs(host, nav string) []any {
	pairs := []struct{ parent, child, kind string }{
		{host, "cdn.example.net", "redirect"},
		{"portal.example.org", host, "script.src"},
		{host, host, "finalRedirect"},
	}
	var out []any
	for _, p := range pairs {
		if nav == "parentHostPairs" && p.child != host || nav == "childHostPairs" && p.parent != host {
			continue
		}
		m := s.row("hostPair", host, p.kind+p.parent+p.child, map[string]any{
			"linkKind": p.kind, "parentHost": map[string]any{"id": p.parent}, "childHost": map[string]any{"id": p.child},
		})
		delete(m, "host")
		out = append(out, m)
	}
	return out
}

// certSHA1 is the SHA-1 of certificate n of host; certID is Graph's id of it.
func (s *Server) certSHA1(host string, n int) string {
	h := mix(s.cfg.Seed, "cert", host, strconv.Itoa(n))
	return fmt.Sprintf("%016x%016x%08x", h, h^0x0123456789abcdef, uint32(h>>16))
}

func certID(sha1 string) string { return base64.StdEncoding.EncodeToString([]byte(sha1)) }

func (s *Server) hostCertificates(host string, expand bool) []any {
	var out []any
	for n := range 2 {
		sha := s.certSHA1(host, n)
		cert := map[string]any{"id": certID(sha)}
		if expand {
			cert = s.certificateJSON(sha, host)
		}
		out = append(out, s.row("hostSslCertificate", host, sha, map[string]any{
			"ports":          []any{map[string]any{"port": 443, "firstSeenDateTime": graphTime(s.day(host, sha, 300)), "lastSeenDateTime": graphTime(s.day(host, sha, 10))}},
			"sslCertificate": cert,
		}))
	}
	return out
}

// certificateJSON is an sslCertificate; host is the name it was issued to
// ("" when asked by id: a name derived from the hash).
func (s *Server) certificateJSON(sha, host string) map[string]any {
	h := mix(s.cfg.Seed, "certificate", sha)
	if host == "" {
		host = "host-" + sha[:8] + ".example.com"
	}
	issued := s.cfg.Epoch.Add(-time.Duration(30+h%300) * 24 * time.Hour).Truncate(time.Second)
	entity := func(cn, org string, sans []string) map[string]any {
		return map[string]any{"commonName": cn, "organizationName": org, "organizationUnitName": nil, "email": nil,
			"givenName": nil, "surname": nil, "serialNumber": nil, "alternateNames": sans,
			"address": map[string]any{"city": nil, "countryOrRegion": "US", "postalCode": nil, "state": nil, "street": nil}}
	}
	return map[string]any{
		"@odata.type": "#microsoft.graph.security.sslCertificate",
		"id":          certID(sha), "sha1": sha,
		"fingerprint":  strings.TrimSuffix(colonPairs(sha), ":"),
		"serialNumber": strconv.FormatUint(h>>1, 10), "sslVersion": "3",
		"issueDateTime": graphTime(issued), "expirationDateTime": graphTime(issued.Add(365 * 24 * time.Hour)),
		"firstSeenDateTime": graphTime(issued.Add(24 * time.Hour)), "lastSeenDateTime": graphTime(s.cfg.Epoch.Add(-time.Duration(h%5) * 24 * time.Hour)),
		"subject": entity(host, "Example Holdings", []string{host, "www." + host}),
		"issuer":  entity("Example TLS Issuing CA 01", "Example Trust Services", nil),
	}
}

func colonPairs(hex string) string {
	var b strings.Builder
	for i := 0; i+1 < len(hex); i += 2 {
		b.WriteString(hex[i:i+2] + ":")
	}
	return b.String()
}

func (s *Server) ports(host string, expand bool) []any {
	var out []any
	for _, p := range []struct {
		port              int
		banner, name, ver string
	}{{443, "HTTP/1.1 200 OK\r\nServer: nginx", "nginx", "1.24.0"}, {22, "SSH-2.0-OpenSSH_9.6", "OpenSSH", "9.6"}} {
		key := strconv.Itoa(p.port)
		first, last := s.day(host, "port"+key, 500).Add(-600*24*time.Hour), s.day(host, "portlast"+key, 5)
		m := s.row("hostPort", host, key, map[string]any{
			"port": p.port, "protocol": "tcp", "status": "open", "timesObserved": 10 + mix(s.cfg.Seed, "times", host, key)%500,
			"lastScanDateTime": graphTime(last),
			"banners": []any{map[string]any{"banner": p.banner, "scanProtocol": "tcp", "timesObserved": 7,
				"firstSeenDateTime": graphTime(first), "lastSeenDateTime": graphTime(last)}},
			"services": []any{map[string]any{"firstSeenDateTime": graphTime(first), "lastSeenDateTime": graphTime(last), "isRecent": true,
				"component": map[string]any{"name": p.name, "version": p.ver, "category": "Server"}}},
		})
		if p.port == 443 && expand {
			m["mostRecentSslCertificate"] = map[string]any{"id": certID(s.certSHA1(host, 0)), "sha1": s.certSHA1(host, 0)}
		}
		out = append(out, m)
	}
	return out
}

// whoisJSON is the current WHOIS record of host (n 0) or a past one (n > 0).
func (s *Server) whoisJSON(host string, n int) map[string]any {
	h := mix(s.cfg.Seed, "whois", host, strconv.Itoa(n))
	seen := s.cfg.Epoch.Add(-time.Duration(n*90+int(h%30)) * 24 * time.Hour)
	contact := func(name, email string) map[string]any {
		return map[string]any{"name": name, "organization": "Example Holdings", "email": email, "telephone": "+1.5555550100", "fax": nil,
			"address": map[string]any{"city": "Springfield", "countryOrRegion": "US", "postalCode": "12345", "state": "IL", "street": "1 Example Way"}}
	}
	mail := host
	if _, err := netip.ParseAddr(host); err == nil {
		mail = "netblock-owner.example.net" // an address's record names its holder's domain
	}
	typ := "whoisRecord"
	if n > 0 {
		typ = "whoisHistoryRecord"
	}
	return map[string]any{
		"@odata.type": "#microsoft.graph.security." + typ,
		"id":          base64.StdEncoding.EncodeToString([]byte(host + "$$" + strconv.Itoa(n))),
		"whoisServer": "whois.example-registrar.test", "domainStatus": "client transfer prohibited",
		"rawWhoisText":         "Domain Name: " + host + "\nRegistrar: Example Registrar, Inc.\n",
		"registrationDateTime": graphTime(s.cfg.Epoch.Add(-time.Duration(2000+h%1000) * 24 * time.Hour).Truncate(time.Second)),
		"expirationDateTime":   graphTime(s.cfg.Epoch.Add(time.Duration(100+h%300) * 24 * time.Hour).Truncate(time.Second)),
		"lastUpdateDateTime":   graphTime(seen.Add(-48 * time.Hour)),
		"firstSeenDateTime":    graphTime(seen.Add(-24 * time.Hour)), "lastSeenDateTime": graphTime(seen),
		"registrant": contact("Domain Administrator", "admin@"+mail),
		"admin":      contact("Domain Administrator", "admin@"+mail),
		"technical":  contact("Hostmaster", "hostmaster@"+mail),
		"abuse":      map[string]any{"email": "abuse@example-registrar.test", "name": nil, "organization": nil, "telephone": nil, "fax": nil, "address": nil},
		"registrar":  map[string]any{"email": nil, "name": nil, "organization": "Example Registrar, Inc.", "telephone": nil, "fax": nil, "address": nil},
		"billing":    nil, "noc": nil, "zone": nil,
		"nameservers": []any{
			map[string]any{"firstSeenDateTime": nil, "lastSeenDateTime": nil, "host": map[string]any{"id": "ns1.example-dns.net"}},
			map[string]any{"firstSeenDateTime": nil, "lastSeenDateTime": nil, "host": map[string]any{"id": "ns2.example-dns.net"}},
		},
		"host": map[string]any{"id": host},
	}
}

func (s *Server) reputationJSON(host string) map[string]any {
	h := mix(s.cfg.Seed, "reputation", host)
	class, score := []string{"unknown", "neutral", "neutral", "suspicious"}[h%4], int(h%60)
	if strings.HasPrefix(host, "malicious.") {
		class, score = "malicious", 80+int(h%21)
	}
	return map[string]any{
		"@odata.type":    "#microsoft.graph.security.hostReputation",
		"id":             fmt.Sprintf("%08x-0000-4000-8000-%012x", uint32(h), h>>16&0xffffffffffff),
		"classification": class, "score": score,
		"rules": []any{
			map[string]any{"name": "Name server", "description": "Uses a name server seen with suspicious hosts", "severity": "medium", "relatedDetailsUrl": nil},
			map[string]any{"name": "Registrar", "description": "Registered with a registrar abused before", "severity": "low", "relatedDetailsUrl": "https://ti.example.test/registrar"},
		},
	}
}

// serveDatasetRoot answers GET /sslCertificates/{id} and
// /whoisRecords/{id}/history; it reports false for another path.
func (s *Server) serveDatasetRoot(w http.ResponseWriter, r *http.Request, q url.Values, segs []string) bool {
	switch {
	case len(segs) == 2 && segs[0] == "sslCertificates":
		raw, err := base64.StdEncoding.DecodeString(segs[1])
		sha := strings.ToLower(string(raw))
		if err != nil || len(sha) != 40 || strings.Trim(sha, "0123456789abcdef") != "" {
			writeGraphError(w, http.StatusNotFound, "NotFound", "Certificate '"+cut(segs[1])+"' not found.")
			return true
		}
		writeJSON(w, http.StatusOK, s.certificateJSON(sha, ""))
	case len(segs) == 3 && segs[0] == "whoisRecords" && segs[2] == "history":
		raw, err := base64.StdEncoding.DecodeString(segs[1])
		host, _, ok := strings.Cut(string(raw), "$$")
		if err != nil || !ok || !plausibleHostname(host) && !strings.ContainsAny(host, ".:") {
			writeGraphError(w, http.StatusNotFound, "NotFound", "WHOIS record '"+cut(segs[1])+"' not found.")
			return true
		}
		items := []any{}
		for n := 1; n <= 3; n++ {
			items = append(items, s.whoisJSON(host, n))
		}
		s.writePage(w, r, q, items)
	default:
		return false
	}
	return true
}
