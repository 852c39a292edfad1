package mapping

import (
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// Subdomains maps the subdomains of a domain: a domain-name per
// subdomain, related-to the parent domain (the entity; a zero entity is
// taken from the answer's queryValue). Entries that are not valid host
// names (v2 sent junk like "1.2.3.4\x1adomain") are skips.
func Subdomains(entity Entity, s *passivetotal.Subdomains, opts HostOptions) (*Result, error) {
	fallback := ""
	if s != nil {
		fallback = s.Parent()
	}
	return mapped(entity, fallback, opts, func(m *hostMapper) {
		if s == nil {
			return
		}
		for _, name := range s.Names() {
			if !m.row() {
				continue
			}
			item := item("subdomain", name)
			if id := m.host(item, name); id != "" && id != m.e.ID {
				m.relate(item, stix.RelationshipRelatedTo, id, m.e.ID, "subdomain", zeroTime, zeroTime)
			}
		}
	})
}

// HostPairs maps host pairs: a related-to relationship from the parent
// host to the child, with the link kind ("redirect", "script.src") as its
// description and the pair's first and last seen. A pair of a host with
// itself is skipped.
func HostPairs(entity Entity, p *passivetotal.HostPairs, opts HostOptions) (*Result, error) {
	return mapped(entity, "", opts, func(m *hostMapper) {
		if p == nil {
			return
		}
		for _, pair := range p.Results {
			if !m.row() {
				continue
			}
			item := item("host pair", pair.Parent+" -> "+pair.Child)
			if strings.EqualFold(strings.TrimSuffix(pair.Parent, "."), strings.TrimSuffix(pair.Child, ".")) {
				m.skip(item, "a host paired with itself")
				continue
			}
			f, l, ok := m.seen(item, pair.FirstSeen, pair.LastSeen)
			if !ok {
				continue
			}
			parent, child := m.host(item, pair.Parent), m.host(item, pair.Child)
			if parent == "" || child == "" {
				continue
			}
			if parent != m.e.ID && child != m.e.ID {
				m.skip(item, "neither host is the entity")
				continue
			}
			kind := strings.TrimSpace(pair.Cause)
			if kind == "" {
				kind = "unknown"
			}
			m.relate(item, stix.RelationshipRelatedTo, parent, child, "host pair: "+kind, f, l)
		}
	})
}

// Components maps the web components seen on a host: a software
// observable per product and version, related-to the host the row names
// (the entity when it names none), with the category in the description
// and the row's first and last seen.
func Components(entity Entity, c *passivetotal.Components, opts HostOptions) (*Result, error) {
	return mapped(entity, "", opts, func(m *hostMapper) {
		if c == nil {
			return
		}
		for _, row := range c.Results {
			if !m.row() {
				continue
			}
			item := item("component", row.Label)
			f, l, ok := m.seen(item, row.FirstSeen, row.LastSeen)
			if !ok {
				continue
			}
			host := m.host(item, row.Host)
			sw := m.software(item, row.Label, row.Version)
			desc := "component"
			if cat := strings.TrimSpace(row.Category); cat != "" {
				desc += " (" + cat + ")"
			}
			m.relate(item, stix.RelationshipRelatedTo, host, sw, desc, f, l)
		}
	})
}

// software adds a software observable.
func (m *hostMapper) software(item, name, version string) string {
	name, version = strings.TrimSpace(name), strings.TrimSpace(version)
	if name == "" {
		m.skip(item, "no product name")
		return ""
	}
	id, err := stix.SoftwareID(name, "", "", "", version)
	if err != nil {
		m.skip(item, err.Error())
		return ""
	}
	return m.add(item, &stix.Software{ObservableCommon: m.observable(id), Name: name, Version: version})
}

// Trackers maps the trackers seen on a host: an OpenCTI text observable
// per tracker value, labelled with the tracker type, related-to the host.
func Trackers(entity Entity, t *passivetotal.Trackers, opts HostOptions) (*Result, error) {
	return mapped(entity, "", opts, func(m *hostMapper) {
		if t == nil {
			return
		}
		for _, row := range t.Results {
			if m.row() {
				m.pivot("tracker", row.Host, row.Value, row.Type, "tracker "+row.Type, row.FirstSeen, row.LastSeen)
			}
		}
	})
}

// Cookies maps the cookies a host set: an OpenCTI text observable per
// cookie name, labelled "cookie", related-to the host, with the cookie
// domain in the description.
func Cookies(entity Entity, c *passivetotal.Cookies, opts HostOptions) (*Result, error) {
	return mapped(entity, "", opts, func(m *hostMapper) {
		if c == nil {
			return
		}
		for _, row := range c.Results {
			if m.row() {
				m.pivot("cookie", row.Host, row.Name, "cookie", "cookie of domain "+row.Domain, row.FirstSeen, row.LastSeen)
			}
		}
	})
}

// pivot adds a text observable of value labelled kind, related-to host.
func (m *hostMapper) pivot(what, host, value, kind, desc string, first, last passivetotal.Time) {
	item := item(what, value)
	value, kind = strings.TrimSpace(value), strings.TrimSpace(kind)
	if value == "" {
		m.skip(item, "no value")
		return
	}
	if kind == "" {
		m.skip(item, "no type")
		return
	}
	f, l, ok := m.seen(item, first, last)
	if !ok {
		return
	}
	id, err := stix.TextID(value)
	if err != nil {
		m.skip(item, err.Error())
		return
	}
	oc := m.observable(id)
	oc.Custom = map[string]any{"x_opencti_created_by_ref": m.author.ID, "x_opencti_labels": []string{kind}}
	to := m.add(item, &stix.Text{ObservableCommon: oc, Value: value})
	m.relate(item, stix.RelationshipRelatedTo, m.host(item, host), to, desc, f, l)
}
