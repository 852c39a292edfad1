package passivetotal

import (
	"context"
	"net/url"
)

// Every dataset lookup of a host (WHOIS, certificates, host attributes,
// services, reputation, enrichment) is a search, like passive DNS: each
// request is made with search=true, so the quota guard checks and counts
// it. A dataset answer of several pages spends one search per page.

// Whois returns the current WHOIS record of a domain or an IP address
// (GET /whois). The query is validated first (see ValidateDNSQuery). Spends
// a search.
func (c *Client) Whois(ctx context.Context, query string) (*WhoisRecord, *Response, error) {
	return getHost[WhoisRecord](ctx, c, "whois", query, nil)
}

// WhoisHistory returns the WHOIS records of a domain over time (GET
// /whois?history=true). Spends a search.
func (c *Client) WhoisHistory(ctx context.Context, query string) (*WhoisHistory, *Response, error) {
	return getHost[WhoisHistory](ctx, c, "whois", query, url.Values{"history": {"true"}})
}

// getHost validates query as a host and gets path with it (and extra),
// spending a search.
func getHost[T any](ctx context.Context, c *Client, path, query string, extra url.Values) (*T, *Response, error) {
	query, err := ValidateDNSQuery(query)
	if err != nil {
		return nil, nil, err
	}
	q := url.Values{"query": {query}}
	for k, v := range extra {
		q[k] = v
	}
	v := new(T)
	resp, err := c.get(ctx, path, q, true, v)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}
