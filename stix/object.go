package stix

// SpecVersion is the STIX version written on every object.
const SpecVersion = "2.1"

// Object is any STIX object this package can marshal, validate and put in a
// bundle.
type Object interface {
	// Type returns the STIX type, e.g. "indicator".
	Type() string
	// StixID returns the object's id property ("indicator--<uuid>").
	StixID() string
	// AppendJSON appends the object's JSON to dst. The output is
	// deterministic: the same object always gives the same bytes.
	AppendJSON(dst []byte) ([]byte, error)
	// MarshalJSON is AppendJSON(nil).
	MarshalJSON() ([]byte, error)
	// Validate checks the object on its own; see the package Validate.
	Validate() error
}

// Common holds the properties shared by SDOs and SROs (STIX 2.1 section
// 3.2). type and spec_version are implied by the embedding type.
type Common struct {
	ID                 string              `json:"id"`
	CreatedByRef       string              `json:"created_by_ref,omitempty"`
	Created            Timestamp           `json:"created"`
	Modified           Timestamp           `json:"modified"`
	Revoked            bool                `json:"revoked,omitempty"`
	Labels             []string            `json:"labels,omitempty"`
	Confidence         *int                `json:"confidence,omitempty"`
	Lang               string              `json:"lang,omitempty"`
	ExternalReferences []ExternalReference `json:"external_references,omitempty"`
	ObjectMarkingRefs  []string            `json:"object_marking_refs,omitempty"`

	// Custom holds custom properties (x_opencti_*, x_passivetotal_*, ...)
	// and, after unmarshalling, every property the struct does not know.
	// Keys are written in sorted order after the known properties; a key
	// that names a known property of the object is ignored when
	// marshalling (the typed field wins). Values may be any JSON-able Go
	// value; json.RawMessage is written as is (compacted).
	Custom map[string]any `json:"-"`
}

// StixID returns c.ID.
func (c *Common) StixID() string { return c.ID }

// MarkingRefs returns c.ObjectMarkingRefs: every modelled type has this
// method, so code can read an object's markings without a type switch.
func (c *Common) MarkingRefs() []string { return c.ObjectMarkingRefs }

// ObservableCommon holds the properties shared by SCOs (STIX 2.1 section
// 3.2 and 6.1); SCOs have no created/modified.
type ObservableCommon struct {
	ID                string   `json:"id"`
	ObjectMarkingRefs []string `json:"object_marking_refs,omitempty"`
	Defanged          bool     `json:"defanged,omitempty"`

	// Custom is as in [Common]. OpenCTI reads x_opencti_score,
	// x_opencti_description, x_opencti_created_by_ref and
	// x_opencti_labels from here.
	Custom map[string]any `json:"-"`
}

// StixID returns c.ID.
func (c *ObservableCommon) StixID() string { return c.ID }

// MarkingRefs returns c.ObjectMarkingRefs.
func (c *ObservableCommon) MarkingRefs() []string { return c.ObjectMarkingRefs }

// ExternalReference is a STIX external reference.
type ExternalReference struct {
	SourceName  string            `json:"source_name"`
	Description string            `json:"description,omitempty"`
	URL         string            `json:"url,omitempty"`
	Hashes      map[string]string `json:"hashes,omitempty"`
	ExternalID  string            `json:"external_id,omitempty"`
}

// KillChainPhase is a STIX kill-chain phase.
type KillChainPhase struct {
	KillChainName string `json:"kill_chain_name"`
	PhaseName     string `json:"phase_name"`
}

// Hashes maps hash algorithm names (spec spelling: "MD5", "SHA-1",
// "SHA-256", "SHA-512", ...) to hex values.
type Hashes map[string]string

// Hash algorithm names as STIX 2.1 spells them.
const (
	HashMD5    = "MD5"
	HashSHA1   = "SHA-1"
	HashSHA256 = "SHA-256"
	HashSHA512 = "SHA-512"
)
