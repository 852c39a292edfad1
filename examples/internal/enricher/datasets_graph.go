package enricher

import (
	"context"
	"fmt"

	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
)

// fetchGraphDataset asks Microsoft Graph for one dataset about e and maps
// the answer with the same mappers as PassiveTotal's: the Graph client
// returns the root package's models.
func (en *Enricher) fetchGraphDataset(ctx context.Context, d Dataset, e mapping.Entity) (*mapping.Result, error) {
	c, v := en.Graph, e.Value
	opts := en.hostOptions(e)
	// The window of PassiveTotal's host attributes (start=), checked on
	// Graph's answer.
	var attr *mdti.HostListOptions
	if en.Window > 0 {
		attr = &mdti.HostListOptions{LastSeenAfter: en.now().UTC().Add(-en.Window)}
	}
	switch d {
	case DatasetWhois:
		return en.graphWhois(ctx, e, opts)
	case DatasetCertificates:
		return en.graphCertificates(ctx, e, opts)
	case DatasetSubdomains:
		s, err := c.HostSubdomains(ctx, v)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Subdomains(e, s, opts) })
	case DatasetHostPairs:
		p, err := c.HostPairs(ctx, v, mdti.HostPairsAll, attr)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.HostPairs(e, p, opts) })
	case DatasetComponents:
		a, err := c.HostComponents(ctx, v, attr)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Components(e, a, opts) })
	case DatasetTrackers:
		a, err := c.HostTrackers(ctx, v, attr)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Trackers(e, a, opts) })
	case DatasetCookies:
		a, err := c.HostCookies(ctx, v, attr)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Cookies(e, a, opts) })
	case DatasetPorts:
		s, err := c.HostPorts(ctx, v)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Services(e, s, opts) })
	case DatasetReputation:
		r, _, err := c.HostReputation(ctx, v)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Reputation(e, r, opts) })
	case DatasetSummary:
		s, _, err := c.HostSummary(ctx, v)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.HostSummary(e, s, opts) })
	}
	return nil, fmt.Errorf("dataset %q has no Graph lookup", d)
}

// graphWhois maps the current WHOIS record and its history (one note per
// record). A history that cannot be read is a skip: the current record
// still maps.
func (en *Enricher) graphWhois(ctx context.Context, e mapping.Entity, opts mapping.HostOptions) (*mapping.Result, error) {
	cur, _, err := en.Graph.HostWhois(ctx, e.Value)
	if err != nil {
		return nil, err
	}
	r, err := mapping.Whois(e, &cur.Record, opts)
	if err != nil || cur.ID == "" {
		return r, err
	}
	hist, err := en.Graph.WhoisHistory(ctx, cur.ID, e.Value)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		en.log().Warn("WHOIS history skipped", "entity", e.String(), "error", err)
		opts.OnSkip(mapping.Skip{Item: e.String() + " WHOIS history", Reason: "WHOIS history: " + FailureReason(err)})
		return r, nil
	}
	h, err := mapping.WhoisHistory(e, hist, opts)
	if err != nil {
		return nil, err
	}
	return mapping.Merge(r, h), nil
}

// graphCertificates maps the certificates seen on a host; those Graph did
// not expand are read by id (up to maxCertificateLookups; one that cannot
// be read is mapped from the SHA-1 of its sighting).
func (en *Enricher) graphCertificates(ctx context.Context, e mapping.Entity, opts mapping.HostOptions) (*mapping.Result, error) {
	hc, err := en.Graph.HostCertificates(ctx, e.Value)
	if err != nil {
		return nil, err
	}
	for i, id := range hc.Missing {
		if i >= maxCertificateLookups {
			break
		}
		cert, _, err := en.Graph.Certificate(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			en.log().Debug("certificate not read; mapped from its hash", "entity", e.String(), "id", id, "error", err)
			continue
		}
		hc.Certificates.Results = append(hc.Certificates.Results, *cert)
	}
	return mapping.Certificates(e, &hc.Certificates, &hc.History, opts)
}
