package passivetotal

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"time"
)

// HostAttributeOptions are the parameters of the GET /host-attributes/*
// endpoints.
type HostAttributeOptions struct {
	// Start keeps rows last seen after it; End keeps rows first seen
	// before it. Sent as "YYYY-MM-DD HH:MM:SS" in UTC; zero sends nothing.
	Start, End time.Time
}

func (o *HostAttributeOptions) values(query string) url.Values {
	q := url.Values{"query": {query}}
	if o == nil {
		return q
	}
	if !o.Start.IsZero() {
		q.Set("start", o.Start.UTC().Format(pdnsTimeLayout))
	}
	if !o.End.IsZero() {
		q.Set("end", o.End.UTC().Format(pdnsTimeLayout))
	}
	return q
}

// HostPairDirection says which side of a host pair the queried host is.
type HostPairDirection string

// The directions of GET /host-attributes/pairs.
const (
	// PairParents asks for the hosts that link to the queried host.
	PairParents HostPairDirection = "parents"
	// PairChildren asks for the hosts the queried host links to.
	PairChildren HostPairDirection = "children"
)

// Components returns every component seen on a host (GET
// /host-attributes/components), all pages merged; the *Response is the
// last page's. Each page spends a search.
func (c *Client) Components(ctx context.Context, query string, opts *HostAttributeOptions) (*Components, *Response, error) {
	return allAttributes[Component](ctx, c, "host-attributes/components", query, opts.values, nil)
}

// ListComponents is Components one row at a time: a page is requested
// only when the loop needs it.
func (c *Client) ListComponents(ctx context.Context, query string, opts *HostAttributeOptions) iter.Seq2[Component, error] {
	return listAttributes[Component](ctx, c, "host-attributes/components", query, opts.values, nil)
}

// Trackers returns every tracker seen on a host (GET
// /host-attributes/trackers), all pages merged. Each page spends a search.
func (c *Client) Trackers(ctx context.Context, query string, opts *HostAttributeOptions) (*Trackers, *Response, error) {
	return allAttributes[Tracker](ctx, c, "host-attributes/trackers", query, opts.values, nil)
}

// ListTrackers is Trackers one row at a time.
func (c *Client) ListTrackers(ctx context.Context, query string, opts *HostAttributeOptions) iter.Seq2[Tracker, error] {
	return listAttributes[Tracker](ctx, c, "host-attributes/trackers", query, opts.values, nil)
}

// Cookies returns every cookie a host set (GET /host-attributes/cookies),
// all pages merged. Each page spends a search.
func (c *Client) Cookies(ctx context.Context, query string, opts *HostAttributeOptions) (*Cookies, *Response, error) {
	return allAttributes[Cookie](ctx, c, "host-attributes/cookies", query, opts.values, nil)
}

// ListCookies is Cookies one row at a time.
func (c *Client) ListCookies(ctx context.Context, query string, opts *HostAttributeOptions) iter.Seq2[Cookie, error] {
	return listAttributes[Cookie](ctx, c, "host-attributes/cookies", query, opts.values, nil)
}

// HostPairs returns the host pairs of a host in both directions (GET
// /host-attributes/pairs with direction=parents, then children), all pages
// merged: at least two searches.
func (c *Client) HostPairs(ctx context.Context, query string, opts *HostAttributeOptions) (*HostPairs, *Response, error) {
	out := &HostPairs{}
	var resp *Response
	for _, d := range []HostPairDirection{PairParents, PairChildren} {
		one, r, err := c.HostPairsDirection(ctx, query, d, opts)
		resp = r
		if err != nil {
			return nil, resp, err
		}
		out.Results = append(out.Results, one.Results...)
		out.TotalRecords += one.TotalRecords
		out.Success = one.Success
	}
	return out, resp, nil
}

// HostPairsDirection returns the host pairs of one direction, all pages
// merged. A direction other than PairParents or PairChildren is an
// *InvalidQueryError. Each page spends a search.
func (c *Client) HostPairsDirection(ctx context.Context, query string, d HostPairDirection, opts *HostAttributeOptions) (*HostPairs, *Response, error) {
	if d != PairParents && d != PairChildren {
		return nil, nil, &InvalidQueryError{Query: string(d), Reason: `direction is "parents" or "children"`}
	}
	return allAttributes[HostPair](ctx, c, "host-attributes/pairs", query, opts.values, url.Values{"direction": {string(d)}})
}

// ListHostPairs is HostPairsDirection one row at a time.
func (c *Client) ListHostPairs(ctx context.Context, query string, d HostPairDirection, opts *HostAttributeOptions) iter.Seq2[HostPair, error] {
	if d != PairParents && d != PairChildren {
		return func(yield func(HostPair, error) bool) {
			yield(HostPair{}, &InvalidQueryError{Query: string(d), Reason: `direction is "parents" or "children"`})
		}
	}
	return listAttributes[HostPair](ctx, c, "host-attributes/pairs", query, opts.values, url.Values{"direction": {string(d)}})
}

// allAttributes reads every page of a host-attribute listing into one
// answer whose TotalRecords is the server's last count.
func allAttributes[T any](ctx context.Context, c *Client, path, query string, values func(string) url.Values, extra url.Values) (*HostAttributes[T], *Response, error) {
	query, err := ValidateDNSQuery(query)
	if err != nil {
		return nil, nil, err
	}
	out := &HostAttributes[T]{}
	var resp *Response
	for row, err := range attributePages(ctx, c, path, values(query), extra, func(r *Response, page *HostAttributes[T]) {
		resp = r
		out.TotalRecords, out.Success = page.TotalRecords, page.Success
	}) {
		if err != nil {
			return nil, resp, err
		}
		out.Results = append(out.Results, row)
	}
	return out, resp, nil
}

// listAttributes is allAttributes as a sequence.
func listAttributes[T any](ctx context.Context, c *Client, path, query string, values func(string) url.Values, extra url.Values) iter.Seq2[T, error] {
	q, err := ValidateDNSQuery(query)
	if err != nil {
		return func(yield func(T, error) bool) {
			var zero T
			yield(zero, err)
		}
	}
	return attributePages[T](ctx, c, path, values(q), extra, nil)
}

// attributePages walks the 0-based pages of a host-attribute listing
// (pagination model B) until totalRecords rows are read or a page is
// empty, and at most maxPagerPages pages. seen, when set, hears each page.
func attributePages[T any](ctx context.Context, c *Client, path string, q, extra url.Values, seen func(*Response, *HostAttributes[T])) iter.Seq2[T, error] {
	for k, v := range extra {
		q[k] = v
	}
	pages := 0
	fetch := func(ctx context.Context, pq url.Values) ([]T, int, error) {
		if pages++; pages > maxPagerPages {
			return nil, 0, fmt.Errorf("passivetotal: %s still paging after %d pages", path, maxPagerPages)
		}
		var page HostAttributes[T]
		resp, err := c.get(ctx, path, pq, true, &page)
		if seen != nil {
			seen(resp, &page)
		}
		if err != nil {
			return nil, 0, err
		}
		return page.Results, page.TotalRecords, nil
	}
	return paginate(ctx, 0, q, fetch, func(v T) string { return fmt.Sprintf("%+v", v) })
}
