package mapping

import (
	"time"

	"github.com/ptstix/passivetotal/stix"
)

// pdnsFrame is what every object of one mapping's output shares: the
// author, the markings, and the entity's object.
type pdnsFrame struct {
	author   *stix.Identity
	entity   stix.Object
	refs     []string // object_marking_refs of the new objects
	markings []*stix.MarkingDefinition
	// One shared, read-only custom map: a map per observable would cost an
	// allocation each on the hot path for the same content.
	custom map[string]any
}

func (m *pdnsMapper) frame(author *stix.Identity) *pdnsFrame {
	entityTLP := m.e.TLP()
	mark := stix.HighestTLP(entityTLP, m.opts.TLP)
	var used tlpSet
	used.add(mark)
	used.add(entityTLP)
	return &pdnsFrame{
		author: author, entity: m.e.object(), refs: tlpRefs(mark), markings: used.definitions(),
		custom: map[string]any{"x_opencti_created_by_ref": author.ID},
	}
}

// relationship fills rel, the relationship of en with ID relID to the
// observable sco.
func (m *pdnsMapper) relationship(f *pdnsFrame, en *relEntry, sco, relID string, rel *stix.Relationship) {
	src, tgt := m.e.ID, sco
	if en.key.reversed {
		src, tgt = tgt, src
	}
	first, last := fromMillis(en.first), fromMillis(en.last)
	*rel = stix.Relationship{
		Common: stix.Common{
			ID: relID, CreatedByRef: f.author.ID,
			Created: stix.Time(first), Modified: stix.Time(last),
			ObjectMarkingRefs: f.refs,
		},
		RelationshipType: en.key.relType.String(),
		Description:      en.description(),
		SourceRef:        src, TargetRef: tgt,
		StartTime: stix.Time(first), StopTime: stix.Time(stopTime(en.first, en.last)),
		XPassiveTotalSources:    m.tn.sourceList(en),
		XPassiveTotalRecordHash: en.hashString(),
	}
}

// relationshipID returns the ID of en's relationship to the observable sco.
func (m *pdnsMapper) relationshipID(en *relEntry, sco string) (string, error) {
	src, tgt := m.e.ID, sco
	if en.key.reversed {
		src, tgt = tgt, src
	}
	return stix.RelationshipID(m.opts.Policy, en.key.relType.String(), src, tgt, fromMillis(en.first), time.Time{})
}

// objectSlabs carves the observables of a result from blocks (the
// relationships come from one slice): they all live as long as the
// result, and one allocation per object was a large part of the
// mapping's cost.
type objectSlabs struct {
	domains slab[stix.DomainName]
	ipv4s   slab[stix.IPv4Addr]
	ipv6s   slab[stix.IPv6Addr]
	emails  slab[stix.EmailAddr]
}

// newSCO builds the observable of ref.
func (s *objectSlabs) newSCO(ref scoRef, id string, marks []string, custom map[string]any) stix.Object {
	c := stix.ObservableCommon{ID: id, ObjectMarkingRefs: marks, Custom: custom}
	switch ref.sco {
	case scoIPv4:
		o := s.ipv4s.next()
		*o = stix.IPv4Addr{ObservableCommon: c, Value: ref.value}
		return o
	case scoIPv6:
		o := s.ipv6s.next()
		*o = stix.IPv6Addr{ObservableCommon: c, Value: ref.value}
		return o
	case scoEmail:
		o := s.emails.next()
		*o = stix.EmailAddr{ObservableCommon: c, Value: ref.value}
		return o
	}
	o := s.domains.next()
	*o = stix.DomainName{ObservableCommon: c, Value: ref.value}
	return o
}
