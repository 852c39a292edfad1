package stix

// URL is a STIX url SCO.
type URL struct {
	ObservableCommon
	Value string `json:"value"`
}

// TypeURL is the type name, as written in the type property.
const TypeURL = "url"

var _ = register(TypeURL, func() Object { return &URL{} })

// Type returns "url".
func (*URL) Type() string { return TypeURL }

// URLID returns the url ID: {value}.
func URLID(value string) (string, error) { return valueID(TypeURL, value) }

// AppendJSON appends the URL's JSON to dst.
func (o *URL) AppendJSON(dst []byte) ([]byte, error) {
	return appendValueSCO(dst, TypeURL, &o.ObservableCommon, o.Value)
}

// MarshalJSON implements json.Marshaler.
func (o URL) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *URL) UnmarshalJSON(b []byte) error {
	type plain URL
	return unmarshalInto(b, TypeURL, (*plain)(o), &o.Custom)
}

// Validate checks the URL: value required and an RFC 3986 URI (see
// [CheckURL]; [NormalizeURL] makes one); see [Validate].
func (o *URL) Validate() error {
	return validateValueSCO(&o.ObservableCommon, TypeURL, o.Value, CheckURL)
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *URL) marshals() bool {
	return observableMarshals(&o.ObservableCommon) && okStr(o.Value)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *URL) refsResolve(c refCheck) bool {
	return c.observable(&o.ObservableCommon, TypeURL)
}

// observableID computes the deterministic ID; see [ObservableID].
func (o *URL) observableID() (string, error) {
	return URLID(o.Value)
}
