package enricher

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
)

// Dataset names one PassiveTotal dataset the enricher can ask about an entity.
type Dataset string

// The datasets, in the order an entity is enriched with them.
const (
	DatasetPDNS         Dataset = "pdns"
	DatasetWhois        Dataset = "whois"
	DatasetCertificates Dataset = "certificates"
	DatasetSubdomains   Dataset = "subdomains"
	DatasetHostPairs    Dataset = "hostpairs"
	DatasetComponents   Dataset = "components"
	DatasetTrackers     Dataset = "trackers"
	DatasetCookies      Dataset = "cookies"
	DatasetPorts        Dataset = "ports"
	DatasetReputation   Dataset = "reputation"
	DatasetSummary      Dataset = "summary"
)

// AllDatasets lists every dataset in enrichment order.
var AllDatasets = []Dataset{DatasetPDNS, DatasetWhois, DatasetCertificates, DatasetSubdomains, DatasetHostPairs,
	DatasetComponents, DatasetTrackers, DatasetCookies, DatasetPorts, DatasetReputation, DatasetSummary}

// DefaultDatasets is passive DNS alone, the old connector's only dataset.
var DefaultDatasets = []Dataset{DatasetPDNS}

// ParseDatasets reads a comma-separated list of dataset names, or "all". The result is
// in enrichment order without repeats; an empty list is DefaultDatasets.
func ParseDatasets(s string) ([]Dataset, error) {
	var out []Dataset
	for _, part := range strings.Split(s, ",") {
		name := Dataset(strings.ToLower(strings.TrimSpace(part)))
		switch {
		case name == "":
		case name == "all":
			out = append(out, AllDatasets...)
		case slices.Contains(AllDatasets, name):
			out = append(out, name)
		default:
			return nil, fmt.Errorf("unknown dataset %q (want all or any of %s)", part, joinDatasets(AllDatasets))
		}
	}
	if len(out) == 0 {
		return DefaultDatasets, nil
	}
	var ordered []Dataset
	for _, d := range AllDatasets {
		if slices.Contains(out, d) {
			ordered = append(ordered, d)
		}
	}
	return ordered, nil
}

func joinDatasets(ds []Dataset) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = string(d)
	}
	return strings.Join(s, ",")
}

// applies reports whether the dataset has data for an entity of this kind
// (subdomains are a domain's, ports an address's).
func (d Dataset) applies(e mapping.Entity) bool {
	switch d {
	case DatasetSubdomains:
		return e.Type == "domain-name"
	case DatasetPorts:
		return e.Type != "domain-name"
	}
	return true
}

// maxCertificateLookups bounds the certificates read for an address: each is a search.
const maxCertificateLookups = 10

// fetchDataset asks the API for one dataset about e and maps the answer. Every request
// it makes spends its own search through the client (and its quota guard).
func (en *Enricher) fetchDataset(ctx context.Context, d Dataset, e mapping.Entity) (*mapping.Result, error) {
	if en.Graph != nil {
		return en.fetchGraphDataset(ctx, d, e)
	}
	c, v := en.Client, e.Value
	if c == nil {
		return nil, fmt.Errorf("dataset %q has no lookup on this backend", d)
	}
	opts := en.hostOptions(e)
	var attr *passivetotal.HostAttributeOptions
	if en.Window > 0 {
		attr = &passivetotal.HostAttributeOptions{Start: en.now().UTC().Add(-en.Window)}
	}
	switch d {
	case DatasetWhois:
		rec, _, err := c.Whois(ctx, v)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Whois(e, rec, opts) })
	case DatasetCertificates:
		return en.certificates(ctx, e, opts)
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

func mapOr(err error, m func() (*mapping.Result, error)) (*mapping.Result, error) {
	if err != nil {
		return nil, err
	}
	return m()
}

// certificates looks a domain's certificates up by name, and an address's through its
// certificate history, then each certificate seen on it (up to maxCertificateLookups;
// one that cannot be read is mapped from its hash alone).
func (en *Enricher) certificates(ctx context.Context, e mapping.Entity, opts mapping.HostOptions) (*mapping.Result, error) {
	if e.Type == "domain-name" {
		certs, _, err := en.Client.SearchCertificates(ctx, "name", e.Value)
		return mapOr(err, func() (*mapping.Result, error) { return mapping.Certificates(e, certs, nil, opts) })
	}
	hist, _, err := en.Client.CertificateHistory(ctx, e.Value)
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
		one, _, err := en.Client.Certificate(ctx, s.SHA1)
		if err != nil {
			en.log().Debug("certificate not read; mapped from its hash", "entity", e.String(), "sha1", s.SHA1, "error", err)
			continue
		}
		certs.Results = append(certs.Results, one.Results...)
	}
	return mapping.Certificates(e, certs, hist, opts)
}

// hostOptions are the dataset mappers' options: the passive DNS ones (author, policy,
// marking, cap) with skips reported as events and the lookup time as the observation.
func (en *Enricher) hostOptions(e mapping.Entity) mapping.HostOptions {
	o := en.options(e.String()).HostOptions()
	o.Observed = en.now().UTC().Truncate(time.Second)
	return o
}
