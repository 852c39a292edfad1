package openctitest

import (
	"context"
	"encoding/json"
)

// Listener delivers enrichment request bodies to a connector without a broker (it
// implements opencti.Listener). Send queues a body; Listen hands them over one at a time
// until its context is done.
type Listener struct {
	ch chan []byte
}

// NewListener returns a Listener with room for n queued requests.
func NewListener(n int) *Listener { return &Listener{ch: make(chan []byte, n)} }

// Send queues one request body.
func (l *Listener) Send(body []byte) { l.ch <- body }

// Listen calls handle for each request until ctx is done.
func (l *Listener) Listen(ctx context.Context, handle func(body []byte, redelivered bool)) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case b := <-l.ch:
			handle(b, false)
		}
	}
}

// EnrichmentBody builds an enrichment request body as the platform sends it: stix_entity is
// the entity's JSON inside the JSON.
func EnrichmentBody(workID, entityType string, entity map[string]any) []byte {
	ent, _ := json.Marshal(entity)
	body, _ := json.Marshal(map[string]any{
		"internal": map[string]any{"work_id": workID, "applicant_id": nil, "draft_id": nil, "mode": "manual", "trigger": "update"},
		"event": map[string]any{"event_type": "INTERNAL_ENRICHMENT", "entity_id": entity["id"],
			"entity_type": entityType, "stix_entity": string(ent), "stix_objects": nil},
	})
	return body
}
