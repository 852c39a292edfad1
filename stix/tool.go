package stix

// Tool is a STIX tool SDO (STIX 2.1 section 4.17): legitimate software
// that threat actors use.
type Tool struct {
	Common
	Name            string           `json:"name"`
	Description     string           `json:"description,omitempty"`
	ToolTypes       []string         `json:"tool_types,omitempty"`
	Aliases         []string         `json:"aliases,omitempty"`
	KillChainPhases []KillChainPhase `json:"kill_chain_phases,omitempty"`
	ToolVersion     string           `json:"tool_version,omitempty"`
}

// Type returns "tool".
func (*Tool) Type() string { return TypeTool }

// ToolID returns the tool ID: {name: lower(strip(name))}.
func ToolID(p IDPolicy, name string) (string, error) { return nameID(p, TypeTool, name) }

// AppendJSON appends the tool's JSON to dst.
func (o *Tool) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeTool)
	w.common(&o.Common)
	w.strAlways("name", o.Name)
	w.str("description", o.Description)
	w.strs("tool_types", o.ToolTypes)
	w.strs("aliases", o.Aliases)
	w.killChain("kill_chain_phases", o.KillChainPhases)
	w.str("tool_version", o.ToolVersion)
	w.custom(o.Custom, knownKeys[TypeTool])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o Tool) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Tool) UnmarshalJSON(b []byte) error {
	type plain Tool
	return unmarshalInto(b, TypeTool, (*plain)(o), &o.Custom)
}

// Validate checks the tool: name required; see [Validate].
func (o *Tool) Validate() error {
	var v validator
	v.common(&o.Common, TypeTool)
	v.required("name", o.Name)
	v.killChain(o.KillChainPhases)
	v.nonEmpty("tool_types", o.ToolTypes)
	v.nonEmpty("aliases", o.Aliases)
	v.custom(o.Custom)
	return v.result()
}
