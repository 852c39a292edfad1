package stix

import (
	"fmt"
	"time"
)

// Relationship is a STIX relationship SRO.
type Relationship struct {
	Common
	RelationshipType string    `json:"relationship_type"`
	Description      string    `json:"description,omitempty"`
	SourceRef        string    `json:"source_ref"`
	TargetRef        string    `json:"target_ref"`
	StartTime        Timestamp `json:"start_time,omitzero"`
	StopTime         Timestamp `json:"stop_time,omitzero"`

	// XPassiveTotalSources is the PassiveTotal source[] list of a record.
	XPassiveTotalSources []string `json:"x_passivetotal_sources,omitempty"`
	// XPassiveTotalRecordHash is the PassiveTotal recordHash of a record.
	XPassiveTotalRecordHash string `json:"x_passivetotal_record_hash,omitempty"`
}

// TypeRelationship is the type name, as written in the type property.
const TypeRelationship = "relationship"

var _ = register(TypeRelationship, func() Object { return &Relationship{} })

// Type returns "relationship".
func (*Relationship) Type() string { return TypeRelationship }

// RelationshipID returns the relationship ID: {relationship_type,
// source_ref, target_ref}, plus start_time when it is not zero, plus
// stop_time when both are set (pycti ignores a stop without a start).
// Under PolicyLegacy start_time is a naive Python isoformat and stop_time
// never contributes, as in the retired passive-DNS connector.
func RelationshipID(p IDPolicy, relationshipType, sourceRef, targetRef string, start, stop time.Time) (string, error) {
	if !TimeInRange(start) || !TimeInRange(stop) {
		return "", fmt.Errorf("stix: %s id: %w", TypeRelationship, ErrTimestampRange)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.str("relationship_type", relationshipType)
	b = b.str("source_ref", sourceRef)
	if !start.IsZero() {
		b = b.time("start_time", p, start, false)
		if !stop.IsZero() && p != PolicyLegacy {
			b = b.time("stop_time", p, stop, false)
		}
	}
	b = b.str("target_ref", targetRef)
	return finishID(TypeRelationship, b.buf, b.bad)
}

// AppendJSON appends the relationship's JSON to dst.
func (o *Relationship) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeRelationship)
	w.common(&o.Common)
	w.strAlways("relationship_type", o.RelationshipType)
	w.str("description", o.Description)
	w.strAlways("source_ref", o.SourceRef)
	w.strAlways("target_ref", o.TargetRef)
	w.ts("start_time", o.StartTime)
	w.ts("stop_time", o.StopTime)
	w.strs("x_passivetotal_sources", o.XPassiveTotalSources)
	w.str("x_passivetotal_record_hash", o.XPassiveTotalRecordHash)
	w.custom(o.Custom, knownKeys[TypeRelationship])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o Relationship) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Relationship) UnmarshalJSON(b []byte) error {
	type plain Relationship
	return unmarshalInto(b, TypeRelationship, (*plain)(o), &o.Custom)
}

// Validate checks the relationship; see [Validate].
func (o *Relationship) Validate() error {
	var v validator
	v.common(&o.Common, TypeRelationship)
	v.required("relationship_type", o.RelationshipType)
	if o.RelationshipType != "" && !validRelationshipType(o.RelationshipType) {
		v.add("relationship_type", "%q: want lowercase ASCII letters, digits and hyphens", o.RelationshipType)
	}
	v.required("source_ref", o.SourceRef)
	v.required("target_ref", o.TargetRef)
	v.ref("source_ref", o.SourceRef)
	v.ref("target_ref", o.TargetRef)
	v.ts("start_time", o.StartTime, false)
	v.ts("stop_time", o.StopTime, false)
	v.after("stop_time", o.StopTime, "start_time", o.StartTime, true)
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *Relationship) marshals() bool {
	return commonMarshals(&o.Common) && okStr(o.RelationshipType) && okStr(o.Description) &&
		okStr(o.SourceRef) && okStr(o.TargetRef) && okStrs(o.XPassiveTotalSources) && okStr(o.XPassiveTotalRecordHash) &&
		okTime(o.StartTime) && okTime(o.StopTime)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *Relationship) refsResolve(c refCheck) bool {
	return c.common(&o.Common, TypeRelationship) && c.ok(o.SourceRef) && c.ok(o.TargetRef)
}

// Relationship types the SDK emits (STIX 2.1 section 4 relationship
// tables, and OpenCTI's use of them).
const (
	RelationshipBasedOn        = "based-on"        // indicator -> what it detects
	RelationshipBelongsTo      = "belongs-to"      // ipv4-addr, ipv6-addr -> autonomous-system (OpenCTI)
	RelationshipHas            = "has"             // software -> vulnerability
	RelationshipIndicates      = "indicates"       // indicator -> threat
	RelationshipLocatedAt      = "located-at"      // observable or SDO -> location
	RelationshipOriginatesFrom = "originates-from" // threat -> location
	RelationshipRelatedTo      = "related-to"      // anything -> anything
	RelationshipResolvesTo     = "resolves-to"     // domain-name -> address or domain-name
	RelationshipTargets        = "targets"         // threat -> identity, location, vulnerability
	RelationshipUses           = "uses"            // threat -> attack-pattern, malware, tool
)

// validRelationshipType reports whether s is a well-formed relationship
// type: STIX 2.1 limits it to lowercase ASCII letters, digits and hyphens.
func validRelationshipType(s string) bool {
	if s == "" || len(s) > 250 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
