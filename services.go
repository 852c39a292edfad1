package passivetotal

import (
	"context"
	"net/netip"
	"net/url"
	"strings"
)

// Services returns the ports seen open on an IP address, their banners and
// the software identified on them (GET /services). A query that is not an
// IP address is an *InvalidQueryError and spends nothing. Spends a search.
func (c *Client) Services(ctx context.Context, ip string) (*Services, *Response, error) {
	q := strings.TrimSpace(ip)
	if a, err := netip.ParseAddr(q); err != nil || a.Zone() != "" {
		return nil, nil, &InvalidQueryError{Query: ip, Reason: "services are looked up by IP address"}
	}
	v := new(Services)
	resp, err := c.get(ctx, "services", url.Values{"query": {q}}, true, v)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}
