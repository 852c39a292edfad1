package mapping

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ptstix/passivetotal/stix"
)

// Entity is the queried side of a passive DNS answer: the observable an
// enrichment was asked about.
type Entity struct {
	// Type is the STIX type: stix.TypeDomainName, stix.TypeIPv4Addr or
	// stix.TypeIPv6Addr.
	Type string
	// Value is the domain or address; it is normalised like any other.
	Value string
	// ID is the entity's STIX ID, e.g. the standard_id OpenCTI holds for
	// it. Empty: the STIX 2.1 SCO ID of the normalised value.
	ID string
	// Markings are the entity's marking-definition IDs. Its TLP markings
	// set the floor of the new objects' marking; other markings are not
	// copied (the mapping cannot define them).
	Markings []string
}

// NewEntity returns the entity for a domain or an IP address, its type
// told by parsing the value.
func NewEntity(value string, markings ...string) (Entity, error) {
	e := Entity{Value: value, Markings: markings}
	if a, ok := NormalizeIP(value); ok {
		e.Type = stix.TypeIPv4Addr
		if a.Is6() {
			e.Type = stix.TypeIPv6Addr
		}
	} else {
		e.Type = stix.TypeDomainName
	}
	return e.normalize()
}

// normalize checks the entity and fills in its canonical value and ID.
func (e Entity) normalize() (Entity, error) {
	switch e.Type {
	case stix.TypeDomainName:
		v, ok := NormalizeDomain(e.Value)
		if !ok {
			return Entity{}, fmt.Errorf("mapping: entity %q is not a valid domain name", e.Value)
		}
		e.Value = v
	case stix.TypeIPv4Addr, stix.TypeIPv6Addr:
		a, ok := NormalizeIP(e.Value)
		if !ok {
			return Entity{}, fmt.Errorf("mapping: entity %q is not a valid IP address", e.Value)
		}
		if a.Is6() != (e.Type == stix.TypeIPv6Addr) {
			return Entity{}, fmt.Errorf("mapping: entity %q is not of type %s", e.Value, e.Type)
		}
		e.Value = a.String()
	case "":
		return Entity{}, errors.New("mapping: entity has no type")
	default:
		return Entity{}, fmt.Errorf("mapping: entity type %q is not domain-name, ipv4-addr or ipv6-addr", e.Type)
	}
	if e.ID == "" {
		id, err := scoID(e.Type, e.Value)
		if err != nil {
			return Entity{}, fmt.Errorf("mapping: entity: %w", err)
		}
		e.ID = id
	} else if !strings.HasPrefix(e.ID, e.Type+"--") {
		return Entity{}, fmt.Errorf("mapping: entity ID %q is not a %s ID", e.ID, e.Type)
	}
	e.Markings = append([]string(nil), e.Markings...)
	// A caller-given ID (an OpenCTI standard_id, say) becomes the entity
	// object's ID and every relationship's source or target: a malformed
	// one would make all of the output invalid STIX.
	if err := stix.Validate(e.object()); err != nil {
		return Entity{}, fmt.Errorf("mapping: entity: %w", err)
	}
	return e, nil
}

// isIP reports whether the entity is an address.
func (e Entity) isIP() bool { return e.Type != stix.TypeDomainName }

// String returns "type:value", e.g. "domain-name:example.com", the form
// logs and skip items name an entity by.
func (e Entity) String() string { return e.Type + ":" + e.Value }

// TLP returns the highest TLP among the entity's markings, 0 when it has
// none: the floor of the new objects' marking.
func (e Entity) TLP() stix.TLP {
	var t stix.TLP
	for _, id := range e.Markings {
		if m, ok := stix.TLPByID(id); ok {
			t = stix.HighestTLP(t, m)
		}
	}
	return t
}

// object returns the entity as an SCO, marked with its TLP, so a bundle
// holding relationships to it has no dangling reference.
func (e Entity) object() stix.Object {
	refs := tlpRefs(e.TLP())
	switch e.Type {
	case stix.TypeIPv4Addr:
		return &stix.IPv4Addr{ObservableCommon: stix.ObservableCommon{ID: e.ID, ObjectMarkingRefs: refs}, Value: e.Value}
	case stix.TypeIPv6Addr:
		return &stix.IPv6Addr{ObservableCommon: stix.ObservableCommon{ID: e.ID, ObjectMarkingRefs: refs}, Value: e.Value}
	}
	return &stix.DomainName{ObservableCommon: stix.ObservableCommon{ID: e.ID, ObjectMarkingRefs: refs}, Value: e.Value}
}

// scoID returns the SCO ID of a value-keyed observable type.
func scoID(typ, value string) (string, error) {
	switch typ {
	case stix.TypeDomainName:
		return stix.DomainNameID(value)
	case stix.TypeIPv4Addr:
		return stix.IPv4AddrID(value)
	case stix.TypeIPv6Addr:
		return stix.IPv6AddrID(value)
	case stix.TypeEmailAddr:
		return stix.EmailAddrID(value)
	}
	return "", fmt.Errorf("no value-keyed SCO type %q", typ)
}
