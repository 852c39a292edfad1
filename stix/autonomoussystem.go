package stix

import "github.com/ptstix/passivetotal/internal/canonjson"

// AutonomousSystem is a STIX autonomous-system SCO.
type AutonomousSystem struct {
	ObservableCommon
	Number int64  `json:"number"`
	Name   string `json:"name,omitempty"`
	RIR    string `json:"rir,omitempty"`
}

// TypeAutonomousSystem is the type name, as written in the type property.
const TypeAutonomousSystem = "autonomous-system"

var _ = register(TypeAutonomousSystem, func() Object { return &AutonomousSystem{} })

// Type returns "autonomous-system".
func (*AutonomousSystem) Type() string { return TypeAutonomousSystem }

// AutonomousSystemID returns the autonomous-system ID: {number} (a JSON
// number).
func AutonomousSystemID(number int64) (string, error) {
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, scoNS)
	b = b.key("number")
	b.buf = canonjson.AppendInt(b.buf, number)
	return finishID(TypeAutonomousSystem, b.buf, b.bad)
}

// AppendJSON appends the autonomous system's JSON to dst.
func (o *AutonomousSystem) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeAutonomousSystem)
	w.observable(&o.ObservableCommon)
	n := o.Number
	w.int64p("number", &n)
	w.str("name", o.Name)
	w.str("rir", o.RIR)
	w.custom(o.Custom, knownKeys[TypeAutonomousSystem])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o AutonomousSystem) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *AutonomousSystem) UnmarshalJSON(b []byte) error {
	type plain AutonomousSystem
	return unmarshalInto(b, TypeAutonomousSystem, (*plain)(o), &o.Custom)
}

// Validate checks the autonomous system; see [Validate].
func (o *AutonomousSystem) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeAutonomousSystem)
	if o.Number < 0 || o.Number > 1<<32-1 {
		v.add("number", "out of range")
	}
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *AutonomousSystem) marshals() bool {
	return observableMarshals(&o.ObservableCommon) && okStr(o.Name) && okStr(o.RIR)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *AutonomousSystem) refsResolve(c refCheck) bool {
	return c.observable(&o.ObservableCommon, TypeAutonomousSystem)
}

// observableID computes the deterministic ID; see [ObservableID].
func (o *AutonomousSystem) observableID() (string, error) {
	return AutonomousSystemID(o.Number)
}
