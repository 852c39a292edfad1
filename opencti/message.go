package opencti

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// QueueMessage is the body of a message on the push exchange, as pycti's
// send_stix2_bundle and the platform's worker (push_handler.py) use it.
type QueueMessage struct {
	BundleType     string   `json:"bundle_type"`     // always "QUEUE_BUNDLE"
	ApplicantID    *string  `json:"applicant_id"`    // the connector user; null when unknown
	ActionSequence int      `json:"action_sequence"` // the piece's place, from 1
	EntitiesTypes  []string `json:"entities_types"`  // [] means every type
	Content        string   `json:"content"`         // base64 of the bundle JSON
	Update         bool     `json:"update"`          // the worker updates existing objects (pycti's default: false)
	DraftID        *string  `json:"draft_id"`        // the draft an enrichment was asked in
	WorkID         *string  `json:"work_id"`         // the work the piece's expectation was added to
}

// NewQueueMessage builds the message for one bundle (a piece SplitBundle cut,
// whose expectation the sender added to the work), sequence being its place
// among the pieces from 1, as pycti numbers them.
func NewQueueMessage(bundle []byte, applicantID string, to Target, sequence int, update bool) ([]byte, error) {
	if !json.Valid(bundle) {
		return nil, errors.New("bundle is not JSON")
	}
	m := QueueMessage{
		BundleType:     "QUEUE_BUNDLE",
		ApplicantID:    nonEmpty(applicantID),
		ActionSequence: sequence,
		EntitiesTypes:  []string{},
		Content:        base64.StdEncoding.EncodeToString(bundle),
		Update:         update,
		WorkID:         nonEmpty(to.WorkID),
		DraftID:        nonEmpty(to.DraftID),
	}
	return json.Marshal(m)
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// EnrichmentRequest is one message from the listen queue, decoded. Newer
// platforms (5.7+) send {"internal":{...},"event":{...}}; older ones a flat
// object with work_id, applicant_id and entity_id only, in which case
// Entity is nil and the connector must fetch the entity itself (for
// instance with the stix(id) query through API.GraphQL()).
type EnrichmentRequest struct {
	WorkID      string // the work the platform opened for the request
	ApplicantID string // empty when null (today's platforms)
	DraftID     string // the draft the request was made in; "" for none
	Mode        string // "manual" or "auto"
	Trigger     string // "create" or "update"
	EntityID    string // the entity's standard_id
	EntityType  string // OpenCTI type, e.g. "IPv4-Addr"
	// Entity is the decoded stix_entity (a STIX object), nil when absent.
	Entity *StixEntity
	// Objects is the decoded stix_objects array (only when the connector
	// registered enrichment_resolution "stix_bundle"), nil when absent.
	Objects []json.RawMessage
	// Markings are the entity's markings as the platform holds them, read
	// through the API when the request alone cannot resolve them (RunEnricher
	// with a maximum TLP); nil otherwise.
	Markings []MarkingRef
	// Playbook is true when the request came from a playbook; this runtime
	// registers playbook_compatible=false, so it should not happen.
	Playbook bool
}

type wireRequest struct {
	Internal *struct {
		WorkID      string          `json:"work_id"`
		ApplicantID *string         `json:"applicant_id"`
		DraftID     *string         `json:"draft_id"`
		Mode        string          `json:"mode"`
		Trigger     string          `json:"trigger"`
		Playbook    json.RawMessage `json:"playbook"`
	} `json:"internal"`
	Event *struct {
		EntityID    string          `json:"entity_id"`
		EntityType  string          `json:"entity_type"`
		StixEntity  json.RawMessage `json:"stix_entity"`
		StixObjects json.RawMessage `json:"stix_objects"`
	} `json:"event"`
	// Flat shape of older platforms.
	WorkID      string  `json:"work_id"`
	ApplicantID *string `json:"applicant_id"`
	EntityID    string  `json:"entity_id"`
	EntityType  string  `json:"entity_type"`
}

// DecodeEnrichmentRequest decodes a listen-queue message body. Unknown
// members are ignored; a body without a work id or an entity is an error.
func DecodeEnrichmentRequest(body []byte) (*EnrichmentRequest, error) {
	var w wireRequest
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("enrichment request: %w", err)
	}
	r := &EnrichmentRequest{WorkID: w.WorkID, EntityID: w.EntityID, EntityType: w.EntityType, ApplicantID: deref(w.ApplicantID)}
	if in := w.Internal; in != nil {
		r.WorkID, r.ApplicantID, r.DraftID = in.WorkID, deref(in.ApplicantID), deref(in.DraftID)
		r.Mode, r.Trigger = in.Mode, in.Trigger
		r.Playbook = len(in.Playbook) > 0 && string(in.Playbook) != "null"
	}
	if ev := w.Event; ev != nil {
		r.EntityID, r.EntityType = ev.EntityID, ev.EntityType
		ent, err := jsonInJSON(ev.StixEntity)
		if err != nil {
			return nil, fmt.Errorf("enrichment request: stix_entity: %w", err)
		}
		if ent != nil {
			e, err := parseStixEntity(ent)
			if err != nil {
				return nil, fmt.Errorf("enrichment request: stix_entity: %w", err)
			}
			r.Entity = e
		}
		objs, err := jsonInJSON(ev.StixObjects)
		if err != nil {
			return nil, fmt.Errorf("enrichment request: stix_objects: %w", err)
		}
		if objs != nil {
			if err := json.Unmarshal(objs, &r.Objects); err != nil {
				return nil, fmt.Errorf("enrichment request: stix_objects: %w", err)
			}
		}
	}
	if r.WorkID == "" {
		return nil, errors.New("enrichment request: no work_id")
	}
	if r.EntityID == "" && r.Entity != nil {
		r.EntityID = r.Entity.ID
	}
	if r.EntityID == "" {
		return nil, errors.New("enrichment request: no entity_id")
	}
	if r.EntityType == "" && r.Entity != nil {
		r.EntityType = r.Entity.OpenCTIType()
	}
	return r, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// jsonInJSON unwraps a member that the platform sends as a JSON string
// holding JSON. It also takes the member already decoded (an object or an
// array), and gives nil for absent, null or "".
func jsonInJSON(raw json.RawMessage) (json.RawMessage, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] != '"' {
		return raw, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	if s == "" || s == "null" {
		return nil, nil
	}
	if !json.Valid([]byte(s)) {
		return nil, errors.New("string does not hold JSON")
	}
	return json.RawMessage(s), nil
}
