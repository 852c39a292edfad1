package stix

import (
	"fmt"
	"time"
)

// Report is a STIX report SDO.
type Report struct {
	Common
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	ReportTypes []string  `json:"report_types,omitempty"`
	Published   Timestamp `json:"published"`
	ObjectRefs  []string  `json:"object_refs"`
}

// TypeReport is the type name, as written in the type property.
const TypeReport = "report"

var _ = register(TypeReport, func() Object { return &Report{} })

// Type returns "report".
func (*Report) Type() string { return TypeReport }

// ReportID returns the report ID for name and published: {name:
// lower(strip(name)), published}. A zero published is hashed as null, as
// pycti does for None.
func ReportID(p IDPolicy, name string, published time.Time) (string, error) {
	if !TimeInRange(published) {
		return "", fmt.Errorf("stix: %s id: %w", TypeReport, ErrTimestampRange)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.lowerStr("name", name)
	if published.IsZero() {
		b = b.null("published")
	} else {
		b = b.time("published", p, published, true)
	}
	return finishID(TypeReport, b.buf, b.bad)
}

// AppendJSON appends the report's JSON to dst.
func (o *Report) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeReport)
	w.common(&o.Common)
	w.strAlways("name", o.Name)
	w.str("description", o.Description)
	w.strs("report_types", o.ReportTypes)
	w.ts("published", o.Published)
	w.strsAlways("object_refs", o.ObjectRefs)
	w.custom(o.Custom, knownKeys[TypeReport])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o Report) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Report) UnmarshalJSON(b []byte) error {
	type plain Report
	return unmarshalInto(b, TypeReport, (*plain)(o), &o.Custom)
}

// Validate checks the report; see [Validate].
func (o *Report) Validate() error {
	var v validator
	v.common(&o.Common, TypeReport)
	v.required("name", o.Name)
	v.ts("published", o.Published, true)
	if len(o.ObjectRefs) == 0 {
		v.add("object_refs", "required (at least one)")
	}
	v.refs("object_refs", o.ObjectRefs)
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *Report) marshals() bool {
	return commonMarshals(&o.Common) && okStr(o.Name) && okStr(o.Description) && okStrs(o.ReportTypes) &&
		okStrs(o.ObjectRefs) && okTime(o.Published)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *Report) refsResolve(c refCheck) bool {
	return c.common(&o.Common, TypeReport) && c.all(o.ObjectRefs)
}
