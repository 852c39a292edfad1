package passivetotal

import "context"

// Reputation returns RiskIQ's reputation score of a domain or an IP
// address and the rules behind it (GET /reputation). Spends a search.
func (c *Client) Reputation(ctx context.Context, query string) (*Reputation, *Response, error) {
	return getHost[Reputation](ctx, c, "reputation", query, nil)
}
