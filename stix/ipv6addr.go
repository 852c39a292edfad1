package stix

// IPv6Addr is a STIX ipv6-addr SCO (an address or CIDR block).
type IPv6Addr struct {
	ObservableCommon
	Value string `json:"value"`
}

// TypeIPv6Addr is the type name, as written in the type property.
const TypeIPv6Addr = "ipv6-addr"

var _ = register(TypeIPv6Addr, func() Object { return &IPv6Addr{} })

// Type returns "ipv6-addr".
func (*IPv6Addr) Type() string { return TypeIPv6Addr }

// IPv6AddrID returns the ipv6-addr ID: {value}.
func IPv6AddrID(value string) (string, error) { return valueID(TypeIPv6Addr, value) }

// AppendJSON appends the IPv6 address's JSON to dst.
func (o *IPv6Addr) AppendJSON(dst []byte) ([]byte, error) {
	return appendValueSCO(dst, TypeIPv6Addr, &o.ObservableCommon, o.Value)
}

// MarshalJSON implements json.Marshaler.
func (o IPv6Addr) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *IPv6Addr) UnmarshalJSON(b []byte) error {
	type plain IPv6Addr
	return unmarshalInto(b, TypeIPv6Addr, (*plain)(o), &o.Custom)
}

// Validate checks the address: an IPv6 address or CIDR block; see
// [Validate].
func (o *IPv6Addr) Validate() error {
	return validateValueSCO(&o.ObservableCommon, TypeIPv6Addr, o.Value, checkIPv6Value)
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *IPv6Addr) marshals() bool {
	return observableMarshals(&o.ObservableCommon) && okStr(o.Value)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *IPv6Addr) refsResolve(c refCheck) bool {
	return c.observable(&o.ObservableCommon, TypeIPv6Addr)
}

// observableID computes the deterministic ID; see [ObservableID].
func (o *IPv6Addr) observableID() (string, error) {
	return IPv6AddrID(o.Value)
}

func checkIPv6Value(s string) error { return checkIPValue(s, true) }
