package stix

import "fmt"

// File is a STIX file SCO.
type File struct {
	ObservableCommon
	Hashes             Hashes `json:"hashes,omitempty"`
	Size               *int64 `json:"size,omitempty"`
	Name               string `json:"name,omitempty"`
	MimeType           string `json:"mime_type,omitempty"`
	ParentDirectoryRef string `json:"parent_directory_ref,omitempty"`
}

// TypeFile is the type name, as written in the type property.
const TypeFile = "file"

var _ = register(TypeFile, func() Object { return &File{} })

// Type returns "file".
func (*File) Type() string { return TypeFile }

// FileID returns the file ID from hashes (one of them, see [ChooseHash]),
// name and parentDirectoryRef, whichever are set.
func FileID(hashes Hashes, name, parentDirectoryRef string) (string, error) {
	algo, value, hasHash := ChooseHash(hashes)
	if !hasHash && name == "" && parentDirectoryRef == "" {
		return "", fmt.Errorf("%w: file without hashes, name or parent_directory_ref", ErrNoContributingProperties)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, scoNS)
	if hasHash {
		b = b.hash(algo, value)
	}
	if name != "" {
		b = b.str("name", name)
	}
	if parentDirectoryRef != "" {
		b = b.str("parent_directory_ref", parentDirectoryRef)
	}
	return finishID(TypeFile, b.buf, b.bad)
}

// AppendJSON appends the file's JSON to dst.
func (o *File) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeFile)
	w.observable(&o.ObservableCommon)
	w.strMap("hashes", o.Hashes)
	w.int64p("size", o.Size)
	w.str("name", o.Name)
	w.str("mime_type", o.MimeType)
	w.str("parent_directory_ref", o.ParentDirectoryRef)
	w.custom(o.Custom, knownKeys[TypeFile])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o File) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *File) UnmarshalJSON(b []byte) error {
	type plain File
	return unmarshalInto(b, TypeFile, (*plain)(o), &o.Custom)
}

// Validate checks the file; see [Validate].
func (o *File) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeFile)
	if len(o.Hashes) == 0 && o.Name == "" {
		v.add("", "hashes or name required")
	}
	v.hashes(o.Hashes)
	if o.Size != nil && *o.Size < 0 {
		v.add("size", "must not be negative")
	}
	v.ref("parent_directory_ref", o.ParentDirectoryRef, TypeDirectory)
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *File) marshals() bool {
	return observableMarshals(&o.ObservableCommon) && okMap(o.Hashes) && okStr(o.Name) && okStr(o.MimeType) &&
		okStr(o.ParentDirectoryRef)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *File) refsResolve(c refCheck) bool {
	return c.observable(&o.ObservableCommon, TypeFile) && mapPlain(o.Hashes) && c.opt(o.ParentDirectoryRef)
}

// observableID computes the deterministic ID; see [ObservableID].
func (o *File) observableID() (string, error) {
	return FileID(o.Hashes, o.Name, o.ParentDirectoryRef)
}
