package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/connmode"
	"github.com/ptstix/passivetotal/examples/internal/importer"
	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/opencti"
	"github.com/ptstix/passivetotal/stix"
)

// connectorDefaults is what the importer registers as unless CONNECTOR_* settings say
// otherwise: the old connector's type, and a name and scope of its own.
var connectorDefaults = opencti.Config{
	Type:  opencti.TypeExternalImport,
	Name:  "PassiveTotal articles",
	Scope: []string{"passivetotal"},
}

// runConnector runs the importer as an OpenCTI EXTERNAL_IMPORT connector: it registers,
// then every period (CONNECTOR_DURATION_PERIOD, else the interval) does one run inside a
// work, each article's bundle pushed with the work id, and the state (last article time,
// GUIDs sent) kept in the platform through pings, and in the -state file too when one
// is given. It returns the exit code.
func runConnector(ctx context.Context, c *config, im *importer.Importer, m *metrics.Metrics,
	summary *cli.Summary, quota quotaFunc, log *slog.Logger, stderr io.Writer, h hooks) int {
	conn, cfg, code := connmode.Start(ctx, c.settings, connectorDefaults, m, log, stderr, h.connector...)
	if conn == nil {
		return code
	}
	period := c.interval
	if cfg.DurationPeriod > 0 {
		period = cfg.DurationPeriod
	}
	if c.once {
		period = 0
	}
	var file cli.StateStore
	if c.state != "" {
		file = cli.FileStore{Path: c.state}
	}
	sink := &workSink{tee: im.Sink, metrics: m}
	im.Sink = sink
	im.Store = &platformStore{conn: conn, file: file}
	err := conn.Schedule(ctx, period, func(ctx context.Context, run *opencti.ImportRun) (string, error) {
		sink.setRun(run)
		res, err := im.Run(ctx)
		if quota != nil {
			quota(context.WithoutCancel(ctx), summary)
			quotaToMetrics(summary, m)
		}
		msg := fmt.Sprintf("%d article(s) sent, %d skipped, %d already sent", res.Sent, res.Skipped, res.AlreadySent)
		if im.Items != nil {
			msg += fmt.Sprintf("; %d profile(s) sent, %d unchanged, %d skipped", res.ItemsSent, res.ItemsUnchanged, res.ItemsSkipped)
		}
		return msg, err
	})
	connmode.Close(ctx, conn, log)
	summary.Print(stderr)
	switch {
	case err == nil, errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return 0
	}
	log.Error("import failed; the state goes to the platform with the final ping", "error", err)
	return cli.ExitFailure
}

// workSink sends each bundle within the current run's work, and to the -out sink too
// when one is set.
type workSink struct {
	mu      sync.Mutex
	run     *opencti.ImportRun
	tee     cli.Sink // nil without -out
	metrics *metrics.Metrics
}

func (s *workSink) setRun(r *opencti.ImportRun) {
	s.mu.Lock()
	s.run = r
	s.mu.Unlock()
}

// WriteBundle encodes b and sends it with the run's work id.
func (s *workSink) WriteBundle(ctx context.Context, kind, name string, b *stix.Bundle) error {
	s.mu.Lock()
	run := s.run
	s.mu.Unlock()
	if run == nil {
		return errors.New("connector: bundle outside a run")
	}
	data, err := b.MarshalJSON()
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, name, err)
	}
	if err := run.Send(ctx, data); err != nil {
		s.metrics.Error("send")
		return fmt.Errorf("sending %s %s to OpenCTI: %w", kind, name, err)
	}
	if s.tee != nil {
		return s.tee.WriteBundle(ctx, kind, name, b)
	}
	return nil
}

// Close closes the -out sink.
func (s *workSink) Close() error {
	if s.tee != nil {
		return s.tee.Close()
	}
	return nil
}

// platformStore keeps the importer's state as the connector state, which the platform
// saves with each ping (pycti's set_state), and in the -state file too when one is given.
// The first start of a deployment that had a state file takes the file's state.
type platformStore struct {
	conn *opencti.Connector
	file cli.StateStore // nil without -state
}

// Load returns the platform's state, or the file's when the platform has none.
func (s *platformStore) Load(ctx context.Context) (cli.State, error) {
	var st cli.State
	ok, err := s.conn.LoadState(&st)
	if err != nil {
		return cli.State{}, fmt.Errorf("connector state from OpenCTI: %w", err)
	}
	if !ok && s.file != nil {
		return s.file.Load(ctx)
	}
	return st, nil
}

// Save sets the connector state (sent with the next ping) and writes the file.
func (s *platformStore) Save(ctx context.Context, st cli.State) error {
	if err := s.conn.SaveState(st); err != nil {
		return err
	}
	if s.file != nil {
		return s.file.Save(ctx, st)
	}
	return nil
}

// quotaToMetrics copies the quota the summary learnt (cli.ReportQuota) to the metrics.
func quotaToMetrics(s *cli.Summary, m *metrics.Metrics) {
	if t := s.Totals(); t.QuotaKnown {
		m.SetQuota(t.Remaining, t.Limit)
	}
}
