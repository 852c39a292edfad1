package mdti

import (
	"context"
	"iter"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
)

// PassiveDNSOptions are the parameters of the passive DNS listings.
type PassiveDNSOptions struct {
	// LastSeenAfter keeps the records last seen at or after this instant;
	// FirstSeenBefore those first seen at or before it. Both are sent as
	// $filter and checked again on the answer, so a server that ignores
	// the filter still gives the window asked for. Zero sends nothing.
	LastSeenAfter, FirstSeenBefore time.Time
	// PageSize is sent as $top; zero leaves the server's default.
	PageSize int
}

// LastDays returns options for records last seen in the days before now
// (the caller passes the clock). days <= 0 asks for all history.
func LastDays(now time.Time, days int) *PassiveDNSOptions {
	o := &PassiveDNSOptions{}
	if days > 0 {
		o.LastSeenAfter = now.UTC().AddDate(0, 0, -days)
	}
	return o
}

func (o *PassiveDNSOptions) query() (url.Values, func(passivetotal.DNSRecord) (bool, bool)) {
	q := url.Values{}
	if o == nil {
		return q, nil
	}
	var clauses []string
	if !o.LastSeenAfter.IsZero() {
		clauses = append(clauses, "lastSeenDateTime ge "+o.LastSeenAfter.UTC().Format(time.RFC3339))
	}
	if !o.FirstSeenBefore.IsZero() {
		clauses = append(clauses, "firstSeenDateTime le "+o.FirstSeenBefore.UTC().Format(time.RFC3339))
	}
	if len(clauses) > 0 {
		q.Set("$filter", strings.Join(clauses, " and "))
	}
	if o.PageSize > 0 {
		q.Set("$top", strconv.Itoa(o.PageSize))
	}
	after, before := o.LastSeenAfter.Truncate(time.Second), o.FirstSeenBefore
	keep := func(r passivetotal.DNSRecord) (bool, bool) {
		// A record whose times cannot be read is kept: the mapping records
		// why it cannot use it.
		if !after.IsZero() && r.LastSeen.Valid() && r.LastSeen.Before(after) {
			return false, true
		}
		if !before.IsZero() && r.FirstSeen.Valid() && r.FirstSeen.After(before) {
			return false, true
		}
		return true, true
	}
	return q, keep
}

// PassiveDNS returns the forward passive DNS records of a hostname or IP
// address (GET /hosts/{host}/passiveDns) as passivetotal.DNSRecord values:
// Value is the queried host, Resolve the answer, ResolveType "ip",
// "domain" or "email" from the artifact's @odata.type, RecordHash Graph's
// record id; Source stays empty (Graph names none). host is checked like a
// PassiveTotal query (passivetotal.ValidateDNSQuery) before any request.
// Feed the records to mapping.PassiveDNSRecords for STIX.
func (c *Client) PassiveDNS(ctx context.Context, host string, opts *PassiveDNSOptions) iter.Seq2[passivetotal.DNSRecord, error] {
	return c.passiveDNS(ctx, host, "passiveDns", opts)
}

// PassiveDNSReverse returns the reverse records of a host (GET
// /hosts/{host}/passiveDnsReverse): for an IP address, the hostnames that
// resolved to it. The records read as PassiveDNS's do, Value being the
// queried host.
func (c *Client) PassiveDNSReverse(ctx context.Context, host string, opts *PassiveDNSOptions) iter.Seq2[passivetotal.DNSRecord, error] {
	return c.passiveDNS(ctx, host, "passiveDnsReverse", opts)
}

func (c *Client) passiveDNS(ctx context.Context, host, nav string, opts *PassiveDNSOptions) iter.Seq2[passivetotal.DNSRecord, error] {
	h, err := passivetotal.ValidateDNSQuery(host)
	if err != nil {
		return func(yield func(passivetotal.DNSRecord, error) bool) { yield(passivetotal.DNSRecord{}, err) }
	}
	q, keep := opts.query()
	conv := func(w *passiveDNSWire) passivetotal.DNSRecord { return w.record(h) }
	return list(ctx, c, "hosts/"+url.PathEscape(h)+"/"+nav, q, conv, keep)
}

// GetHost returns what Graph knows of a hostname or IP address (GET
// /hosts/{host}). An unknown host is an error matching ErrNotFound.
func (c *Client) GetHost(ctx context.Context, host string) (*Host, *Response, error) {
	h, err := passivetotal.ValidateDNSQuery(host)
	if err != nil {
		return nil, nil, err
	}
	var w entity[hostWire]
	resp, err := c.get(ctx, "hosts/"+url.PathEscape(h), nil, &w)
	if err != nil {
		return nil, resp, err
	}
	out := w.v.host()
	return &out, resp, nil
}

// passiveDNSWire is microsoft.graph.security.passiveDnsRecord.
type passiveDNSWire struct {
	ODataType         text              `json:"@odata.type"`
	ID                text              `json:"id"`
	FirstSeenDateTime passivetotal.Time `json:"firstSeenDateTime"`
	LastSeenDateTime  passivetotal.Time `json:"lastSeenDateTime"`
	CollectedDateTime passivetotal.Time `json:"collectedDateTime"`
	RecordType        text              `json:"recordType"`
	ParentHost        *hostRef          `json:"parentHost"`
	Artifact          *artifactWire     `json:"artifact"`
}

// hostWire is microsoft.graph.security.hostname or ipAddress.
type hostWire struct {
	ODataType         text              `json:"@odata.type"`
	ID                text              `json:"id"`
	FirstSeenDateTime passivetotal.Time `json:"firstSeenDateTime"`
	LastSeenDateTime  passivetotal.Time `json:"lastSeenDateTime"`
	Registrar         text              `json:"registrar"`
	Registrant        text              `json:"registrant"`
	CountryOrRegion   text              `json:"countryOrRegion"`
	HostingProvider   text              `json:"hostingProvider"`
	Netblock          text              `json:"netblock"`
	AutonomousSystem  *struct {
		Number       text `json:"number"`
		Name         text `json:"name"`
		Organization text `json:"organization"`
		Value        text `json:"value"`
	} `json:"autonomousSystem"`
}

// record converts a passive DNS record. Value is the parent host (the
// queried side), Resolve the artifact (the other side) and ResolveType comes
// from the artifact's @odata.type; RecordHash holds Graph's opaque record id
// and Source stays empty, since Graph names no sources.
//
// queried is the host the records were asked for. When a record names it as
// the artifact and another host as the parent, the two sides are swapped, so
// Value is always the queried side whichever way a server fills a reverse
// record.
func (w *passiveDNSWire) record(queried string) passivetotal.DNSRecord {
	parent := ""
	if w.ParentHost != nil {
		parent = strings.TrimSpace(string(w.ParentHost.ID))
	}
	rtype, resolve := "", ""
	if w.Artifact != nil {
		rtype, resolve = w.Artifact.indicator()
	}
	if queried != "" && !sameHost(parent, queried) && sameHost(resolve, queried) && parent != "" {
		resolve, parent = parent, resolve
		rtype = typeDomain
		if _, err := netip.ParseAddr(resolve); err == nil {
			rtype = typeIP
		}
	}
	if parent == "" {
		parent = queried
	}
	return passivetotal.DNSRecord{
		FirstSeen:   w.FirstSeenDateTime,
		LastSeen:    w.LastSeenDateTime,
		Collected:   w.CollectedDateTime,
		Value:       parent,
		Resolve:     resolve,
		ResolveType: rtype,
		RecordType:  strings.TrimSpace(string(w.RecordType)),
		RecordHash:  strings.TrimSpace(string(w.ID)),
	}
}

// sameHost compares host names case-insensitively and without a trailing
// dot, and IP addresses by value.
func sameHost(a, b string) bool {
	if a == b {
		return a != ""
	}
	if x, err := netip.ParseAddr(a); err == nil {
		y, err := netip.ParseAddr(b)
		return err == nil && x == y
	}
	return a != "" && strings.EqualFold(strings.TrimSuffix(a, "."), strings.TrimSuffix(b, "."))
}

// Host is a Graph host (GET /hosts/{id}): a hostname or an IP address, with
// what Graph knows of it. PassiveTotal's enrichment had no model in this
// SDK, so this one is Graph's own.
type Host struct {
	// ID is the host name or IP address.
	ID string
	// Kind is "hostname" or "ipAddress" (from @odata.type), or "" when
	// the server did not say.
	Kind                string
	FirstSeen, LastSeen passivetotal.Time
	// Registrar and Registrant are set for a hostname.
	Registrar, Registrant string
	// The fields below are set for an IP address.
	CountryOrRegion  string
	HostingProvider  string
	Netblock         string
	AutonomousSystem *AutonomousSystem
}

// AutonomousSystem is the AS an IP address belongs to. Number is 0 when
// Graph sent none or not a number (Value keeps Graph's own text).
type AutonomousSystem struct {
	Number       int64
	Name         string
	Organization string
	Value        string
}

func (w *hostWire) host() Host {
	h := Host{
		ID: strings.TrimSpace(string(w.ID)), Kind: graphType(w.ODataType),
		FirstSeen: w.FirstSeenDateTime, LastSeen: w.LastSeenDateTime,
		Registrar: string(w.Registrar), Registrant: string(w.Registrant),
		CountryOrRegion: string(w.CountryOrRegion), HostingProvider: string(w.HostingProvider),
		Netblock: string(w.Netblock),
	}
	if as := w.AutonomousSystem; as != nil {
		n, _ := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(string(as.Number)), "AS"), 10, 64)
		h.AutonomousSystem = &AutonomousSystem{Number: n, Name: string(as.Name), Organization: string(as.Organization), Value: string(as.Value)}
	}
	return h
}
