package stix

// Identity is a STIX identity SDO.
type Identity struct {
	Common
	Name               string   `json:"name"`
	Description        string   `json:"description,omitempty"`
	Roles              []string `json:"roles,omitempty"`
	IdentityClass      string   `json:"identity_class,omitempty"`
	Sectors            []string `json:"sectors,omitempty"`
	ContactInformation string   `json:"contact_information,omitempty"`
}

// Report is a STIX report SDO.
type Report struct {
	Common
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	ReportTypes []string  `json:"report_types,omitempty"`
	Published   Timestamp `json:"published"`
	ObjectRefs  []string  `json:"object_refs"`
}

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

// Relationship is a STIX relationship SRO.
type Relationship struct {
	Common
	RelationshipType string    `json:"relationship_type"`
	Description      string    `json:"description,omitempty"`
	SourceRef        string    `json:"source_ref"`
	TargetRef        string    `json:"target_ref"`
	StartTime        Timestamp `json:"start_time,omitzero"`
	StopTime         Timestamp `json:"stop_time,omitzero"`

	// XPassiveTotalSources is the PassiveTotal source[] list of a record.
	XPassiveTotalSources []string `json:"x_passivetotal_sources,omitempty"`
	// XPassiveTotalRecordHash is the PassiveTotal recordHash of a record.
	XPassiveTotalRecordHash string `json:"x_passivetotal_record_hash,omitempty"`
}

// Note is a STIX note SDO.
type Note struct {
	Common
	Abstract   string   `json:"abstract,omitempty"`
	Content    string   `json:"content"`
	Authors    []string `json:"authors,omitempty"`
	ObjectRefs []string `json:"object_refs"`
}

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

// Vulnerability is a STIX vulnerability SDO.
type Vulnerability struct {
	Common
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// MarkingDefinition is a STIX marking-definition. It has no modified
// property in STIX 2.1, so it does not embed [Common].
type MarkingDefinition struct {
	ID                 string              `json:"id"`
	CreatedByRef       string              `json:"created_by_ref,omitempty"`
	Created            Timestamp           `json:"created"`
	ExternalReferences []ExternalReference `json:"external_references,omitempty"`
	ObjectMarkingRefs  []string            `json:"object_marking_refs,omitempty"`
	Name               string              `json:"name,omitempty"`
	DefinitionType     string              `json:"definition_type"`
	// Definition is the definition object, e.g. {"tlp": "white"} or
	// {"statement": "..."}.
	Definition map[string]string `json:"definition"`

	// Custom is as in [Common] (OpenCTI's x_opencti_definition_type,
	// x_opencti_definition, x_opencti_order, x_opencti_color live here).
	Custom map[string]any `json:"-"`
}

// StixID returns m.ID.
func (m *MarkingDefinition) StixID() string { return m.ID }

// MarkingRefs returns m.ObjectMarkingRefs.
func (m *MarkingDefinition) MarkingRefs() []string { return m.ObjectMarkingRefs }

// Type names, as written in the type property.
const (
	TypeIdentity          = "identity"
	TypeReport            = "report"
	TypeIndicator         = "indicator"
	TypeRelationship      = "relationship"
	TypeNote              = "note"
	TypeAttackPattern     = "attack-pattern"
	TypeVulnerability     = "vulnerability"
	TypeMarkingDefinition = "marking-definition"
	TypeMalware           = "malware"
	TypeTool              = "tool"
	TypeIntrusionSet      = "intrusion-set"
	TypeLocation          = "location"
	TypeDomainName        = "domain-name"
	TypeIPv4Addr          = "ipv4-addr"
	TypeIPv6Addr          = "ipv6-addr"
	TypeEmailAddr         = "email-addr"
	TypeURL               = "url"
	TypeFile              = "file"
	TypeDirectory         = "directory"
	TypeX509Certificate   = "x509-certificate"
	TypeMutex             = "mutex"
	TypeAutonomousSystem  = "autonomous-system"
	TypeBundle            = "bundle"
)

// Type returns "identity".
func (*Identity) Type() string { return TypeIdentity }

// Type returns "report".
func (*Report) Type() string { return TypeReport }

// Type returns "indicator".
func (*Indicator) Type() string { return TypeIndicator }

// Type returns "relationship".
func (*Relationship) Type() string { return TypeRelationship }

// Type returns "note".
func (*Note) Type() string { return TypeNote }

// Type returns "attack-pattern".
func (*AttackPattern) Type() string { return TypeAttackPattern }

// Type returns "vulnerability".
func (*Vulnerability) Type() string { return TypeVulnerability }

// Type returns "marking-definition".
func (*MarkingDefinition) Type() string { return TypeMarkingDefinition }
