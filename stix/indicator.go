package stix

// Indicator is a STIX indicator SDO.
type Indicator struct {
	Common
	Name            string           `json:"name,omitempty"`
	Description     string           `json:"description,omitempty"`
	IndicatorTypes  []string         `json:"indicator_types,omitempty"`
	Pattern         string           `json:"pattern"`
	PatternType     string           `json:"pattern_type"`
	PatternVersion  string           `json:"pattern_version,omitempty"`
	ValidFrom       Timestamp        `json:"valid_from"`
	ValidUntil      Timestamp        `json:"valid_until,omitzero"`
	KillChainPhases []KillChainPhase `json:"kill_chain_phases,omitempty"`

	// XOpenCTIMainObservableType is OpenCTI's x_opencti_main_observable_type
	// (e.g. "Domain-Name", "IPv4-Addr", "StixFile").
	XOpenCTIMainObservableType string `json:"x_opencti_main_observable_type,omitempty"`
	// XOpenCTIScore is OpenCTI's x_opencti_score (0..100).
	XOpenCTIScore *int `json:"x_opencti_score,omitempty"`
}

// TypeIndicator is the type name, as written in the type property.
const TypeIndicator = "indicator"

var _ = register(TypeIndicator, func() Object { return &Indicator{} })

// Type returns "indicator".
func (*Indicator) Type() string { return TypeIndicator }

// IndicatorID returns the indicator ID for pattern: {pattern: strip(pattern)}.
func IndicatorID(p IDPolicy, pattern string) (string, error) {
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.str("pattern", pyStrip(pattern))
	return finishID(TypeIndicator, b.buf, b.bad)
}

// AppendJSON appends the indicator's JSON to dst.
func (o *Indicator) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeIndicator)
	w.common(&o.Common)
	w.str("name", o.Name)
	w.str("description", o.Description)
	w.strs("indicator_types", o.IndicatorTypes)
	w.strAlways("pattern", o.Pattern)
	w.strAlways("pattern_type", o.PatternType)
	w.str("pattern_version", o.PatternVersion)
	w.ts("valid_from", o.ValidFrom)
	w.ts("valid_until", o.ValidUntil)
	w.killChain("kill_chain_phases", o.KillChainPhases)
	w.str("x_opencti_main_observable_type", o.XOpenCTIMainObservableType)
	w.intp("x_opencti_score", o.XOpenCTIScore)
	w.custom(o.Custom, knownKeys[TypeIndicator])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o Indicator) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Indicator) UnmarshalJSON(b []byte) error {
	type plain Indicator
	return unmarshalInto(b, TypeIndicator, (*plain)(o), &o.Custom)
}

// Validate checks the indicator; see [Validate].
func (o *Indicator) Validate() error {
	var v validator
	v.common(&o.Common, TypeIndicator)
	v.required("pattern", o.Pattern)
	v.required("pattern_type", o.PatternType)
	if o.PatternType == "stix" && o.Pattern != "" {
		if err := CheckPattern(o.Pattern); err != nil {
			v.add("pattern", "%v", err)
		}
	}
	v.ts("valid_from", o.ValidFrom, true)
	v.ts("valid_until", o.ValidUntil, false)
	v.after("valid_until", o.ValidUntil, "valid_from", o.ValidFrom, true)
	v.killChain(o.KillChainPhases)
	if o.XOpenCTIScore != nil && (*o.XOpenCTIScore < 0 || *o.XOpenCTIScore > 100) {
		v.add("x_opencti_score", "must be 0..100")
	}
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *Indicator) marshals() bool {
	for _, k := range o.KillChainPhases {
		if !okStr(k.KillChainName) || !okStr(k.PhaseName) {
			return false
		}
	}
	return commonMarshals(&o.Common) && okStr(o.Name) && okStr(o.Description) && okStrs(o.IndicatorTypes) &&
		okStr(o.Pattern) && okStr(o.PatternType) && okStr(o.PatternVersion) && okStr(o.XOpenCTIMainObservableType) &&
		okTime(o.ValidFrom) && okTime(o.ValidUntil)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *Indicator) refsResolve(c refCheck) bool {
	return c.common(&o.Common, TypeIndicator)
}
