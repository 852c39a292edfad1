package openctitest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	amqp091 "github.com/rabbitmq/amqp091-go"
)

// WorkerOptions set how fast a Worker imports.
type WorkerOptions struct {
	// Start, when not nil, holds the worker back until it is closed: a worker behind
	// on its backlog.
	Start <-chan struct{}
	// PerMessage is how long each message takes before the worker looks at it.
	PerMessage time.Duration
}

// Worker is the platform's worker (opencti-worker push_handler.py, 6.8.10) for one
// connector's push queue on the real broker, applying its rules to the platform's works:
// a message whose work is no longer alive is acked and dropped; a bundle of more than one
// object (and no no_split) is split into one-object bundles, the work's expectations are
// raised by their number and they go back to the same queue; a one-object bundle is
// imported and its expectation reported.
type Worker struct {
	p      *Platform
	b      *RealBroker
	id     string
	cancel context.CancelFunc
	done   chan struct{}
}

// StartWorker starts a worker on connectorID's push queue; it stops when the test ends.
func (p *Platform) StartWorker(t testing.TB, b *RealBroker, connectorID string, o WorkerOptions) *Worker {
	t.Helper()
	conn, err := amqp091.Dial(b.url)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.Qos(1, 0, false); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &Worker{p: p, b: b, id: connectorID, cancel: cancel, done: make(chan struct{})}
	t.Cleanup(func() { cancel(); <-w.done; conn.Close() })
	go func() {
		defer close(w.done)
		if o.Start != nil {
			select {
			case <-o.Start:
			case <-ctx.Done():
				return
			}
		}
		deliveries, err := ch.ConsumeWithContext(ctx, "push_"+connectorID, "", false, false, false, false, nil)
		if err != nil {
			t.Errorf("worker: consume: %v", err)
			return
		}
		for d := range deliveries {
			if o.PerMessage > 0 {
				time.Sleep(o.PerMessage)
			}
			w.handle(d.Body)
			_ = d.Ack(false)
		}
	}()
	return w
}

func (w *Worker) handle(body []byte) {
	var msg map[string]any
	if json.Unmarshal(body, &msg) != nil {
		return // nacked and dropped by the real worker
	}
	workID, _ := msg["work_id"].(string)
	if workID != "" && !w.p.workAlive(workID) {
		w.p.workEvent(workID, func(wk *Work) { wk.Dropped++ })
		return
	}
	content, _ := msg["content"].(string)
	raw, err := base64.StdEncoding.DecodeString(content)
	if err != nil {
		return
	}
	var bundle map[string]json.RawMessage
	var objects []json.RawMessage
	if json.Unmarshal(raw, &bundle) != nil || json.Unmarshal(bundle["objects"], &objects) != nil || len(objects) == 0 {
		return
	}
	if noSplit, _ := msg["no_split"].(bool); len(objects) > 1 && !noSplit {
		w.p.workEvent(workID, func(wk *Work) { wk.addExpectations(len(objects)) })
		for _, o := range objects {
			bundle["objects"], _ = json.Marshal([]json.RawMessage{o})
			piece, _ := json.Marshal(bundle)
			msg["content"] = base64.StdEncoding.EncodeToString(piece)
			next, _ := json.Marshal(msg)
			w.b.Push(w.id, next)
		}
		return
	}
	for _, o := range objects {
		var head struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(o, &head)
		w.p.workEvent(workID, func(wk *Work) { wk.reportExpectation(head.ID) })
	}
}
