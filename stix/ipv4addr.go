package stix

// IPv4Addr is a STIX ipv4-addr SCO (an address or CIDR block).
type IPv4Addr struct {
	ObservableCommon
	Value string `json:"value"`
}

// TypeIPv4Addr is the type name, as written in the type property.
const TypeIPv4Addr = "ipv4-addr"

var _ = register(TypeIPv4Addr, func() Object { return &IPv4Addr{} })

// Type returns "ipv4-addr".
func (*IPv4Addr) Type() string { return TypeIPv4Addr }

// IPv4AddrID returns the ipv4-addr ID: {value}.
func IPv4AddrID(value string) (string, error) { return valueID(TypeIPv4Addr, value) }

// AppendJSON appends the IPv4 address's JSON to dst.
func (o *IPv4Addr) AppendJSON(dst []byte) ([]byte, error) {
	return appendValueSCO(dst, TypeIPv4Addr, &o.ObservableCommon, o.Value)
}

// MarshalJSON implements json.Marshaler.
func (o IPv4Addr) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *IPv4Addr) UnmarshalJSON(b []byte) error {
	type plain IPv4Addr
	return unmarshalInto(b, TypeIPv4Addr, (*plain)(o), &o.Custom)
}

// Validate checks the address: an IPv4 address or CIDR block; see
// [Validate].
func (o *IPv4Addr) Validate() error {
	return validateValueSCO(&o.ObservableCommon, TypeIPv4Addr, o.Value, checkIPv4Value)
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *IPv4Addr) marshals() bool {
	return observableMarshals(&o.ObservableCommon) && okStr(o.Value)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *IPv4Addr) refsResolve(c refCheck) bool {
	return c.observable(&o.ObservableCommon, TypeIPv4Addr)
}

// observableID computes the deterministic ID; see [ObservableID].
func (o *IPv4Addr) observableID() (string, error) {
	return IPv4AddrID(o.Value)
}

func checkIPv4Value(s string) error { return checkIPValue(s, false) }
