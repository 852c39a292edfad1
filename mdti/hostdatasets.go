package mdti

import (
	"context"
	"net/url"
	"strconv"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
)

// The host datasets beyond passive DNS. Each method returns the root
// package's model of the matching PassiveTotal answer, so the same mapping
// functions (mapping.Components, mapping.Whois, ...) turn Graph's answers
// into STIX. A listing reads every page (within the page budget) before it
// returns: the models hold whole answers. The host is checked like a
// PassiveTotal query (passivetotal.ValidateDNSQuery) before any request; an
// unknown host is an error matching ErrNotFound.

// HostListOptions narrow the crawl listings (components, trackers,
// cookies, host pairs).
type HostListOptions struct {
	// LastSeenAfter keeps the rows last seen at or after this instant,
	// checked on the answer (Graph documents no $filter for most of these
	// navigations); a row whose lastSeenDateTime cannot be read is kept, so
	// the mapping reports it. Zero keeps every row.
	LastSeenAfter time.Time
	// PageSize is sent as $top; zero leaves the server's default.
	PageSize int
}

func (o *HostListOptions) query(q url.Values) url.Values {
	if o != nil && o.PageSize > 0 {
		if q == nil {
			q = url.Values{}
		}
		q.Set("$top", strconv.Itoa(o.PageSize))
	}
	return q
}

// keep reports whether a row last seen at last is in the window.
func (o *HostListOptions) keep(last passivetotal.Time) bool {
	if o == nil || o.LastSeenAfter.IsZero() || !last.Valid() {
		return true
	}
	return !last.Before(o.LastSeenAfter.Truncate(time.Second))
}

// window drops the rows outside opts' window.
func window[T any](rows []T, opts *HostListOptions, last func(*T) passivetotal.Time) []T {
	out := rows[:0]
	for i := range rows {
		if opts.keep(last(&rows[i])) {
			out = append(out, rows[i])
		}
	}
	return out
}

// HostPairDirection chooses which host pairs of a host to list.
type HostPairDirection string

// The host pair listings: both directions (hostPairs), the pairs where the
// host is the child (parentHostPairs), or the parent (childHostPairs).
const (
	HostPairsAll      HostPairDirection = ""
	HostPairsParents  HostPairDirection = "parents"
	HostPairsChildren HostPairDirection = "children"
)

// HostComponents returns the web components seen on a host (GET
// /hosts/{host}/components).
func (c *Client) HostComponents(ctx context.Context, host string, opts *HostListOptions) (*passivetotal.Components, error) {
	rows, err := hostList(ctx, c, host, "components", opts.query(nil), (*componentWire).component)
	if err != nil {
		return nil, err
	}
	rows = window(rows, opts, func(r *passivetotal.Component) passivetotal.Time { return r.LastSeen })
	return &passivetotal.Components{TotalRecords: len(rows), Success: true, Results: rows}, nil
}

// HostTrackers returns the trackers seen on a host (GET
// /hosts/{host}/trackers): Graph's kind is the Type, its value the Value.
func (c *Client) HostTrackers(ctx context.Context, host string, opts *HostListOptions) (*passivetotal.Trackers, error) {
	rows, err := hostList(ctx, c, host, "trackers", opts.query(nil), (*trackerWire).tracker)
	if err != nil {
		return nil, err
	}
	rows = window(rows, opts, func(r *passivetotal.Tracker) passivetotal.Time { return r.LastSeen })
	return &passivetotal.Trackers{TotalRecords: len(rows), Success: true, Results: rows}, nil
}

// HostCookies returns the cookies a host set (GET /hosts/{host}/cookies).
func (c *Client) HostCookies(ctx context.Context, host string, opts *HostListOptions) (*passivetotal.Cookies, error) {
	rows, err := hostList(ctx, c, host, "cookies", opts.query(nil), (*cookieWire).cookie)
	if err != nil {
		return nil, err
	}
	rows = window(rows, opts, func(r *passivetotal.Cookie) passivetotal.Time { return r.LastSeen })
	return &passivetotal.Cookies{TotalRecords: len(rows), Success: true, Results: rows}, nil
}

// HostPairs returns the host pairs of a host in one direction (GET
// /hosts/{host}/hostPairs, parentHostPairs or childHostPairs): Cause is
// Graph's linkKind. Another direction is a *passivetotal.InvalidQueryError.
func (c *Client) HostPairs(ctx context.Context, host string, dir HostPairDirection, opts *HostListOptions) (*passivetotal.HostPairs, error) {
	nav := map[HostPairDirection]string{HostPairsAll: "hostPairs", HostPairsParents: "parentHostPairs", HostPairsChildren: "childHostPairs"}[dir]
	if nav == "" {
		return nil, &passivetotal.InvalidQueryError{Query: string(dir), Reason: "host pair direction is not parents, children or empty"}
	}
	rows, err := hostList(ctx, c, host, nav, opts.query(nil), func(w *hostPairWire, _ string) passivetotal.HostPair { return w.pair() })
	if err != nil {
		return nil, err
	}
	rows = window(rows, opts, func(r *passivetotal.HostPair) passivetotal.Time { return r.LastSeen })
	return &passivetotal.HostPairs{TotalRecords: len(rows), Success: true, Results: rows}, nil
}

// HostSubdomains returns the subdomains of a domain (GET
// /hosts/{host}/subdomains); Graph sends full names, which
// passivetotal.Subdomains.Names keeps as they are.
func (c *Client) HostSubdomains(ctx context.Context, host string) (*passivetotal.Subdomains, error) {
	names, err := hostList(ctx, c, host, "subdomains", nil, func(w *subdomainWire, _ string) string { return string(w.ID) })
	if err != nil {
		return nil, err
	}
	h, _ := passivetotal.ValidateDNSQuery(host)
	return &passivetotal.Subdomains{QueryValue: h, Subdomains: nonEmptyStrings(names)}, nil
}

// HostPorts returns the ports of a host (GET /hosts/{host}/ports) as
// PassiveTotal's services answer: timesObserved is the Count, services
// the CurrentServices (those Graph marks isRecent false the
// RecentServices), the most recent certificate's SHA-1 when Graph names
// it.
func (c *Client) HostPorts(ctx context.Context, host string) (*passivetotal.Services, error) {
	rows, err := hostList(ctx, c, host, "ports", url.Values{"$expand": {"mostRecentSslCertificate"}},
		func(w *hostPortWire, _ string) passivetotal.ServicePort { return w.port() })
	if err != nil {
		return nil, err
	}
	return &passivetotal.Services{TotalRecords: len(rows), Results: rows}, nil
}

// HostCertificates is what GET /hosts/{host}/sslCertificates gives: where
// and when each certificate was seen on the host, and the certificates
// Graph expanded in the same answer.
type HostCertificates struct {
	// History holds one sighting per hostSslCertificate, the host under
	// IPAddresses or Domains by its kind.
	History passivetotal.CertificateHistory
	// Certificates are the certificates Graph sent in full.
	Certificates passivetotal.SSLCertificates
	// Missing are the ids of the certificates Graph named without their
	// fields; Certificate reads each.
	Missing []string
}

// HostCertificates returns the certificates seen on a host (GET
// /hosts/{host}/sslCertificates, asking Graph to expand each
// certificate). Map them with mapping.Certificates(entity,
// &h.Certificates, &h.History, opts).
func (c *Client) HostCertificates(ctx context.Context, host string) (*HostCertificates, error) {
	type row struct {
		sighting passivetotal.CertificateSighting
		cert     *sslCertificateWire
	}
	rows, err := hostList(ctx, c, host, "sslCertificates", url.Values{"$expand": {"sslCertificate"}},
		func(w *hostSSLCertificateWire, q string) row { return row{w.sighting(q), w.SSLCertificate} })
	if err != nil {
		return nil, err
	}
	out := &HostCertificates{}
	seen := map[string]bool{}
	for _, r := range rows {
		out.History.Results = append(out.History.Results, r.sighting)
		w := r.cert
		if w == nil || seen[string(w.ID)+"\x00"+w.sha1()] {
			continue
		}
		seen[string(w.ID)+"\x00"+w.sha1()] = true
		if w.full() {
			out.Certificates.Results = append(out.Certificates.Results, w.certificate())
		} else if id := string(w.ID); id != "" {
			out.Missing = append(out.Missing, id)
		}
	}
	return out, nil
}

// Certificate returns one certificate by its Graph id (GET
// /sslCertificates/{id}).
func (c *Client) Certificate(ctx context.Context, id string) (*passivetotal.SSLCertificate, *Response, error) {
	seg, err := pathSegment("certificate id", id)
	if err != nil {
		return nil, nil, err
	}
	var w entity[sslCertificateWire]
	resp, err := c.get(ctx, "sslCertificates/"+seg, nil, &w)
	if err != nil {
		return nil, resp, err
	}
	cert := w.v.certificate()
	return &cert, resp, nil
}

// WhoisRecord is a host's current WHOIS record with its Graph id, which
// WhoisHistory takes.
type WhoisRecord struct {
	ID     string
	Record passivetotal.WhoisRecord
}

// HostWhois returns the current WHOIS record of a host (GET
// /hosts/{host}/whois). Contacts keep PassiveTotal's role names
// (Graph's technical is "tech") and add Graph's abuse, noc and registrar;
// nameservers[].host.id are the NameServers.
func (c *Client) HostWhois(ctx context.Context, host string) (*WhoisRecord, *Response, error) {
	h, err := passivetotal.ValidateDNSQuery(host)
	if err != nil {
		return nil, nil, err
	}
	var w entity[whoisWire]
	resp, err := c.get(ctx, "hosts/"+url.PathEscape(h)+"/whois", nil, &w)
	if err != nil {
		return nil, resp, err
	}
	return &WhoisRecord{ID: string(w.v.ID), Record: w.v.record(h)}, resp, nil
}

// WhoisHistory returns the past records of a WHOIS record (GET
// /whoisRecords/{id}/history), id being WhoisRecord.ID. host fills the
// Domain of records that do not name theirs.
func (c *Client) WhoisHistory(ctx context.Context, id, host string) (*passivetotal.WhoisHistory, error) {
	seg, err := pathSegment("WHOIS record id", id)
	if err != nil {
		return nil, err
	}
	out := &passivetotal.WhoisHistory{}
	for r, err := range list(ctx, c, "whoisRecords/"+seg+"/history", nil, func(w *whoisWire) passivetotal.WhoisRecord { return w.record(host) }, nil) {
		if err != nil {
			return nil, err
		}
		out.Results = append(out.Results, r)
	}
	return out, nil
}

// HostReputation returns the reputation of a host (GET
// /hosts/{host}/reputation): classification upper-cased ("neutral" reads
// as "GOOD"), rule severities low 2, medium 3, high 5.
func (c *Client) HostReputation(ctx context.Context, host string) (*passivetotal.Reputation, *Response, error) {
	h, err := passivetotal.ValidateDNSQuery(host)
	if err != nil {
		return nil, nil, err
	}
	var w entity[passivetotal.Reputation]
	resp, err := c.get(ctx, "hosts/"+url.PathEscape(h)+"/reputation", nil, &w)
	if err != nil {
		return nil, resp, err
	}
	return &w.v, resp, nil
}

// HostSummary returns a host as PassiveTotal's host summary (GET
// /hosts/{host}, see Host.Summary).
func (c *Client) HostSummary(ctx context.Context, host string) (*passivetotal.HostSummary, *Response, error) {
	h, resp, err := c.GetHost(ctx, host)
	if err != nil {
		return nil, resp, err
	}
	return h.Summary(), resp, nil
}

// hostList reads every page of /hosts/{host}/{nav}, converting each row
// with conv (given the queried host for rows that do not name theirs).
func hostList[W, T any](ctx context.Context, c *Client, host, nav string, q url.Values, conv func(*W, string) T) ([]T, error) {
	h, err := passivetotal.ValidateDNSQuery(host)
	if err != nil {
		return nil, err
	}
	var out []T
	for v, err := range list(ctx, c, "hosts/"+url.PathEscape(h)+"/"+nav, q, func(w *W) T { return conv(w, h) }, nil) {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func nonEmptyStrings(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
