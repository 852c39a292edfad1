package opencti

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
)

// OpenCTI's STIX extension for SDOs and relationships; pycti puts
// granted_refs there on every object it sends.
const (
	extOpenCTI    = "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba"
	extOpenCTISCO = "extension-definition--f93e2c80-4231-4f9a-af8b-95c9bd566a82"
)

// StixEntity is the entity an enrichment request is about: the part of its
// stix_entity (a STIX object, sent as a JSON string) the runtime reads. Raw
// keeps the whole object for the connector.
type StixEntity struct {
	ID                string   // standard_id: the end to point new relationships at
	Type              string   // STIX type, e.g. "ipv4-addr"
	Value             string   // SCO value, when the type has one
	ObjectMarkingRefs []string // marking-definition ids
	GrantedRefs       []string // organisations the entity is shared with
	// ObjectMarking is the platform's GraphQL shape of the markings, present
	// when a connector filled it from an entity query.
	ObjectMarking []MarkingRef
	Raw           json.RawMessage // the whole stix_entity

	openctiType string
}

// MarkingRef is one entry of OpenCTI's objectMarking.
type MarkingRef struct {
	ID             string `json:"standard_id"`     // the marking-definition id
	DefinitionType string `json:"definition_type"` // TLP, PAP, statement, ...
	Definition     string `json:"definition"`      // e.g. TLP:AMBER
}

type extBlock struct {
	Type        string   `json:"type"`
	GrantedRefs []string `json:"granted_refs"`
}

// parseStixEntity decodes the stix_entity of a request.
func parseStixEntity(raw json.RawMessage) (*StixEntity, error) {
	var w struct {
		ID                string              `json:"id"`
		Type              string              `json:"type"`
		Value             string              `json:"value"`
		ObjectMarkingRefs []string            `json:"object_marking_refs"`
		GrantedRefs       []string            `json:"x_opencti_granted_refs"`
		ObjectMarking     []MarkingRef        `json:"objectMarking"`
		Extensions        map[string]extBlock `json:"extensions"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, err
	}
	if w.ID == "" || w.Type == "" {
		return nil, errors.New("object without id or type")
	}
	e := &StixEntity{ID: w.ID, Type: w.Type, Value: w.Value, ObjectMarkingRefs: w.ObjectMarkingRefs,
		GrantedRefs: w.GrantedRefs, ObjectMarking: w.ObjectMarking, Raw: raw}
	for _, id := range []string{extOpenCTI, extOpenCTISCO} {
		x, ok := w.Extensions[id]
		if !ok {
			continue
		}
		if e.openctiType == "" {
			e.openctiType = x.Type
		}
		for _, g := range x.GrantedRefs {
			if !slices.Contains(e.GrantedRefs, g) {
				e.GrantedRefs = append(e.GrantedRefs, g)
			}
		}
	}
	return e, nil
}

// OpenCTIType is the platform's entity type ("IPv4-Addr"), from the
// OpenCTI extension when present, else derived from the STIX type.
func (e *StixEntity) OpenCTIType() string {
	if e.openctiType != "" {
		return e.openctiType
	}
	if t, ok := stixToOpenCTI[e.Type]; ok {
		return t
	}
	return e.Type
}

var stixToOpenCTI = map[string]string{
	"ipv4-addr": "IPv4-Addr", "ipv6-addr": "IPv6-Addr", "domain-name": "Domain-Name",
	"url": "Url", "email-addr": "Email-Addr", "file": "StixFile", "x509-certificate": "X509-Certificate",
	"autonomous-system": "Autonomous-System", "indicator": "Indicator", "mac-addr": "Mac-Addr",
	"hostname": "Hostname",
}

// inScope reports whether the request's entity is one of the scope's types.
// It compares case-insensitively against both the OpenCTI type
// ("IPv4-Addr") and the STIX type ("ipv4-addr"), because deployments of the
// old connectors wrote either.
func inScope(scope []string, req *EnrichmentRequest) bool {
	cands := []string{req.EntityType}
	if req.Entity != nil {
		cands = append(cands, req.Entity.Type, req.Entity.OpenCTIType())
	}
	for _, s := range scope {
		for _, c := range cands {
			if c != "" && strings.EqualFold(strings.TrimSpace(s), c) {
				return true
			}
		}
	}
	return false
}
