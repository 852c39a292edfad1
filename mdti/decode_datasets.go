package mdti

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
)

// Graph resource names SniffDataset reports, as @odata.type spells them.
const (
	ResourceHost               = "host"
	ResourceWhoisRecord        = "whoisRecord"
	ResourceSSLCertificate     = "sslCertificate"
	ResourceHostSSLCertificate = "hostSslCertificate"
	ResourceSubdomain          = "subdomain"
	ResourceHostPair           = "hostPair"
	ResourceHostComponent      = "hostComponent"
	ResourceHostTracker        = "hostTracker"
	ResourceHostCookie         = "hostCookie"
	ResourceHostPort           = "hostPort"
	ResourceHostReputation     = "hostReputation"
)

// graphTypeNames maps the @odata.type names of the datasets (and their
// variants) to the resource SniffDataset reports.
var graphTypeNames = map[string]string{
	"hostname": ResourceHost, "ipAddress": ResourceHost, "host": ResourceHost,
	"whoisRecord": ResourceWhoisRecord, "whoisHistoryRecord": ResourceWhoisRecord, "whoisBaseRecord": ResourceWhoisRecord,
	"sslCertificate": ResourceSSLCertificate, "hostSslCertificate": ResourceHostSSLCertificate,
	"subdomain": ResourceSubdomain, "hostPair": ResourceHostPair, "hostComponent": ResourceHostComponent,
	"hostTracker": ResourceHostTracker, "hostCookie": ResourceHostCookie, "hostPort": ResourceHostPort,
	"hostReputation": ResourceHostReputation,
}

// SniffDataset tells which Graph host dataset a saved body holds: an
// entity by its @odata.type, a collection page by its @odata.context, the
// first item's @odata.type, or the keys only one resource has. It
// returns "" for a body it cannot tell (an empty page without a context,
// another resource), and an error for a body that is not a JSON object,
// is larger than passivetotal.MaxDecodeSize, or is a Graph error.
func SniffDataset(r io.Reader) (string, error) {
	data, err := readSaved(r, "host dataset")
	if err != nil {
		return "", err
	}
	kind, _, err := sniffData(data)
	return kind, err
}

// sniffData returns the resource and whether the body is a collection.
func sniffData(data []byte) (string, bool, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return "", false, savedShapeError("dataset", data, err)
	}
	item := top
	v := bytes.TrimSpace(top["value"])
	coll := len(v) > 0 && v[0] == '['
	if coll {
		if kind := contextType(top["@odata.context"]); kind != "" {
			return kind, true, nil
		}
		// Only the first item tells the kind: decode it alone, not the page.
		dec := json.NewDecoder(bytes.NewReader(v))
		item = nil
		if _, err := dec.Token(); err != nil {
			return "", true, savedShapeError("dataset", data, err)
		}
		if dec.More() {
			if err := dec.Decode(&item); err != nil {
				return "", true, savedShapeError("dataset", data, errors.New("the first item is not an object"))
			}
		}
	}
	if !coll {
		// An entity is told by its @odata.type alone: PassiveTotal's bodies
		// share key names with Graph's entities (whoisServer, score), never
		// a "value" array.
		return graphTypeNames[entityType(top)], false, nil
	}
	return itemType(item), coll, nil
}

func entityType(item map[string]json.RawMessage) string {
	var t text
	if json.Unmarshal(item["@odata.type"], &t) != nil {
		return ""
	}
	return graphType(t)
}

// contextType reads "...#Collection(microsoft.graph.security.hostPair)".
func contextType(raw json.RawMessage) string {
	var s text
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	_, after, ok := strings.Cut(string(s), "Collection(")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(after, ")")
	return graphTypeNames[graphType(text(name))]
}

// itemType tells one item's resource by @odata.type, else by its keys.
func itemType(item map[string]json.RawMessage) string {
	if item == nil {
		return ""
	}
	var t text
	if json.Unmarshal(item["@odata.type"], &t) == nil && t != "" {
		return graphTypeNames[graphType(t)]
	}
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := item[k]; ok {
				return true
			}
		}
		return false
	}
	switch {
	case has("linkKind", "parentHost", "childHost"):
		return ResourceHostPair
	case has("rawWhoisText", "whoisServer", "nameservers", "registrationDateTime", "technical"):
		return ResourceWhoisRecord
	case has("classification", "rules"):
		return ResourceHostReputation
	case has("timesObserved", "banners", "lastScanDateTime", "port"):
		return ResourceHostPort
	case has("sslCertificate", "ports"):
		return ResourceHostSSLCertificate
	case has("sha1", "fingerprint", "issueDateTime", "issuer", "subject"):
		return ResourceSSLCertificate
	case has("category", "version"):
		return ResourceHostComponent
	case has("kind") && has("value"):
		return ResourceHostTracker
	case has("domain") && has("name"):
		return ResourceHostCookie
	case has("autonomousSystem", "netblock", "countryOrRegion", "hostingProvider", "registrant"):
		return ResourceHost
	}
	return ""
}

// DecodeDataset decodes a saved Graph body of a host dataset (see
// SniffDataset) into the root package's model, which mapping.Dataset maps:
//
//	whoisRecord          *passivetotal.WhoisRecord (one), *passivetotal.WhoisHistory (a page)
//	sslCertificate       *passivetotal.SSLCertificates
//	hostSslCertificate   *HostCertificates (map with mapping.Certificates)
//	subdomain            *passivetotal.Subdomains
//	hostPair             *passivetotal.HostPairs
//	hostComponent        *passivetotal.Components
//	hostTracker          *passivetotal.Trackers
//	hostCookie           *passivetotal.Cookies
//	hostPort             *passivetotal.Services
//	hostReputation       *passivetotal.Reputation
//	host                 *passivetotal.HostSummary
//
// host is the host the body was asked about: it fills the rows that do not
// name theirs (subdomains never do). A body of no known dataset is a
// *DecodeError-like error matching ErrInvalidResponse.
func DecodeDataset(r io.Reader, host string) (any, error) {
	data, err := readSaved(r, "host dataset")
	if err != nil {
		return nil, err
	}
	v, err := decodeDataset(data, strings.TrimSpace(host))
	if err != nil {
		return nil, err
	}
	return v, nil
}

func decodeDataset(data []byte, host string) (any, error) {
	kind, coll, err := sniffData(data)
	if err != nil {
		return nil, err
	}
	switch kind {
	case ResourceWhoisRecord:
		rows, err := savedRows(data, coll, kind, func(w *whoisWire) passivetotal.WhoisRecord { return w.record(host) })
		if err != nil || coll {
			return &passivetotal.WhoisHistory{Results: rows}, err
		}
		return &rows[0], nil
	case ResourceSSLCertificate:
		rows, err := savedRows(data, coll, kind, (*sslCertificateWire).certificate)
		return &passivetotal.SSLCertificates{Results: rows}, err
	case ResourceHostSSLCertificate:
		rows, err := savedRows(data, coll, kind, func(w *hostSSLCertificateWire) hostSSLCertificateWire { return *w })
		out := &HostCertificates{}
		for i := range rows {
			out.History.Results = append(out.History.Results, rows[i].sighting(host))
			if c := rows[i].SSLCertificate; c != nil && c.full() {
				out.Certificates.Results = append(out.Certificates.Results, c.certificate())
			} else if c != nil && c.ID != "" {
				out.Missing = append(out.Missing, string(c.ID))
			}
		}
		return out, err
	case ResourceSubdomain:
		rows, err := savedRows(data, coll, kind, func(w *subdomainWire) string { return string(w.ID) })
		return &passivetotal.Subdomains{QueryValue: host, Subdomains: nonEmptyStrings(rows)}, err
	case ResourceHostPair:
		rows, err := savedRows(data, coll, kind, (*hostPairWire).pair)
		return &passivetotal.HostPairs{TotalRecords: len(rows), Success: true, Results: rows}, err
	case ResourceHostComponent:
		rows, err := savedRows(data, coll, kind, func(w *componentWire) passivetotal.Component { return w.component(host) })
		return &passivetotal.Components{TotalRecords: len(rows), Success: true, Results: rows}, err
	case ResourceHostTracker:
		rows, err := savedRows(data, coll, kind, func(w *trackerWire) passivetotal.Tracker { return w.tracker(host) })
		return &passivetotal.Trackers{TotalRecords: len(rows), Success: true, Results: rows}, err
	case ResourceHostCookie:
		rows, err := savedRows(data, coll, kind, func(w *cookieWire) passivetotal.Cookie { return w.cookie(host) })
		return &passivetotal.Cookies{TotalRecords: len(rows), Success: true, Results: rows}, err
	case ResourceHostPort:
		rows, err := savedRows(data, coll, kind, (*hostPortWire).port)
		return &passivetotal.Services{TotalRecords: len(rows), Results: rows}, err
	case ResourceHostReputation:
		rows, err := savedRows(data, coll, kind, func(w *passivetotal.Reputation) passivetotal.Reputation { return *w })
		if err != nil || len(rows) != 1 {
			return nil, savedShapeError(kind, data, errors.Join(err, errors.New("want one reputation")))
		}
		return &rows[0], nil
	case ResourceHost:
		rows, err := savedRows(data, coll, kind, (*hostWire).host)
		if err != nil || len(rows) != 1 {
			return nil, savedShapeError(kind, data, errors.Join(err, errors.New("want one host")))
		}
		return rows[0].Summary(), nil
	}
	return nil, savedShapeError("dataset", data, errors.New("not a Graph host dataset this package reads"))
}

// savedRows decodes a collection page, or one entity as a list of one.
func savedRows[W, T any](data []byte, coll bool, what string, conv func(*W) T) ([]T, error) {
	if coll {
		p, err := decodePage[W](data)
		if err != nil {
			return nil, savedShapeError(what, data, err)
		}
		out := make([]T, len(p.Value))
		for i := range p.Value {
			out[i] = conv(&p.Value[i])
		}
		return out, nil
	}
	var e entity[W]
	if err := e.UnmarshalJSON(data); err != nil {
		return nil, savedShapeError(what, data, err)
	}
	return []T{conv(&e.v)}, nil
}
