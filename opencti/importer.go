package opencti

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ImportFunc is one importer run, written by the connector: fetch, map,
// send each bundle with run.Send, update the state with
// Connector.SaveState, and return a one-line summary for the work. An
// error closes the work in error; the state saved so far is kept.
type ImportFunc func(ctx context.Context, run *ImportRun) (summary string, err error)

// ImportRun is the work of one importer run.
type ImportRun struct {
	WorkID  string    // the work workAdd opened for the run
	Started time.Time // when the run began, UTC
	c       *Connector
	bundles int
	objects int
}

// Send delivers a bundle within the run's work (Connector.SendBundle); an
// empty bundle sends nothing and does not count.
func (r *ImportRun) Send(ctx context.Context, bundle []byte) error {
	n, err := r.c.SendBundle(ctx, Target{WorkID: r.WorkID}, bundle)
	if err != nil {
		return err
	}
	if n > 0 {
		r.bundles++
		r.objects += n
	}
	return nil
}

// Bundles is how many bundles Send delivered.
func (r *ImportRun) Bundles() int { return r.bundles }

// Objects is how many objects (one-object bundles) Send delivered.
func (r *ImportRun) Objects() int { return r.objects }

// Connector is the connector the run belongs to (state, API).
func (r *ImportRun) Connector() *Connector { return r.c }

// RunImport does one run: workAdd, fn, toProcessed with fn's summary (or
// its error, inError), then a ping so the state fn saved reaches the
// platform at once.
func (c *Connector) RunImport(ctx context.Context, fn ImportFunc) error {
	if c.reg == nil {
		return errors.New("opencti: RunImport before Start")
	}
	now := time.Now().UTC()
	name := fmt.Sprintf("%s run @ %s", c.cfg.Name, now.Format(time.DateTime))
	workID, err := c.api.WorkAdd(ctx, c.cfg.ID, name)
	if err != nil {
		return err
	}
	run := &ImportRun{WorkID: workID, Started: now, c: c}
	summary, runErr := fn(ctx, run)
	// Close the work even when ctx was cancelled mid-run.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if runErr != nil {
		msg := runErr.Error()
		if summary != "" {
			msg = summary + ": " + msg
		}
		err = c.api.WorkToProcessed(wctx, workID, msg, true)
	} else {
		if summary == "" {
			summary = fmt.Sprintf("%d bundle(s) sent (%d objects)", run.bundles, run.objects)
		}
		err = c.api.WorkToProcessed(wctx, workID, summary, false)
	}
	last := time.Now().UTC().Truncate(time.Second)
	c.setInfo(func(i *ConnectorInfo) { i.LastRun = &last })
	if perr := c.Ping(wctx); perr != nil {
		c.log.Warn("ping after run failed; the state goes with the next ping", "error", perr.Error())
	}
	return errors.Join(runErr, err)
}

// Schedule runs fn now and then every period until ctx is done (pycti's
// schedule_process). A failed run is logged and the schedule goes on. With
// a period of 0 or CONNECTOR_RUN_AND_TERMINATE it does one run and returns
// its error (run and terminate).
//
// Before each run it reads the size of the connector's push queue, as pycti
// does: over CONNECTOR_QUEUE_THRESHOLD the run is skipped (the platform is
// still importing what earlier runs sent) and the pings report buffering. A
// failed read does not stop the run. Each ping also reports the last and next
// run.
func (c *Connector) Schedule(ctx context.Context, period time.Duration, fn ImportFunc) error {
	once := period <= 0 || c.cfg.RunAndTerminate
	c.setInfo(func(i *ConnectorInfo) { i.RunAndTerminate = once })
	for {
		start := time.Now()
		var err error
		if c.buffering(ctx) {
			if perr := c.Ping(ctx); perr != nil && ctx.Err() == nil {
				c.log.Warn("ping failed", "error", perr.Error())
			}
		} else {
			err = c.RunImport(ctx, fn)
		}
		if once {
			return err
		}
		if err != nil && ctx.Err() == nil {
			c.log.Error("import run failed", "error", err.Error())
		}
		next := start.Add(period)
		c.setInfo(func(i *ConnectorInfo) { t := next.UTC().Truncate(time.Second); i.NextRun = &t })
		t := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// buffering reads the push queue's size and reports whether it is over the
// threshold, recording both in the connector info.
func (c *Connector) buffering(ctx context.Context) bool {
	qctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	q, err := c.api.ConnectorQueueDetails(qctx, c.cfg.ID)
	cancel()
	if err != nil {
		if ctx.Err() == nil {
			c.log.Warn("cannot read the push queue's size; running anyway", "error", err.Error())
		}
		return false
	}
	mb := q.Bytes / 1e6
	over := mb >= c.cfg.QueueThreshold
	c.setInfo(func(i *ConnectorInfo) { i.QueueMessagesSize, i.Buffering = mb, over })
	if over {
		c.log.Info("skipping this run: the push queue is over CONNECTOR_QUEUE_THRESHOLD (the platform is still importing earlier runs)",
			"queue_mb", mb, "threshold_mb", c.cfg.QueueThreshold, "messages", q.Messages)
	}
	return over
}
