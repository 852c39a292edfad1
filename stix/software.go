package stix

import (
	"fmt"
	"regexp"
)

// Software is a STIX software SCO (STIX 2.1 section 6.14): a product
// identified by name and, where known, vendor, version, CPE and SWID.
type Software struct {
	ObservableCommon
	Name string `json:"name"`
	// CPE is a CPE 2.3 formatted string ("cpe:2.3:a:vendor:product:...").
	CPE string `json:"cpe,omitempty"`
	// SWID is the software's SWID tag ID.
	SWID string `json:"swid,omitempty"`
	// Languages are ISO 639-2 language codes ("en", "fra").
	Languages []string `json:"languages,omitempty"`
	Vendor    string   `json:"vendor,omitempty"`
	Version   string   `json:"version,omitempty"`
}

// TypeSoftware is the software type name.
const TypeSoftware = "software"

// Type returns "software".
func (*Software) Type() string { return TypeSoftware }

// SoftwareID returns the software ID: {name, cpe, swid, vendor, version},
// each only when set and exactly as given (python-stix2 does not
// normalise them).
func SoftwareID(name, cpe, swid, vendor, version string) (string, error) {
	if name == "" && cpe == "" && swid == "" && vendor == "" && version == "" {
		return "", fmt.Errorf("%w: software without name, cpe, swid, vendor or version", ErrNoContributingProperties)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, scoNS)
	// RFC 8785 key order: cpe, name, swid, vendor, version.
	for _, kv := range [...][2]string{{"cpe", cpe}, {"name", name}, {"swid", swid}, {"vendor", vendor}, {"version", version}} {
		if kv[1] != "" {
			b = b.str(kv[0], kv[1])
		}
	}
	return finishID(TypeSoftware, b.buf, b.bad)
}

// AppendJSON appends the software's JSON to dst.
func (o *Software) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeSoftware)
	w.observable(&o.ObservableCommon)
	w.strAlways("name", o.Name)
	w.str("cpe", o.CPE)
	w.str("swid", o.SWID)
	w.strs("languages", o.Languages)
	w.str("vendor", o.Vendor)
	w.str("version", o.Version)
	w.custom(o.Custom, knownKeys[TypeSoftware])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o Software) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Software) UnmarshalJSON(b []byte) error {
	type plain Software
	return unmarshalInto(b, TypeSoftware, (*plain)(o), &o.Custom)
}

// cpe23 is the CPE 2.3 formatted string grammar of the OASIS software
// schema (NISTIR 7695 section 6.2), anchored: 13 colon-separated parts.
var cpe23 = regexp.MustCompile(`^cpe:2\.3:[aho\*\-](:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#$$%&'\(\)\+,/:;<=>@\[\]\^` + "`" + `\{\|}~]))+(\?*|\*?))|[\*\-])){5}(:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[\*\-]))(:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#$$%&'\(\)\+,/:;<=>@\[\]\^` + "`" + `\{\|}~]))+(\?*|\*?))|[\*\-])){4}$`)

// languageTag is the OASIS schema's pattern for a software language.
var languageTag = regexp.MustCompile(`^([a-z]{2}(-[A-Z]{2})?(-[a-z]{4})?(-[A-Z]{2}|[0-9]{3})?(-[a-z0-9]{5,8}|[0-9][a-z0-9]{3})*(-[a-z0-9]{1,8})*|[a-z]{3})$`)

// Validate checks the software: name required, cpe a CPE 2.3 formatted
// string, languages language codes; see [Validate].
func (o *Software) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeSoftware)
	v.required("name", o.Name)
	if o.CPE != "" && !cpe23.MatchString(o.CPE) {
		v.add("cpe", "not a CPE 2.3 formatted string")
	}
	for _, l := range o.Languages {
		if !languageTag.MatchString(l) {
			v.add("languages", "%q is not a language code", l)
		}
	}
	v.custom(o.Custom)
	return v.result()
}
