package stix

// Identity is a STIX identity SDO.
type Identity struct {
	Common
	Name               string   `json:"name"`
	Description        string   `json:"description,omitempty"`
	Roles              []string `json:"roles,omitempty"`
	IdentityClass      string   `json:"identity_class,omitempty"`
	Sectors            []string `json:"sectors,omitempty"`
	ContactInformation string   `json:"contact_information,omitempty"`
}

// TypeIdentity is the type name, as written in the type property.
const TypeIdentity = "identity"

var _ = register(TypeIdentity, func() Object { return &Identity{} })

// Type returns "identity".
func (*Identity) Type() string { return TypeIdentity }

// IdentityID returns the identity ID: {identity_class: lower(class), name:
// lower(strip(name))}. pycti does not strip the class.
func IdentityID(p IDPolicy, name, identityClass string) (string, error) {
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.key("identity_class")
	b = b.lowerQuote(identityClass)
	b = b.lowerStr("name", name)
	return finishID(TypeIdentity, b.buf, b.bad)
}

// AppendJSON appends the identity's JSON to dst.
func (o *Identity) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeIdentity)
	w.common(&o.Common)
	w.strAlways("name", o.Name)
	w.str("description", o.Description)
	w.strs("roles", o.Roles)
	w.str("identity_class", o.IdentityClass)
	w.strs("sectors", o.Sectors)
	w.str("contact_information", o.ContactInformation)
	w.custom(o.Custom, knownKeys[TypeIdentity])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o Identity) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Identity) UnmarshalJSON(b []byte) error {
	type plain Identity
	return unmarshalInto(b, TypeIdentity, (*plain)(o), &o.Custom)
}

// Validate checks the identity; see [Validate].
func (o *Identity) Validate() error {
	var v validator
	v.common(&o.Common, TypeIdentity)
	v.required("name", o.Name)
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *Identity) marshals() bool {
	return commonMarshals(&o.Common) && okStr(o.Name) && okStr(o.Description) && okStrs(o.Roles) &&
		okStr(o.IdentityClass) && okStrs(o.Sectors) && okStr(o.ContactInformation)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *Identity) refsResolve(c refCheck) bool {
	return c.common(&o.Common, TypeIdentity)
}
