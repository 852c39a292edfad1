package stix

// ThreatActor is a STIX threat-actor SDO (STIX 2.1 section 4.16). OpenCTI
// splits threat actors into groups and individuals: XOpenCTIType says
// which, and takes part in the ID (see [ThreatActorID]).
type ThreatActor struct {
	Common
	Name                 string    `json:"name"`
	Description          string    `json:"description,omitempty"`
	ThreatActorTypes     []string  `json:"threat_actor_types,omitempty"`
	Aliases              []string  `json:"aliases,omitempty"`
	FirstSeen            Timestamp `json:"first_seen,omitzero"`
	LastSeen             Timestamp `json:"last_seen,omitzero"`
	Roles                []string  `json:"roles,omitempty"`
	Goals                []string  `json:"goals,omitempty"`
	Sophistication       string    `json:"sophistication,omitempty"`
	ResourceLevel        string    `json:"resource_level,omitempty"`
	PrimaryMotivation    string    `json:"primary_motivation,omitempty"`
	SecondaryMotivations []string  `json:"secondary_motivations,omitempty"`
	PersonalMotivations  []string  `json:"personal_motivations,omitempty"`

	// XOpenCTIType is OpenCTI's x_opencti_type: ThreatActorGroup or
	// ThreatActorIndividual (empty means a group to OpenCTI).
	XOpenCTIType string `json:"x_opencti_type,omitempty"`
}

// OpenCTI's threat actor kinds (x_opencti_type).
const (
	ThreatActorGroup      = "Threat-Actor-Group"
	ThreatActorIndividual = "Threat-Actor-Individual"
)

// TypeThreatActor is the threat-actor type name.
const TypeThreatActor = "threat-actor"

var _ = register(TypeThreatActor, func() Object { return &ThreatActor{} })

// Type returns "threat-actor".
func (*ThreatActor) Type() string { return TypeThreatActor }

// ThreatActorID returns the threat-actor ID as pycti computes it: {name:
// lower(strip(name)), opencti_type: openCTIType}, the type hashed as
// written and [ThreatActorGroup] when empty.
func ThreatActorID(p IDPolicy, name, openCTIType string) (string, error) {
	if openCTIType == "" {
		openCTIType = ThreatActorGroup
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.lowerStr("name", name)
	b = b.str("opencti_type", openCTIType)
	return finishID(TypeThreatActor, b.buf, b.bad)
}

// AppendJSON appends the threat actor's JSON to dst.
func (o *ThreatActor) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeThreatActor)
	w.common(&o.Common)
	w.strAlways("name", o.Name)
	w.str("description", o.Description)
	w.strs("threat_actor_types", o.ThreatActorTypes)
	w.strs("aliases", o.Aliases)
	w.ts("first_seen", o.FirstSeen)
	w.ts("last_seen", o.LastSeen)
	w.strs("roles", o.Roles)
	w.strs("goals", o.Goals)
	w.str("sophistication", o.Sophistication)
	w.str("resource_level", o.ResourceLevel)
	w.str("primary_motivation", o.PrimaryMotivation)
	w.strs("secondary_motivations", o.SecondaryMotivations)
	w.strs("personal_motivations", o.PersonalMotivations)
	w.str("x_opencti_type", o.XOpenCTIType)
	w.custom(o.Custom, knownKeys[TypeThreatActor])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o ThreatActor) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *ThreatActor) UnmarshalJSON(b []byte) error {
	type plain ThreatActor
	return unmarshalInto(b, TypeThreatActor, (*plain)(o), &o.Custom)
}

// Validate checks the threat actor: name required, last_seen not before
// first_seen, a known x_opencti_type; see [Validate].
func (o *ThreatActor) Validate() error {
	var v validator
	v.common(&o.Common, TypeThreatActor)
	v.required("name", o.Name)
	v.seen(o.FirstSeen, o.LastSeen)
	v.nonEmpty("threat_actor_types", o.ThreatActorTypes)
	v.nonEmpty("aliases", o.Aliases)
	v.nonEmpty("roles", o.Roles)
	v.nonEmpty("goals", o.Goals)
	v.nonEmpty("secondary_motivations", o.SecondaryMotivations)
	v.nonEmpty("personal_motivations", o.PersonalMotivations)
	switch o.XOpenCTIType {
	case "", ThreatActorGroup, ThreatActorIndividual:
	default:
		v.add("x_opencti_type", "%q is not %s or %s", o.XOpenCTIType, ThreatActorGroup, ThreatActorIndividual)
	}
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *ThreatActor) marshals() bool {
	return commonMarshals(&o.Common) && okStr(o.Name) && okStr(o.Description) && okStrs(o.ThreatActorTypes) &&
		okStrs(o.Aliases) && okStrs(o.Roles) && okStrs(o.Goals) && okStr(o.Sophistication) &&
		okStr(o.ResourceLevel) && okStr(o.PrimaryMotivation) && okStrs(o.SecondaryMotivations) &&
		okStrs(o.PersonalMotivations) && okStr(o.XOpenCTIType) &&
		okTime(o.FirstSeen) && okTime(o.LastSeen)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *ThreatActor) refsResolve(c refCheck) bool {
	return c.common(&o.Common, TypeThreatActor)
}
