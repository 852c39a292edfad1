package stix

import (
	"fmt"
	"time"
)

// Note is a STIX note SDO.
type Note struct {
	Common
	Abstract   string   `json:"abstract,omitempty"`
	Content    string   `json:"content"`
	Authors    []string `json:"authors,omitempty"`
	ObjectRefs []string `json:"object_refs"`
}

// TypeNote is the type name, as written in the type property.
const TypeNote = "note"

var _ = register(TypeNote, func() Object { return &Note{} })

// Type returns "note".
func (*Note) Type() string { return TypeNote }

// NoteID returns the note ID: {content: strip(content)}, plus created when
// it is not zero.
func NoteID(p IDPolicy, content string, created time.Time) (string, error) {
	if !TimeInRange(created) {
		return "", fmt.Errorf("stix: %s id: %w", TypeNote, ErrTimestampRange)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.str("content", pyStrip(content))
	if !created.IsZero() {
		b = b.time("created", p, created, true)
	}
	return finishID(TypeNote, b.buf, b.bad)
}

// AppendJSON appends the note's JSON to dst.
func (o *Note) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeNote)
	w.common(&o.Common)
	w.str("abstract", o.Abstract)
	w.strAlways("content", o.Content)
	w.strs("authors", o.Authors)
	w.strsAlways("object_refs", o.ObjectRefs)
	w.custom(o.Custom, knownKeys[TypeNote])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o Note) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Note) UnmarshalJSON(b []byte) error {
	type plain Note
	return unmarshalInto(b, TypeNote, (*plain)(o), &o.Custom)
}

// Validate checks the note; see [Validate].
func (o *Note) Validate() error {
	var v validator
	v.common(&o.Common, TypeNote)
	v.required("content", o.Content)
	if len(o.ObjectRefs) == 0 {
		v.add("object_refs", "required (at least one)")
	}
	v.refs("object_refs", o.ObjectRefs)
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *Note) marshals() bool {
	return commonMarshals(&o.Common) && okStr(o.Abstract) && okStr(o.Content) && okStrs(o.Authors) && okStrs(o.ObjectRefs)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *Note) refsResolve(c refCheck) bool {
	return c.common(&o.Common, TypeNote) && c.all(o.ObjectRefs)
}
