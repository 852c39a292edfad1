package openctitest

import (
	"fmt"
	"slices"
)

// Work is a work as the stand-in tracks it, by the rules of OpenCTI 6.8.10 that decide
// whether pushed data is imported (platform work.js and redis.ts):
//
//   - workAdd (or the platform itself, for an enrichment) creates the work: its Redis
//     hash exists (Alive, the worker's is_work_alive), nothing expected yet.
//   - addExpectations adds to Expected; reportExpectation (the worker, once per
//     imported one-object bundle) adds one to Processed and marks the work complete
//     when Processed reaches Expected.
//   - toProcessed marks it complete when nothing is expected or Processed == Expected,
//     and in that second case deletes the Redis hash: the work is no longer alive and
//     the worker drops (acks without importing) every message of it still queued.
type Work struct {
	ID          string   // work-1, work-2, ... in creation order
	ConnectorID string   // the connector it belongs to
	Status      string   // wait, progress, complete
	Alive       bool     // the worker still imports its messages
	Expected    int      // import_expected_number
	Processed   int      // import_processed_number
	Completed   int      // completed_number, set when the work completes
	Messages    []string // toReceived and toProcessed messages, in order
	Errors      []string // toProcessed messages sent in error
	// Imported lists the ids of the objects the worker imported for the work, in order.
	Imported []string
	// Dropped counts the messages the worker acked without importing because the work
	// was gone.
	Dropped int
}

func (w *Work) received(msg string) {
	w.Status = "progress"
	if msg != "" {
		w.Messages = append(w.Messages, msg)
	}
}

func (w *Work) addExpectations(n int) {
	if w.Alive {
		w.Expected += n
	}
}

func (w *Work) processed(msg string, inError bool) {
	complete := w.Processed == w.Expected
	if w.Expected == 0 || complete {
		w.Status, w.Completed = "complete", w.Processed
	}
	if msg != "" {
		if inError {
			w.Errors = append(w.Errors, msg)
		} else {
			w.Messages = append(w.Messages, msg)
		}
	}
	if complete {
		w.Alive = false
	}
}

func (w *Work) reportExpectation(objectID string) {
	w.Processed++
	w.Imported = append(w.Imported, objectID)
	if w.Processed == w.Expected {
		w.Status, w.Completed = "complete", w.Processed
	}
}

func (p *Platform) newWorkLocked(connectorID string) *Work {
	p.nworks++
	w := &Work{ID: fmt.Sprintf("work-%d", p.nworks), ConnectorID: connectorID, Status: "wait", Alive: true}
	p.works[w.ID] = w
	return w
}

// NewWork opens a work as the platform does when it asks a connector for an
// enrichment, and returns its id.
func (p *Platform) NewWork(connectorID string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.newWorkLocked(connectorID).ID
}

// Work returns a copy of a work, and false when there is none with that id.
func (p *Platform) Work(id string) (Work, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	w, ok := p.works[id]
	if !ok {
		return Work{}, false
	}
	c := *w
	c.Messages, c.Errors, c.Imported = slices.Clone(w.Messages), slices.Clone(w.Errors), slices.Clone(w.Imported)
	return c, true
}

// WorkIDs lists the works' ids in creation order.
func (p *Platform) WorkIDs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]string, 0, len(p.works))
	for i := 1; i <= p.nworks; i++ {
		out = append(out, fmt.Sprintf("work-%d", i))
	}
	return out
}

// workAlive is the worker's is_work_alive check.
func (p *Platform) workAlive(id string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	w := p.works[id]
	return w != nil && w.Alive
}

// workEvent applies a worker-side event to a work (no-op for unknown ids).
func (p *Platform) workEvent(id string, f func(*Work)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w := p.works[id]; w != nil {
		f(w)
	}
}

// QueueDetails is what connector(id){connector_queue_details} answers.
type QueueDetails struct {
	Messages int     // messages_number
	Bytes    float64 // messages_size
}

// SetQueue sets the push queue figures the platform reports (CONNECTOR_QUEUE_THRESHOLD).
func (p *Platform) SetQueue(q QueueDetails) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queue = q
}

// Marking is a marking definition as the platform's GraphQL API shows it.
type Marking struct {
	ID         string // standard_id
	Type       string // definition_type, e.g. TLP, PAP, statement
	Definition string // e.g. TLP:AMBER
}

// SetMarkings sets the markings stixCoreObject(id) answers for an entity.
func (p *Platform) SetMarkings(entityID string, m ...Marking) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.markings == nil {
		p.markings = map[string][]Marking{}
	}
	p.markings[entityID] = m
}

// PushThrough makes stixBundlePush put its message on the connector's push queue of
// the real broker b, as the platform does, for a Worker to take.
func (p *Platform) PushThrough(b *RealBroker) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pushed = func(connectorID string, body []byte) { b.Push(connectorID, body) }
}
