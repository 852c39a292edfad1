package backend

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
)

// ptBackend reads from the PassiveTotal v2 API.
type ptBackend struct {
	c   *passivetotal.Client
	log *slog.Logger
}

// NewPassiveTotal returns the Backend over a PassiveTotal client; log (nil: none) hears
// about certificates read from their hash alone.
func NewPassiveTotal(c *passivetotal.Client, log *slog.Logger) Backend {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &ptBackend{c: c, log: log}
}

// PassiveDNS asks for the whole answer (the v2 API has no paging) and yields its
// records, releasing each once yielded: the mapping keeps what it needs.
func (b *ptBackend) PassiveDNS(ctx context.Context, value string, since time.Time) (iter.Seq2[passivetotal.DNSRecord, error], error) {
	var opts *passivetotal.PassiveDNSOptions
	if !since.IsZero() {
		opts = &passivetotal.PassiveDNSOptions{Start: since}
	}
	answer, _, err := b.c.PassiveDNS(ctx, value, opts)
	if err != nil {
		return nil, err
	}
	return func(yield func(passivetotal.DNSRecord, error) bool) {
		if answer == nil {
			return
		}
		rs := answer.Results
		answer = nil
		for i := range rs {
			if !yield(rs[i], nil) {
				return
			}
			rs[i] = passivetotal.DNSRecord{}
		}
	}, nil
}

// Dataset asks the API for one dataset; host attributes take since as their start.
func (b *ptBackend) Dataset(ctx context.Context, d DatasetName, e mapping.Entity, since time.Time, opts mapping.HostOptions) (*mapping.Result, error) {
	c, v := b.c, e.Value
	var attr *passivetotal.HostAttributeOptions
	if !since.IsZero() {
		attr = &passivetotal.HostAttributeOptions{Start: since}
	}
	switch d {
	case DatasetWhois:
		rec, _, err := c.Whois(ctx, v)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Whois(e, rec, opts) })
	case DatasetCertificates:
		return b.certificates(ctx, e, opts)
	case DatasetSubdomains:
		s, _, err := c.Subdomains(ctx, v)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Subdomains(e, s, opts) })
	case DatasetHostPairs:
		p, _, err := c.HostPairs(ctx, v, attr)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.HostPairs(e, p, opts) })
	case DatasetComponents:
		a, _, err := c.Components(ctx, v, attr)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Components(e, a, opts) })
	case DatasetTrackers:
		a, _, err := c.Trackers(ctx, v, attr)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Trackers(e, a, opts) })
	case DatasetCookies:
		a, _, err := c.Cookies(ctx, v, attr)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Cookies(e, a, opts) })
	case DatasetPorts:
		s, _, err := c.Services(ctx, v)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Services(e, s, opts) })
	case DatasetReputation:
		r, _, err := c.Reputation(ctx, v)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Reputation(e, r, opts) })
	case DatasetSummary:
		s, _, err := c.HostSummary(ctx, v)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.HostSummary(e, s, opts) })
	}
	return nil, fmt.Errorf("dataset %q has no lookup", d)
}

// certificates looks a domain's certificates up by name, and an address's through its
// certificate history, then each certificate seen on it (up to maxCertificateLookups;
// one that cannot be read is mapped from its hash alone).
func (b *ptBackend) certificates(ctx context.Context, e mapping.Entity, opts mapping.HostOptions) (*mapping.Result, error) {
	if e.Type == "domain-name" {
		certs, _, err := b.c.SearchCertificates(ctx, "name", e.Value)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Certificates(e, certs, nil, opts) })
	}
	hist, _, err := b.c.CertificateHistory(ctx, e.Value)
	if err != nil {
		return nil, err
	}
	certs := &passivetotal.SSLCertificates{}
	seen := map[string]bool{}
	for _, s := range hist.Results {
		if len(seen) >= maxCertificateLookups || seen[s.SHA1] {
			continue
		}
		seen[s.SHA1] = true
		one, _, err := b.c.Certificate(ctx, s.SHA1)
		if err != nil {
			b.log.Debug("certificate not read; mapped from its hash", "entity", e.String(), "sha1", s.SHA1, "error", err)
			continue
		}
		certs.Results = append(certs.Results, one.Results...)
	}
	return mapping.Certificates(e, certs, hist, opts)
}
