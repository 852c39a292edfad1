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

// seen checks first_seen and last_seen: well formed, and last_seen not
// before first_seen (STIX 2.1: greater than or equal).
func (v *validator) seen(first, last Timestamp) {
	v.ts("first_seen", first, false)
	v.ts("last_seen", last, false)
	v.after("last_seen", last, "first_seen", first, false)
}

// nonEmpty reports empty strings in a list property (an open-vocabulary
// or free-text list whose entries must say something).
func (v *validator) nonEmpty(prop string, list []string) {
	for _, s := range list {
		if s == "" {
			v.add(prop, "empty entry")
			return
		}
	}
}
