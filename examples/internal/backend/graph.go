package backend

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"net/netip"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
)

// graphBackend reads from Microsoft Graph's threat-intelligence API. The Graph client
// returns the root package's models, so the answers map with PassiveTotal's mappers.
type graphBackend struct {
	c   *mdti.Client
	log *slog.Logger
}

// NewGraph returns the Backend over a Graph client; log (nil: none) hears about the
// parts of an answer left out (a WHOIS history, certificates read from their hash).
func NewGraph(c *mdti.Client, log *slog.Logger) Backend {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &graphBackend{c: c, log: log}
}

// PassiveDNS streams Graph's pages: forward passive DNS for a domain, reverse for an IP
// address (the hostnames that resolved to it).
func (b *graphBackend) PassiveDNS(ctx context.Context, value string, since time.Time) (iter.Seq2[passivetotal.DNSRecord, error], error) {
	opts := &mdti.PassiveDNSOptions{LastSeenAfter: since}
	if _, err := netip.ParseAddr(value); err == nil {
		return b.c.PassiveDNSReverse(ctx, value, opts), nil
	}
	return b.c.PassiveDNS(ctx, value, opts), nil
}

// Dataset asks Graph for one dataset; the host lists take since as the window
// PassiveTotal's host attributes have (start=), checked on Graph's answer.
func (b *graphBackend) Dataset(ctx context.Context, d DatasetName, e mapping.Entity, since time.Time, opts mapping.HostOptions) (*mapping.Result, error) {
	c, v := b.c, e.Value
	var attr *mdti.HostListOptions
	if !since.IsZero() {
		attr = &mdti.HostListOptions{LastSeenAfter: since}
	}
	switch d {
	case DatasetWhois:
		return b.whois(ctx, e, opts)
	case DatasetCertificates:
		return b.certificates(ctx, e, opts)
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

// whois maps the current WHOIS record and its history (one note per record). A history
// that cannot be read is a skip: the current record still maps.
func (b *graphBackend) whois(ctx context.Context, e mapping.Entity, opts mapping.HostOptions) (*mapping.Result, error) {
	cur, _, err := b.c.HostWhois(ctx, e.Value)
	if err != nil {
		return nil, err
	}
	r, err := mapping.Whois(e, &cur.Record, opts)
	if err != nil || cur.ID == "" {
		return r, err
	}
	hist, err := b.c.WhoisHistory(ctx, cur.ID, e.Value)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		b.log.Warn("WHOIS history skipped", "entity", e.String(), "error", err)
		skip := mapping.Skip{Item: e.String() + " WHOIS history", Reason: "WHOIS history: " + ErrorReason(err)}
		if opts.OnSkip != nil {
			opts.OnSkip(skip)
		} else {
			r.Skips = append(r.Skips, skip)
		}
		return r, nil
	}
	h, err := mapping.WhoisHistory(e, hist, opts)
	if err != nil {
		return nil, err
	}
	return mapping.Merge(r, h), nil
}

// certificates maps the certificates seen on a host; those Graph did not expand are
// read by id (up to maxCertificateLookups; one that cannot be read is mapped from the
// SHA-1 of its sighting).
func (b *graphBackend) certificates(ctx context.Context, e mapping.Entity, opts mapping.HostOptions) (*mapping.Result, error) {
	hc, err := b.c.HostCertificates(ctx, e.Value)
	if err != nil {
		return nil, err
	}
	for i, id := range hc.Missing {
		if i >= maxCertificateLookups {
			break
		}
		cert, _, err := b.c.Certificate(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			b.log.Debug("certificate not read; mapped from its hash", "entity", e.String(), "id", id, "error", err)
			continue
		}
		hc.Certificates.Results = append(hc.Certificates.Results, *cert)
	}
	return mapping.Certificates(e, &hc.Certificates, &hc.History, opts)
}
