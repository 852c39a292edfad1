package backend

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
)

// Backend is what the enricher reads about an entity: its passive DNS records and the
// host datasets, from PassiveTotal (NewPassiveTotal) or Microsoft Graph (NewGraph).
// Every request spends its own search through the backend's client (and, on
// PassiveTotal, its quota guard).
type Backend interface {
	// PassiveDNS looks up the passive DNS records of value (forward for a domain,
	// reverse for an IP address), those last seen after since (zero: all history).
	// A failure known before the first record is returned at once; a later one ends
	// the sequence. The sequence can be ranged over once.
	PassiveDNS(ctx context.Context, value string, since time.Time) (iter.Seq2[passivetotal.DNSRecord, error], error)
	// Dataset asks for dataset d about e (rows last seen after since, where the
	// dataset has such a window; zero: all) and maps the answer with opts. A part of
	// the answer that cannot be read but is not needed (a WHOIS history) is a skip
	// reported through opts.OnSkip.
	Dataset(ctx context.Context, d DatasetName, e mapping.Entity, since time.Time, opts mapping.HostOptions) (*mapping.Result, error)
}

// DatasetName names one dataset the enricher can ask about an entity.
type DatasetName string

// The datasets, in the order an entity is enriched with them.
const (
	DatasetPDNS         DatasetName = "pdns"
	DatasetWhois        DatasetName = "whois"
	DatasetCertificates DatasetName = "certificates"
	DatasetSubdomains   DatasetName = "subdomains"
	DatasetHostPairs    DatasetName = "hostpairs"
	DatasetComponents   DatasetName = "components"
	DatasetTrackers     DatasetName = "trackers"
	DatasetCookies      DatasetName = "cookies"
	DatasetPorts        DatasetName = "ports"
	DatasetReputation   DatasetName = "reputation"
	DatasetSummary      DatasetName = "summary"
)

// AllDatasets lists every dataset in enrichment order.
var AllDatasets = []DatasetName{DatasetPDNS, DatasetWhois, DatasetCertificates, DatasetSubdomains, DatasetHostPairs,
	DatasetComponents, DatasetTrackers, DatasetCookies, DatasetPorts, DatasetReputation, DatasetSummary}

// DefaultDatasets is passive DNS alone, the old connector's only dataset.
var DefaultDatasets = []DatasetName{DatasetPDNS}

// ParseDatasets reads a comma-separated list of dataset names, or "all". The result is
// in enrichment order without repeats; an empty list is DefaultDatasets.
func ParseDatasets(s string) ([]DatasetName, error) {
	var out []DatasetName
	for _, part := range strings.Split(s, ",") {
		name := DatasetName(strings.ToLower(strings.TrimSpace(part)))
		switch {
		case name == "":
		case name == "all":
			out = append(out, AllDatasets...)
		case slices.Contains(AllDatasets, name):
			out = append(out, name)
		default:
			return nil, fmt.Errorf("unknown dataset %q (want all or any of %s)", part, JoinDatasets(AllDatasets))
		}
	}
	if len(out) == 0 {
		return DefaultDatasets, nil
	}
	var ordered []DatasetName
	for _, d := range AllDatasets {
		if slices.Contains(out, d) {
			ordered = append(ordered, d)
		}
	}
	return ordered, nil
}

// JoinDatasets lists datasets as ParseDatasets reads them: "pdns,whois".
func JoinDatasets(ds []DatasetName) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = string(d)
	}
	return strings.Join(s, ",")
}

// AppliesTo reports whether the dataset has data for an entity of this STIX type
// (subdomains are a domain's, ports an address's).
func (d DatasetName) AppliesTo(entityType string) bool {
	switch d {
	case DatasetSubdomains:
		return entityType == "domain-name"
	case DatasetPorts:
		return entityType != "domain-name"
	}
	return true
}

// ErrorReason groups the backends' failures into the short reasons of the summary and
// of the skip metrics (the details are in the log), so both backends and both run modes
// count the same reasons.
func ErrorReason(err error) string {
	switch {
	case errors.Is(err, passivetotal.ErrQuotaExceeded):
		return "quota exhausted"
	case errors.Is(err, passivetotal.ErrUnauthorized):
		return "unauthorized"
	case errors.Is(err, passivetotal.ErrNotPermitted):
		return "not permitted"
	case errors.Is(err, passivetotal.ErrNotFound):
		return "not found"
	case errors.Is(err, passivetotal.ErrThrottled):
		return "throttled"
	}
	var ie *passivetotal.InvalidQueryError
	if errors.As(err, &ie) {
		return "invalid query"
	}
	return "API error"
}

// mapOr maps an answer unless asking for it failed.
func mapOr(err error, m func() (*mapping.Result, error)) (*mapping.Result, error) {
	if err != nil {
		return nil, err
	}
	return m()
}

// maxCertificateLookups bounds the certificates read for a host: each is a search.
const maxCertificateLookups = 10
