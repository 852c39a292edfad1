package stix

// Text is OpenCTI's custom "text" observable (pycti's
// CustomObservableText): a free-text value to pivot on, such as a tracker
// ID or a cookie name. OpenCTI shows it as the Text observable type; other
// STIX consumers see a custom SCO. The kind of value usually travels as a
// label (x_opencti_labels in Custom).
type Text struct {
	ObservableCommon
	Value string `json:"value"`
}

// TypeText is the type name of OpenCTI's text observable.
const TypeText = "text"

// Type returns "text".
func (*Text) Type() string { return TypeText }

// TextID returns the text ID: {value}, in the SCO namespace, as pycti
// declares it (id contributing property "value").
func TextID(value string) (string, error) { return valueID(TypeText, value) }

// AppendJSON appends the text observable's JSON to dst.
func (o *Text) AppendJSON(dst []byte) ([]byte, error) {
	return appendValueSCO(dst, TypeText, &o.ObservableCommon, o.Value)
}

// MarshalJSON implements json.Marshaler.
func (o Text) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Text) UnmarshalJSON(b []byte) error {
	type plain Text
	return unmarshalInto(b, TypeText, (*plain)(o), &o.Custom)
}

// Validate checks the text observable: value required; see [Validate].
func (o *Text) Validate() error { return validateValueSCO(&o.ObservableCommon, TypeText, o.Value) }
