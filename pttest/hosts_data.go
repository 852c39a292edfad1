package pttest

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

type obj = map[string]any

var (
	registrars   = []string{"Example Registrar, Inc.", "Sample Names LLC", "Demo Domains GmbH"}
	orgs         = []string{"Example Holdings Ltd", "Acme Widgets", "Contoso Retail", "Privacy Protect Service"}
	countries    = []string{"US", "NL", "DE", "GB", "FR", "JP", "BR"}
	components   = [][3]string{{"nginx", "Server", "1.25.3"}, {"Apache", "Server", "2.4.58"}, {"jQuery", "JavaScript Library", "3.7.1"}, {"Google Analytics", "Analytics Service", ""}, {"Cloudflare", "CDN", ""}, {"WordPress", "Framework", "6.4"}, {"Bootstrap", "Web Design", "5.3.2"}}
	trackerKinds = []string{"GoogleAnalyticsTrackingId", "GoogleTagManagerId", "FacebookId", "JarmHash", "NewRelicId"}
	cookieNames  = []string{"_ga", "_gid", "SESSIONID", "PHPSESSID", "cf_clearance", "consent"}
	pairCauses   = []string{"redirect", "script.src", "img.src", "iframe.src", "link.href", "parentPage"}
	ruleNames    = []string{"Registrar", "Registrant email provider", "Hosting provider", "Intel article", "Recently registered"}
)

func (s *Server) whoisRecord(h *hostQuery, loaded time.Time) obj {
	r := &h.rnd
	dom := registered(h.norm)
	org := r.pick(orgs)
	registrant := obj{"email": "owner@" + dom, "name": "N/A", "organization": org, "country": r.pick(countries)}
	reg := s.cfg.Epoch.AddDate(-2-r.intn(10), -r.intn(12), 0)
	rec := obj{
		"domain": dom, "registrar": r.pick(registrars), "whoisServer": "whois.example-registrar.com",
		"contactEmail": "owner@" + dom, "name": "N/A", "organization": org, "telephone": "N/A",
		"registered": reg.Format(whoisLayout), "expiresAt": loaded.AddDate(1, 0, 0).Format(whoisLayout),
		"registryUpdatedAt": loaded.AddDate(0, -1, 0).Format(whoisLayout), "lastLoadedAt": loaded.Format(whoisLayout),
		"nameServers": []string{"ns1." + dom, "ns2.dns-" + strconv.Itoa(r.intn(9)) + ".example.net"},
		"rawText":     "Domain Name: " + strings.ToUpper(dom) + "\nRegistrar: simulated\n",
		"registrant":  registrant, "admin": obj{}, "tech": obj{"email": "hostmaster@" + dom, "organization": org},
		"billing": obj{}, "zone": obj{},
	}
	return rec
}

const whoisLayout = "2006-01-02T15:04:05.000-0700"

func (s *Server) whoisBody(h *hostQuery, q url.Values) (any, string) {
	if v, _ := queryOne(q, "history"); v == "true" {
		var out []obj
		for i := range 1 + h.rnd.intn(3) {
			out = append(out, s.whoisRecord(h, s.cfg.Epoch.AddDate(-i, 0, -1)))
		}
		return obj{"results": out}, ""
	}
	return s.whoisRecord(h, s.cfg.Epoch.AddDate(0, 0, -1)), ""
}

func (s *Server) enrichmentBody(h *hostQuery, _ url.Values) (any, string) {
	r := &h.rnd
	if h.ip {
		return obj{
			"queryValue": h.norm, "queryType": "ip", "primaryDomain": nil, "tld": nil,
			"autonomousSystemName": "SIM-NET-" + strconv.Itoa(r.intn(50)), "autonomousSystemNumber": 64496 + r.intn(15),
			"country": r.pick(countries), "latitude": float64(r.intn(9000)) / 100, "longitude": float64(r.intn(18000)) / 100,
			"network": h.norm + "/32", "classification": "", "everCompromised": false, "dynamicDns": false,
			"sinkhole": false, "tags": []string{}, "global_tags": []string{}, "system_tags": []string{"routable"}, "subdomains": []string{},
		}, ""
	}
	dom := registered(h.norm)
	return obj{
		"queryValue": h.norm, "queryType": "domain", "primaryDomain": dom, "tld": dom[strings.LastIndexByte(dom, '.'):],
		"tags": []string{}, "everCompromised": r.intn(4) == 0, "dynamicDns": false, "subdomains": []string{},
	}, ""
}

func (s *Server) subdomainsBody(h *hostQuery, _ url.Values) (any, string) {
	if h.ip {
		return nil, "subdomains are looked up by domain"
	}
	labels := []string{"www", "api", "mail", "cdn", "dev", "vpn", "shop"}
	return obj{"queryValue": "*." + h.norm, "subdomains": labels[:2+h.rnd.intn(len(labels)-2)]}, ""
}

// rows builds n host-attribute rows with row(i, first, last), keeps those
// seen inside the start/end window (lastSeen >= start, firstSeen <= end)
// and serves the requested page of them (pagination model B);
// totalRecords counts the rows kept.
func (s *Server) rows(h *hostQuery, q url.Values, n int, row func(i int, first, last string) obj) (any, string) {
	page, ok := parsePage(q)
	if !ok {
		return nil, "page must be a non-negative integer"
	}
	var start, end time.Time
	for _, k := range []string{"start", "end"} {
		if v, ok := queryOne(q, k); ok && v != "" {
			t, ok := parseDateParam(v)
			if !ok {
				return nil, k + " must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS"
			}
			if k == "start" {
				start = t
			} else {
				end = t
			}
		}
	}
	var kept []obj
	for i := range n {
		f, l := s.seen(&h.rnd)
		if !start.IsZero() && l.Before(start) || !end.IsZero() && f.After(end) {
			continue
		}
		kept = append(kept, row(i, f.Format(crawlLayout), l.Format(crawlLayout)))
	}
	size := s.cfg.HostAttributesPageSize
	out := []obj{}
	for i := page * size; i < len(kept) && i < (page+1)*size; i++ {
		out = append(out, kept[i])
	}
	return obj{"totalRecords": len(kept), "success": true, "facets": []any{}, "results": out}, ""
}

// hostKey is the row key naming the crawled host: v2 sends "address" for
// an IP query.
func (h *hostQuery) hostKey() string {
	if h.ip {
		return "address"
	}
	return "hostname"
}

func (s *Server) componentsBody(h *hostQuery, q url.Values) (any, string) {
	n := 2 + h.rnd.intn(4)
	off := h.rnd.intn(len(components))
	return s.rows(h, q, n, func(i int, f, l string) obj {
		c := components[(off+i)%len(components)]
		var version any = c[2]
		if c[2] == "" {
			version = nil
		}
		return obj{h.hostKey(): h.norm, "label": c[0], "category": c[1], "version": version, "firstSeen": f, "lastSeen": l}
	})
}

func (s *Server) trackersBody(h *hostQuery, q url.Values) (any, string) {
	n := 1 + h.rnd.intn(3)
	base := strconv.FormatUint(h.rnd.next()%100000000, 10)
	return s.rows(h, q, n, func(i int, f, l string) obj {
		kind := trackerKinds[i%len(trackerKinds)]
		value := "UA-" + base + "-" + strconv.Itoa(i+1)
		switch kind {
		case "GoogleTagManagerId":
			value = "GTM-" + strings.ToUpper(strconv.FormatUint(h.rnd.next()%1e7, 36))
		case "FacebookId":
			value = strconv.FormatUint(h.rnd.next()%1e15, 10)
		}
		return obj{h.hostKey(): h.norm, "attributeType": kind, "attributeValue": value, "firstSeen": f, "lastSeen": l}
	})
}

func (s *Server) cookiesBody(h *hostQuery, q url.Values) (any, string) {
	n := 1 + h.rnd.intn(4)
	return s.rows(h, q, n, func(i int, f, l string) obj {
		return obj{h.hostKey(): h.norm, "cookieName": cookieNames[i%len(cookieNames)], "cookieDomain": registered(h.norm), "firstSeen": f, "lastSeen": l}
	})
}

func (s *Server) pairsBody(h *hostQuery, q url.Values) (any, string) {
	dir, _ := queryOne(q, "direction")
	if dir != "parents" && dir != "children" {
		return nil, "direction must be parents or children"
	}
	n := 1 + h.rnd.intn(3)
	return s.rows(h, q, n, func(i int, f, l string) obj {
		other := "site" + strconv.Itoa(h.rnd.intn(100)) + ".example-" + dir + ".net"
		p := obj{"parent": h.norm, "child": other, "cause": pairCauses[(i+len(dir))%len(pairCauses)], "firstSeen": f, "lastSeen": l}
		if dir == "parents" {
			p["parent"], p["child"] = other, h.norm
		}
		return p
	})
}

func (s *Server) servicesBody(h *hostQuery, _ url.Values) (any, string) {
	if !h.ip {
		return nil, "services are looked up by IP address"
	}
	ports := []int{443, 80, 22, 8080}
	var out []obj
	for i := range 1 + h.rnd.intn(len(ports)) {
		f, l := s.seen(&h.rnd)
		fs, ls := f.Format(crawlLayout), l.Format(crawlLayout)
		c := components[h.rnd.intn(2)]
		banner := "HTTP/1.1 200 OK\r\nServer: " + c[0]
		scan := "http"
		if ports[i] == 22 {
			banner, scan, c = "SSH-2.0-OpenSSH_9.6", "ssh", [3]string{"OpenSSH", "Remote Access", "9.6"}
		}
		var cert any
		if ports[i] == 443 {
			cert = obj{"sha1": sha1Of(h.norm, 0)}
		}
		out = append(out, obj{
			"portNumber": ports[i], "protocol": "TCP", "status": "open", "count": 1 + h.rnd.intn(500),
			"firstSeen": fs, "lastSeen": ls, "lastScan": ls,
			"banners":         []obj{{"banner": banner, "scanType": scan, "firstSeen": fs, "lastSeen": ls, "count": 1 + h.rnd.intn(9)}},
			"currentServices": []obj{{"label": c[0], "category": c[1], "version": c[2], "firstSeen": fs, "lastSeen": ls}},
			"recentServices":  []obj{}, "mostRecentSslCert": cert,
		})
	}
	return obj{"totalRecords": len(out), "success": true, "results": out}, ""
}

func (s *Server) reputationBody(h *hostQuery, _ url.Values) (any, string) {
	r := &h.rnd
	score := r.intn(101)
	class := "UNKNOWN"
	switch {
	case strings.HasPrefix(h.norm, "malicious.") || score >= 80:
		class, score = "MALICIOUS", max(score, 80)
	case score >= 50:
		class = "SUSPICIOUS"
	case score < 20:
		class = "GOOD"
	}
	var rules []obj
	for i := range 1 + r.intn(3) {
		rules = append(rules, obj{"name": ruleNames[(i+r.intn(5))%len(ruleNames)], "description": "Simulated rule " + strconv.Itoa(i+1), "severity": 1 + r.intn(5)})
	}
	return obj{"score": score, "classification": class, "rules": rules}, ""
}

// certificate builds the certificate with a SHA-1, named for host.
func (s *Server) certificate(sha1, host string) obj {
	r := srng{s: hashOf(sha1)}
	first, last := s.seen(&r)
	issued := first.AddDate(0, 0, -r.intn(30))
	return obj{
		"sha1": sha1, "fingerprint": colonHex(sha1), "serialNumber": strconv.FormatUint(r.next(), 10), "sslVersion": "3",
		"issueDate": issued.Format(certLayout), "expirationDate": issued.AddDate(1, 0, 0).Format(certLayout),
		"firstSeen": first.UnixMilli(), "lastSeen": last.UnixMilli(),
		"issuerCommonName": "Simulated Issuing CA " + strconv.Itoa(1+r.intn(3)), "issuerOrganizationName": "Example Trust Services",
		"issuerCountry": "US", "subjectCommonName": host, "subjectOrganizationName": nil,
		"subjectAlternativeNames": []string{host, "www." + registered(host)},
	}
}

const certLayout = "Jan 02 15:04:05 2006 MST"

func hashOf(s string) uint64 { r := srng{}; r.s = uint64(len(s)); return r.next() ^ fnvString(s) }

func fnvString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func colonHex(h string) string {
	var b strings.Builder
	for i := 0; i+1 < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}

// validSHA1 accepts 40 hex digits, colons allowed.
func validSHA1(v string) (string, bool) {
	v = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(v), ":", ""))
	return v, len(v) == 40 && strings.Trim(v, "0123456789abcdef") == ""
}

func (s *Server) certificateBody(q url.Values) (any, string) {
	raw, _ := queryOne(q, "query")
	sha, ok := validSHA1(raw)
	if !ok {
		return nil, "query must be a SHA-1 fingerprint"
	}
	return obj{"success": true, "results": []obj{s.certificate(sha, "host-"+sha[:8]+".example.net")}}, ""
}

func (s *Server) certificateSearchBody(q url.Values) (any, string) {
	field, _ := queryOne(q, "field")
	h, msg := s.parseHost(q, "/ssl-certificate/search")
	if msg != "" || field == "" {
		return nil, "query and field are required"
	}
	var out []obj
	for i := range 1 + h.rnd.intn(2) {
		out = append(out, s.certificate(sha1Of(h.norm, i), h.norm))
	}
	return obj{"success": true, "queryValue": h.raw, "results": out}, ""
}

func (s *Server) certificateHistoryBody(q url.Values) (any, string) {
	raw, _ := queryOne(q, "query")
	r := srng{s: hashOf(raw)}
	var out []obj
	if v := strings.TrimSpace(raw); isAddr(v) {
		for i := range 1 + r.intn(3) {
			f, l := s.seen(&r)
			out = append(out, obj{"sha1": sha1Of(v, i), "firstSeen": f.Format(time.DateOnly), "lastSeen": l.Format(time.DateOnly), "ipAddresses": []string{v}})
		}
	} else if sha, ok := validSHA1(v); ok {
		f, l := s.seen(&r)
		out = append(out, obj{"sha1": sha, "firstSeen": f.Format(time.DateOnly), "lastSeen": l.Format(time.DateOnly), "ipAddresses": []string{addressOf(sha)}})
	} else {
		return nil, "query must be an IP address or a SHA-1 fingerprint"
	}
	return obj{"success": true, "results": out}, ""
}
