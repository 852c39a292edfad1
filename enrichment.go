package passivetotal

import "context"

// HostSummary returns what PassiveTotal knows about a domain or an IP
// address at a glance (GET /enrichment): for an address its autonomous
// system, country and network. Spends a search.
func (c *Client) HostSummary(ctx context.Context, query string) (*HostSummary, *Response, error) {
	return getHost[HostSummary](ctx, c, "enrichment", query, nil)
}

// Subdomains returns the subdomains seen under a domain (GET
// /enrichment/subdomains). A "*." prefix is accepted. Spends a search.
func (c *Client) Subdomains(ctx context.Context, domain string) (*Subdomains, *Response, error) {
	return getHost[Subdomains](ctx, c, "enrichment/subdomains", domain, nil)
}
