package mdti

import (
	"context"
	"iter"
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
