package stix

import "fmt"

// Mutex is a STIX mutex SCO.
type Mutex struct {
	ObservableCommon
	Name string `json:"name"`
}

// TypeMutex is the type name, as written in the type property.
const TypeMutex = "mutex"

var _ = register(TypeMutex, func() Object { return &Mutex{} })

// Type returns "mutex".
func (*Mutex) Type() string { return TypeMutex }

// MutexID returns the mutex ID: {name}.
func MutexID(name string) (string, error) {
	if name == "" {
		return "", fmt.Errorf("%w: mutex without name", ErrNoContributingProperties)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, scoNS)
	b = b.str("name", name)
	return finishID(TypeMutex, b.buf, b.bad)
}

// AppendJSON appends the mutex's JSON to dst.
func (o *Mutex) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeMutex)
	w.observable(&o.ObservableCommon)
	w.strAlways("name", o.Name)
	w.custom(o.Custom, knownKeys[TypeMutex])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o Mutex) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Mutex) UnmarshalJSON(b []byte) error {
	type plain Mutex
	return unmarshalInto(b, TypeMutex, (*plain)(o), &o.Custom)
}

// Validate checks the mutex; see [Validate].
func (o *Mutex) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeMutex)
	v.required("name", o.Name)
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *Mutex) marshals() bool {
	return observableMarshals(&o.ObservableCommon) && okStr(o.Name)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *Mutex) refsResolve(c refCheck) bool {
	return c.observable(&o.ObservableCommon, TypeMutex)
}

// observableID computes the deterministic ID; see [ObservableID].
func (o *Mutex) observableID() (string, error) {
	return MutexID(o.Name)
}
