package mapping

import (
	"fmt"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// Dataset maps any host dataset answer, as [passivetotal.Decode] returns
// it (*WhoisRecord, *WhoisHistory, *SSLCertificates, *CertificateHistory,
// *Subdomains, *HostSummary, *Components, *Trackers, *Cookies,
// *HostPairs, *Services, *Reputation), with the mapper of its type. A zero
// entity is taken from the answer where it names its host (WHOIS,
// subdomains, summary, and the first row of components, trackers and
// cookies); for the others it must be given. Another type is an error.
func Dataset(entity Entity, answer any, opts HostOptions) (*Result, error) {
	switch v := answer.(type) {
	case *passivetotal.WhoisRecord:
		return Whois(entity, v, opts)
	case *passivetotal.WhoisHistory:
		return WhoisHistory(entity, v, opts)
	case *passivetotal.SSLCertificates:
		return Certificates(entity, v, nil, opts)
	case *passivetotal.CertificateHistory:
		return Certificates(entity, nil, v, opts)
	case *passivetotal.Subdomains:
		return Subdomains(entity, v, opts)
	case *passivetotal.HostSummary:
		return HostSummary(entity, v, opts)
	case *passivetotal.Components:
		if v != nil && len(v.Results) > 0 {
			entity = rowEntity(entity, v.Results[0].Host)
		}
		return Components(entity, v, opts)
	case *passivetotal.Trackers:
		if v != nil && len(v.Results) > 0 {
			entity = rowEntity(entity, v.Results[0].Host)
		}
		return Trackers(entity, v, opts)
	case *passivetotal.Cookies:
		if v != nil && len(v.Results) > 0 {
			entity = rowEntity(entity, v.Results[0].Host)
		}
		return Cookies(entity, v, opts)
	case *passivetotal.HostPairs:
		return HostPairs(entity, v, opts)
	case *passivetotal.Services:
		return Services(entity, v, opts)
	case *passivetotal.Reputation:
		return Reputation(entity, v, opts)
	}
	return nil, fmt.Errorf("mapping: %T is not a host dataset answer", answer)
}

// rowEntity returns entity, or when it is zero the entity of a row's host
// (left zero when the host is not a domain or an address, so the mapper
// reports it).
func rowEntity(entity Entity, host string) Entity {
	if entity.Type != "" || entity.Value != "" {
		return entity
	}
	e, err := NewEntity(host, entity.Markings...)
	if err != nil {
		return entity
	}
	e.ID = entity.ID
	return e
}

// Merge combines the results of several mappings of one entity (passive
// DNS and the host datasets, say) into one: objects in the order they
// came, each ID once, skips and cut counts added up, every marking kept.
// When two results hold an object with the same ID, the one that writes
// more JSON is kept (the entity with a reputation score over the bare
// entity). The author is the first result's; results mapped with other
// options should not be merged. Nil results are ignored.
func Merge(results ...*Result) *Result {
	out := &Result{}
	at := map[string]int{}
	var used tlpSet
	for _, r := range results {
		if r == nil {
			continue
		}
		if out.Author == nil {
			out.Author = r.Author
		}
		for _, o := range r.Objects {
			i, ok := at[o.StixID()]
			if !ok {
				at[o.StixID()] = len(out.Objects)
				out.Objects = append(out.Objects, o)
				continue
			}
			if jsonLen(o) > jsonLen(out.Objects[i]) {
				out.Objects[i] = o
			}
		}
		for _, m := range r.Markings {
			if t, ok := stix.TLPByID(m.ID); ok {
				used.add(t)
			}
		}
		out.Skips = append(out.Skips, r.Skips...)
		out.Cut += r.Cut
	}
	out.Markings = used.definitions()
	return out
}

func jsonLen(o stix.Object) int {
	b, err := o.MarshalJSON()
	if err != nil {
		return -1
	}
	return len(b)
}
