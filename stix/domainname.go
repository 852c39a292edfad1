package stix

import (
	"errors"
	"strings"
	"unicode"
)

// DomainName is a STIX domain-name SCO.
type DomainName struct {
	ObservableCommon
	Value string `json:"value"`
}

// TypeDomainName is the type name, as written in the type property.
const TypeDomainName = "domain-name"

var _ = register(TypeDomainName, func() Object { return &DomainName{} })

// Type returns "domain-name".
func (*DomainName) Type() string { return TypeDomainName }

// DomainNameID returns the domain-name ID: {value}.
func DomainNameID(value string) (string, error) { return valueID(TypeDomainName, value) }

// AppendJSON appends the domain name's JSON to dst.
func (o *DomainName) AppendJSON(dst []byte) ([]byte, error) {
	return appendValueSCO(dst, TypeDomainName, &o.ObservableCommon, o.Value)
}

// MarshalJSON implements json.Marshaler.
func (o DomainName) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *DomainName) UnmarshalJSON(b []byte) error {
	type plain DomainName
	return unmarshalInto(b, TypeDomainName, (*plain)(o), &o.Custom)
}

// Validate checks the domain name: a host name of at most 253 bytes,
// labels of 1 to 63; see [Validate].
func (o *DomainName) Validate() error {
	return validateValueSCO(&o.ObservableCommon, TypeDomainName, o.Value, checkDomainValue)
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *DomainName) marshals() bool {
	return observableMarshals(&o.ObservableCommon) && okStr(o.Value)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *DomainName) refsResolve(c refCheck) bool {
	return c.observable(&o.ObservableCommon, TypeDomainName)
}

// observableID computes the deterministic ID; see [ObservableID].
func (o *DomainName) observableID() (string, error) {
	return DomainNameID(o.Value)
}

// checkDomainValue accepts a host name: at most 253 bytes (a trailing dot
// aside), labels of 1 to 63 bytes made of letters, digits, marks, hyphens
// and underscores (U-labels and A-labels alike).
func checkDomainValue(s string) error {
	s = strings.TrimSuffix(s, ".")
	if len(s) > 253 {
		return errors.New("longer than 253 bytes")
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 {
			return errors.New("labels must be 1 to 63 bytes")
		}
		for _, r := range label {
			if !(r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)) {
				return errors.New("not a host name")
			}
		}
	}
	return nil
}
