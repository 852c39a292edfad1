package passivetotal

import (
	"context"
	"net/netip"
	"net/url"
	"strings"
)

// Certificate returns the certificates with a SHA-1 fingerprint (GET
// /ssl-certificate): one, or none when PassiveTotal never saw it. The
// fingerprint is 40 hex digits, colons allowed; anything else is an
// *InvalidQueryError and spends nothing. Spends a search.
func (c *Client) Certificate(ctx context.Context, sha1 string) (*SSLCertificates, *Response, error) {
	h, err := ValidateSHA1(sha1)
	if err != nil {
		return nil, nil, err
	}
	v := new(SSLCertificates)
	resp, err := c.get(ctx, "ssl-certificate", url.Values{"query": {h}}, true, v)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}

// CertificateHistory returns where and when certificates were seen (GET
// /ssl-certificate/history): for an IP address, every certificate served
// on it; for a SHA-1, every address that served it. Spends a search.
func (c *Client) CertificateHistory(ctx context.Context, query string) (*CertificateHistory, *Response, error) {
	q := strings.TrimSpace(query)
	if a, err := netip.ParseAddr(q); err != nil || a.Zone() != "" {
		h, err := ValidateSHA1(query)
		if err != nil {
			return nil, nil, &InvalidQueryError{Query: query, Reason: "neither an IP address nor a SHA-1 fingerprint"}
		}
		q = h
	}
	v := new(CertificateHistory)
	resp, err := c.get(ctx, "ssl-certificate/history", url.Values{"query": {q}}, true, v)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}

// SearchCertificates returns the certificates whose field matches value
// (GET /ssl-certificate/search); the server caps the answer at 100. Field
// "name" matches a host name in the subject common name or the SANs, which
// is how the certificates of a domain are found. Spends a search.
func (c *Client) SearchCertificates(ctx context.Context, field, value string) (*SSLCertificates, *Response, error) {
	if strings.TrimSpace(field) == "" || strings.TrimSpace(value) == "" {
		return nil, nil, &InvalidQueryError{Query: field + ":" + value, Reason: "field and value are required"}
	}
	v := new(SSLCertificates)
	resp, err := c.get(ctx, "ssl-certificate/search", url.Values{"query": {strings.TrimSpace(value)}, "field": {field}}, true, v)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}

// ValidateSHA1 checks a SHA-1 fingerprint (40 hex digits, optionally
// colon-separated) and returns it lower-case without colons.
func ValidateSHA1(s string) (string, error) {
	h := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), ":", ""))
	if len(h) != 40 || strings.Trim(h, "0123456789abcdef") != "" {
		return "", &InvalidQueryError{Query: s, Reason: "not a SHA-1 fingerprint (40 hex digits)"}
	}
	return h, nil
}
