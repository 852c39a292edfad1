package stix

// MarkingDefinition is a STIX marking-definition. It has no modified
// property in STIX 2.1, so it does not embed [Common].
type MarkingDefinition struct {
	ID                 string              `json:"id"`
	CreatedByRef       string              `json:"created_by_ref,omitempty"`
	Created            Timestamp           `json:"created"`
	ExternalReferences []ExternalReference `json:"external_references,omitempty"`
	ObjectMarkingRefs  []string            `json:"object_marking_refs,omitempty"`
	Name               string              `json:"name,omitempty"`
	DefinitionType     string              `json:"definition_type"`
	// Definition is the definition object, e.g. {"tlp": "white"} or
	// {"statement": "..."}.
	Definition map[string]string `json:"definition"`

	// Custom is as in [Common] (OpenCTI's x_opencti_definition_type,
	// x_opencti_definition, x_opencti_order, x_opencti_color live here).
	Custom map[string]any `json:"-"`
}

// TypeMarkingDefinition is the type name, as written in the type property.
const TypeMarkingDefinition = "marking-definition"

var _ = register(TypeMarkingDefinition, func() Object { return &MarkingDefinition{} })

// Type returns "marking-definition".
func (*MarkingDefinition) Type() string { return TypeMarkingDefinition }

// MarkingDefinitionID returns the fixed ID of a TLP marking when
// definitionType is "TLP" (case-sensitive, as pycti) and definition names
// one ("TLP:AMBER", ...), else {definition, definition_type} hashed.
func MarkingDefinitionID(p IDPolicy, definitionType, definition string) (string, error) {
	if definitionType == "TLP" {
		for _, t := range allTLPs {
			if definition == t.Name() {
				return t.ID(), nil
			}
		}
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.str("definition", definition)
	b = b.str("definition_type", definitionType)
	return finishID(TypeMarkingDefinition, b.buf, b.bad)
}

// AppendJSON appends the marking definition's JSON to dst.
func (o *MarkingDefinition) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeMarkingDefinition)
	w.strAlways("id", o.ID)
	w.str("created_by_ref", o.CreatedByRef)
	w.tsMilli("created", o.Created)
	w.extRefs(o.ExternalReferences)
	w.strs("object_marking_refs", o.ObjectMarkingRefs)
	w.str("name", o.Name)
	w.strAlways("definition_type", o.DefinitionType)
	w.key("definition")
	w.strMapValue(o.Definition)
	w.custom(o.Custom, knownKeys[TypeMarkingDefinition])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o MarkingDefinition) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *MarkingDefinition) UnmarshalJSON(b []byte) error {
	type plain MarkingDefinition
	return unmarshalInto(b, TypeMarkingDefinition, (*plain)(o), &o.Custom)
}

// Validate checks the marking definition; see [Validate].
func (o *MarkingDefinition) Validate() error {
	v := validator{id: o.ID}
	v.checkID(TypeMarkingDefinition)
	v.ts("created", o.Created, true)
	v.ref("created_by_ref", o.CreatedByRef, TypeIdentity)
	v.refs("object_marking_refs", o.ObjectMarkingRefs, TypeMarkingDefinition)
	v.extRefs(o.ExternalReferences)
	v.required("definition_type", o.DefinitionType)
	if len(o.Definition) == 0 {
		v.add("definition", "required")
	}
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *MarkingDefinition) marshals() bool {
	return okStr(o.ID) && okStr(o.CreatedByRef) && okTime(o.Created) && extRefsMarshal(o.ExternalReferences) &&
		okStrs(o.ObjectMarkingRefs) && okStr(o.Name) && okStr(o.DefinitionType) && okMap(o.Definition) &&
		customMarshals(o.Custom)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *MarkingDefinition) refsResolve(c refCheck) bool {
	return c.opt(o.CreatedByRef) && c.all(o.ObjectMarkingRefs) && extRefsPlain(o.ExternalReferences) &&
		mapPlain(o.Definition) && customResolves(o.Custom, TypeMarkingDefinition, c)
}

// StixID returns m.ID.
func (m *MarkingDefinition) StixID() string { return m.ID }

// MarkingRefs returns m.ObjectMarkingRefs.
func (m *MarkingDefinition) MarkingRefs() []string { return m.ObjectMarkingRefs }
