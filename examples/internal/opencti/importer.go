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
	WorkID  string
	Started time.Time
	c       *Connector
	bundles int
}

// Send delivers a bundle within the run's work.
func (r *ImportRun) Send(ctx context.Context, bundle []byte) error {
	if err := r.c.SendBundle(ctx, r.WorkID, bundle); err != nil {
		return err
	}
	r.bundles++
	return nil
}

// Bundles is how many bundles Send delivered.
func (r *ImportRun) Bundles() int { return r.bundles }

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
			summary = fmt.Sprintf("%d bundle(s) sent", run.bundles)
		}
		err = c.api.WorkToProcessed(wctx, workID, summary, false)
	}
	if perr := c.Ping(wctx); perr != nil {
		c.log.Warn("ping after run failed; the state goes with the next ping", "error", perr.Error())
	}
	return errors.Join(runErr, err)
}

// Schedule runs fn now and then every period until ctx is done (pycti's
// schedule_period). A failed run is logged and the schedule goes on; a
// period of 0 means one run (run and terminate).
func (c *Connector) Schedule(ctx context.Context, period time.Duration, fn ImportFunc) error {
	for {
		start := time.Now()
		err := c.RunImport(ctx, fn)
		if period <= 0 {
			return err
		}
		if err != nil && ctx.Err() == nil {
			c.log.Error("import run failed", "error", err.Error())
		}
		wait := period - time.Since(start)
		if wait < 0 {
			wait = 0
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}
