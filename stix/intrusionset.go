package stix

// IntrusionSet is a STIX intrusion-set SDO (STIX 2.1 section 4.8).
type IntrusionSet struct {
	Common
	Name                 string    `json:"name"`
	Description          string    `json:"description,omitempty"`
	Aliases              []string  `json:"aliases,omitempty"`
	FirstSeen            Timestamp `json:"first_seen,omitzero"`
	LastSeen             Timestamp `json:"last_seen,omitzero"`
	Goals                []string  `json:"goals,omitempty"`
	ResourceLevel        string    `json:"resource_level,omitempty"`
	PrimaryMotivation    string    `json:"primary_motivation,omitempty"`
	SecondaryMotivations []string  `json:"secondary_motivations,omitempty"`
}

// TypeIntrusionSet is the type name, as written in the type property.
const TypeIntrusionSet = "intrusion-set"

var _ = register(TypeIntrusionSet, func() Object { return &IntrusionSet{} })

// Type returns "intrusion-set".
func (*IntrusionSet) Type() string { return TypeIntrusionSet }

// IntrusionSetID returns the intrusion-set ID: {name: lower(strip(name))}.
func IntrusionSetID(p IDPolicy, name string) (string, error) {
	return nameID(p, TypeIntrusionSet, name)
}

// AppendJSON appends the intrusion set's JSON to dst.
func (o *IntrusionSet) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeIntrusionSet)
	w.common(&o.Common)
	w.strAlways("name", o.Name)
	w.str("description", o.Description)
	w.strs("aliases", o.Aliases)
	w.ts("first_seen", o.FirstSeen)
	w.ts("last_seen", o.LastSeen)
	w.strs("goals", o.Goals)
	w.str("resource_level", o.ResourceLevel)
	w.str("primary_motivation", o.PrimaryMotivation)
	w.strs("secondary_motivations", o.SecondaryMotivations)
	w.custom(o.Custom, knownKeys[TypeIntrusionSet])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o IntrusionSet) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *IntrusionSet) UnmarshalJSON(b []byte) error {
	type plain IntrusionSet
	return unmarshalInto(b, TypeIntrusionSet, (*plain)(o), &o.Custom)
}

// Validate checks the intrusion set: name required, last_seen not before
// first_seen; see [Validate].
func (o *IntrusionSet) Validate() error {
	var v validator
	v.common(&o.Common, TypeIntrusionSet)
	v.required("name", o.Name)
	v.seen(o.FirstSeen, o.LastSeen)
	v.nonEmpty("aliases", o.Aliases)
	v.nonEmpty("goals", o.Goals)
	v.nonEmpty("secondary_motivations", o.SecondaryMotivations)
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *IntrusionSet) marshals() bool {
	return commonMarshals(&o.Common) && okStr(o.Name) && okStr(o.Description) && okStrs(o.Aliases) &&
		okStrs(o.Goals) && okStr(o.ResourceLevel) && okStr(o.PrimaryMotivation) && okStrs(o.SecondaryMotivations) &&
		okTime(o.FirstSeen) && okTime(o.LastSeen)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *IntrusionSet) refsResolve(c refCheck) bool {
	return c.common(&o.Common, TypeIntrusionSet)
}
