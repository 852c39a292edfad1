package stix

import "fmt"

// Directory is a STIX directory SCO.
type Directory struct {
	ObservableCommon
	Path string `json:"path"`
}

// TypeDirectory is the type name, as written in the type property.
const TypeDirectory = "directory"

var _ = register(TypeDirectory, func() Object { return &Directory{} })

// Type returns "directory".
func (*Directory) Type() string { return TypeDirectory }

// DirectoryID returns the directory ID: {path}.
func DirectoryID(path string) (string, error) {
	if path == "" {
		return "", fmt.Errorf("%w: directory without path", ErrNoContributingProperties)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, scoNS)
	b = b.str("path", path)
	return finishID(TypeDirectory, b.buf, b.bad)
}

// AppendJSON appends the directory's JSON to dst.
func (o *Directory) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeDirectory)
	w.observable(&o.ObservableCommon)
	w.strAlways("path", o.Path)
	w.custom(o.Custom, knownKeys[TypeDirectory])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o Directory) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Directory) UnmarshalJSON(b []byte) error {
	type plain Directory
	return unmarshalInto(b, TypeDirectory, (*plain)(o), &o.Custom)
}

// Validate checks the directory; see [Validate].
func (o *Directory) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeDirectory)
	v.required("path", o.Path)
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *Directory) marshals() bool {
	return observableMarshals(&o.ObservableCommon) && okStr(o.Path)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *Directory) refsResolve(c refCheck) bool {
	return c.observable(&o.ObservableCommon, TypeDirectory)
}

// observableID computes the deterministic ID; see [ObservableID].
func (o *Directory) observableID() (string, error) {
	return DirectoryID(o.Path)
}
