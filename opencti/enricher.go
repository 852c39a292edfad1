package opencti

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/ptstix/passivetotal/opencti/amqp"
	"github.com/ptstix/passivetotal/stix"
)

// EnrichFunc enriches one entity, written by the connector. It returns the
// bundle to send (nil or empty for "nothing found") and a one-line summary
// for the work. Return Skip(reason) to close the work as skipped rather
// than in error. New objects should point at req.EntityID, the entity's
// standard id. The runtime has already checked scope and TLP, and copies
// the entity's granted_refs onto every object of the bundle.
type EnrichFunc func(ctx context.Context, req *EnrichmentRequest) (bundle []byte, summary string, err error)

// SkipError closes a work without error, with Reason as its message.
type SkipError struct {
	Reason string // the work's closing message, after "Skipped: "
}

// Error is "skipped: " and the reason.
func (e *SkipError) Error() string { return "skipped: " + e.Reason }

// Skip returns a *SkipError.
func Skip(reason string) error { return &SkipError{Reason: reason} }

// EnricherOptions tune RunEnricher; the zero value works.
type EnricherOptions struct {
	// MaxTLP refuses entities marked above it (0: no check).
	MaxTLP stix.TLP
	// WorkPingInterval is how often a work still in progress is pinged
	// (default 5 min, as pycti).
	WorkPingInterval time.Duration
	// StopGrace bounds the request in hand once ctx is done (default 2 min):
	// after it, the handler's context is cancelled.
	StopGrace time.Duration
}

// RunEnricher consumes enrichment requests until ctx is done, then finishes
// the request in hand and returns (call Close for the final ping). Each
// request: toReceived; out of scope or over the maximum TLP, toProcessed
// with the reason; else fn, the bundle sent with the request's work id,
// toProcessed with the summary (inError on failure). A request delivered
// again after a broker failure (same work id) is not handled twice.
func (c *Connector) RunEnricher(ctx context.Context, opts EnricherOptions, fn EnrichFunc) error {
	if c.reg == nil {
		return errors.New("opencti: RunEnricher before Start")
	}
	if opts.WorkPingInterval <= 0 {
		opts.WorkPingInterval = 5 * time.Minute
	}
	if opts.StopGrace <= 0 {
		opts.StopGrace = 2 * time.Minute
	}
	l := c.listener
	if l == nil {
		ep, err := c.endpoint()
		if err != nil {
			return err
		}
		l = &amqpListener{amqp.NewConsumer(ep, c.reg.Config.Listen, c.amqpOpts)}
	}
	seen := newRecent(4096)
	// The request in hand outlives ctx by up to StopGrace.
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(opts.StopGrace, cancel) })
	defer stop()
	return l.Listen(ctx, func(body []byte, redelivered bool) {
		c.handleRequest(hctx, opts, fn, seen, body, redelivered)
	})
}

type amqpListener struct{ c *amqp.Consumer }

func (l *amqpListener) Listen(ctx context.Context, handle func([]byte, bool)) error {
	return l.c.Run(ctx, func(m amqp.Message) { handle(m.Body, m.Redelivered) })
}

func (c *Connector) handleRequest(ctx context.Context, opts EnricherOptions, fn EnrichFunc, seen *recent, body []byte, redelivered bool) {
	req, err := DecodeEnrichmentRequest(body)
	if err != nil {
		c.log.Error("dropping an enrichment request that cannot be decoded", "error", err.Error())
		if id := workIDOf(body); id != "" {
			c.retryWork(ctx, "toProcessed", func(ctx context.Context) error {
				return c.api.WorkToProcessed(ctx, id, "cannot decode the request: "+err.Error(), true)
			})
		}
		return
	}
	if !seen.add(req.WorkID) {
		c.log.Warn("request delivered again after a broker failure; already handled", "work_id", req.WorkID, "redelivered", redelivered)
		return
	}
	// Inside a draft, everything done for the request lands in the draft, as
	// pycti sets the draft on its API client while it handles one.
	ctx = WithDraftID(ctx, req.DraftID)
	log := c.log.With("work_id", req.WorkID, "entity_id", req.EntityID, "entity_type", req.EntityType)
	c.retryWork(ctx, "toReceived", func(ctx context.Context) error {
		return c.api.WorkToReceived(ctx, req.WorkID, "Connector ready to process the operation")
	})
	msg, inError := c.enrich(ctx, opts, fn, req, log)
	if inError {
		log.Error("enrichment failed", "error", msg)
	} else {
		log.Info("enrichment done", "summary", msg)
	}
	c.retryWork(ctx, "toProcessed", func(ctx context.Context) error {
		return c.api.WorkToProcessed(ctx, req.WorkID, msg, inError)
	})
}

// enrich runs the checks and fn; it returns the work's closing message.
func (c *Connector) enrich(ctx context.Context, opts EnricherOptions, fn EnrichFunc, req *EnrichmentRequest, log *slog.Logger) (msg string, inError bool) {
	if !inScope(c.cfg.Scope, req) {
		return fmt.Sprintf("Skipped: entity type %s is not in the connector's scope (%s)", displayType(req), strings.Join(c.cfg.Scope, ",")), false
	}
	if needsMarkings(req) {
		// pycti reads the entity through the API; the markings decide the
		// maximum TLP check and the floor of what the connector marks. Left
		// unresolved, they count as TLP:RED.
		m, found, err := c.api.EntityMarkings(ctx, req.EntityID)
		switch {
		case err != nil:
			log.Warn("cannot read the entity's markings; unknown markings count as TLP:RED", "error", err.Error())
		case !found:
			log.Warn("the platform does not show the entity to the connector; unknown markings count as TLP:RED")
		default:
			req.Markings = m
		}
		if req.Entity == nil && (err != nil || !found) && opts.MaxTLP != 0 {
			req.Markings = []MarkingRef{{DefinitionType: "TLP", Definition: "unknown"}}
		}
	}
	if ok, level := allowedTLP(req, opts.MaxTLP); !ok {
		return fmt.Sprintf("Skipped: entity is marked %s, above the connector's maximum %s; nothing was sent out", level.Name(), opts.MaxTLP.Name()), false
	}
	pctx, stopPing := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.pingWork(pctx, req.WorkID, opts.WorkPingInterval)
	}()
	bundle, summary, err := fn(ctx, req)
	if err == nil && len(bundle) > 0 {
		var grants []string
		if req.Entity != nil {
			grants = req.Entity.GrantedRefs
		}
		if bundle, err = CopyGrantedRefs(bundle, grants); err == nil {
			_, err = c.SendBundle(ctx, Target{WorkID: req.WorkID, DraftID: req.DraftID}, bundle)
		}
	}
	stopPing()
	wg.Wait()
	var skip *SkipError
	switch {
	case errors.As(err, &skip):
		return "Skipped: " + skip.Reason, false
	case err != nil:
		return err.Error(), true
	case summary == "" && len(bundle) == 0:
		return "No information found", false
	case summary == "":
		return "Bundle sent", false
	}
	log.Debug("bundle sent", "bytes", len(bundle))
	return summary, false
}

func displayType(req *EnrichmentRequest) string {
	if req.EntityType != "" {
		return req.EntityType
	}
	if req.Entity != nil {
		return req.Entity.Type
	}
	return "(unknown)"
}

// pingWork keeps a long work alive (pycti pings every 5 minutes).
func (c *Connector) pingWork(ctx context.Context, workID string, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := c.api.WorkPing(ctx, workID); err != nil && ctx.Err() == nil {
				c.log.Warn("work ping failed", "work_id", workID, "error", err.Error())
			}
		}
	}
}

// retryWork makes a work call up to three times: the platform restarting
// should not leave a work open forever.
func (c *Connector) retryWork(ctx context.Context, what string, call func(context.Context) error) {
	wait := time.Second
	for attempt := 1; ; attempt++ {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := call(cctx)
		cancel()
		if err == nil {
			return
		}
		if attempt == 3 || ctx.Err() != nil {
			c.log.Error("work update failed", "call", what, "error", err.Error())
			return
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
		wait *= 2
	}
}

// workIDOf digs the work id out of a body that did not decode fully.
func workIDOf(body []byte) string {
	var w struct {
		Internal struct {
			WorkID string `json:"work_id"`
		} `json:"internal"`
		WorkID string `json:"work_id"`
	}
	if json.Unmarshal(body, &w) != nil {
		return ""
	}
	if w.Internal.WorkID != "" {
		return w.Internal.WorkID
	}
	return w.WorkID
}

// recent is a bounded set of the last n work ids handled.
type recent struct {
	mu    sync.Mutex
	n     int
	order []string
	set   map[string]struct{}
}

func newRecent(n int) *recent { return &recent{n: n, set: map[string]struct{}{}} }

// add reports whether id is new, and remembers it.
func (r *recent) add(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.set[id]; dup {
		return false
	}
	r.set[id] = struct{}{}
	r.order = append(r.order, id)
	if len(r.order) > r.n {
		delete(r.set, r.order[0])
		r.order = r.order[1:]
	}
	return true
}
