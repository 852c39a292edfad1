package stix

// AttackPattern is a STIX attack-pattern SDO.
type AttackPattern struct {
	Common
	Name            string           `json:"name"`
	Description     string           `json:"description,omitempty"`
	Aliases         []string         `json:"aliases,omitempty"`
	KillChainPhases []KillChainPhase `json:"kill_chain_phases,omitempty"`

	// XMitreID is the ATT&CK technique ID (x_mitre_id), e.g. "T1566.002".
	XMitreID string `json:"x_mitre_id,omitempty"`
}

// TypeAttackPattern is the type name, as written in the type property.
const TypeAttackPattern = "attack-pattern"

var _ = register(TypeAttackPattern, func() Object { return &AttackPattern{} })

// Type returns "attack-pattern".
func (*AttackPattern) Type() string { return TypeAttackPattern }

// AttackPatternID returns the attack-pattern ID: {x_mitre_id:
// strip(mitreID)} when mitreID is set, else {name: lower(strip(name))}.
func AttackPatternID(p IDPolicy, name, mitreID string) (string, error) {
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	if mitreID != "" {
		b = b.str("x_mitre_id", pyStrip(mitreID))
	} else {
		b = b.lowerStr("name", name)
	}
	return finishID(TypeAttackPattern, b.buf, b.bad)
}

// AppendJSON appends the attack pattern's JSON to dst.
func (o *AttackPattern) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeAttackPattern)
	w.common(&o.Common)
	w.strAlways("name", o.Name)
	w.str("description", o.Description)
	w.strs("aliases", o.Aliases)
	w.killChain("kill_chain_phases", o.KillChainPhases)
	w.str("x_mitre_id", o.XMitreID)
	w.custom(o.Custom, knownKeys[TypeAttackPattern])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o AttackPattern) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *AttackPattern) UnmarshalJSON(b []byte) error {
	type plain AttackPattern
	return unmarshalInto(b, TypeAttackPattern, (*plain)(o), &o.Custom)
}

// Validate checks the attack pattern; see [Validate].
func (o *AttackPattern) Validate() error {
	var v validator
	v.common(&o.Common, TypeAttackPattern)
	v.required("name", o.Name)
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *AttackPattern) marshals() bool {
	for _, k := range o.KillChainPhases {
		if !okStr(k.KillChainName) || !okStr(k.PhaseName) {
			return false
		}
	}
	return commonMarshals(&o.Common) && okStr(o.Name) && okStr(o.Description) && okStrs(o.Aliases) && okStr(o.XMitreID)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *AttackPattern) refsResolve(c refCheck) bool {
	return c.common(&o.Common, TypeAttackPattern)
}
