// Package enricher is the enricher behind examples/enrich: for each entity (a domain or
// an IP address) it asks a backend (PassiveTotal or Microsoft Graph) for the passive DNS
// records of a recent window and any other datasets chosen (WHOIS, certificates, host
// attributes, ...), or reads saved answers, maps them to STIX objects, and hands one
// bundle per entity to a sink.
//
// The command-line program and the OpenCTI connector mode share it: the connector calls
// Enrich for each request it receives.
package enricher

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/backend"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/stix"
)

// Enricher enriches entities. Backend is needed for Enrich and Run; Sink for Run and
// ConvertFiles.
type Enricher struct {
	// Backend answers the lookups: PassiveTotal's or Microsoft Graph's.
	Backend backend.Backend
	// Window is how far back records are asked for (last seen after now - Window); zero
	// asks for all history.
	Window time.Duration
	// MaxTLP refuses entities marked above it; zero means no check (the old connector's
	// default).
	MaxTLP  stix.TLP
	Options mapping.PassiveDNSOptions
	// Datasets are asked about each entity, in order (nil: DefaultDatasets, passive
	// DNS alone). Each spends its own searches; one that fails is a skip for that
	// dataset, and the entity fails only when every dataset did.
	Datasets []backend.DatasetName
	Sink     cli.Sink
	// Observer hears about every entity, bundle and skip; may be nil.
	Observer cli.Observer
	Logger   *slog.Logger
	// Now is the clock for the window (time.Now when nil).
	Now func() time.Time
}

func (en *Enricher) log() *slog.Logger {
	if en.Logger != nil {
		return en.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (en *Enricher) emit(e cli.Event) {
	if en.Observer != nil {
		en.Observer.Observe(e)
	}
}

func (en *Enricher) now() time.Time {
	if en.Now != nil {
		return en.Now()
	}
	return time.Now()
}

// ErrAboveMaxTLP is returned by Enrich for an entity marked above MaxTLP: it is not sent
// to the API.
var ErrAboveMaxTLP = errors.New("entity marked above the maximum TLP")

// Allowed reports whether e may be enriched under MaxTLP, and why not.
func (en *Enricher) Allowed(e mapping.Entity) (bool, string) {
	if t := e.TLP(); en.MaxTLP.Valid() && t.Valid() && t.Rank() > en.MaxTLP.Rank() {
		return false, fmt.Sprintf("marked %s, above the maximum %s", t, en.MaxTLP)
	}
	return true, ""
}

// options returns the mapping options with skips reported as events (so a stream of
// unusable records does not grow memory).
func (en *Enricher) options(item string) mapping.PassiveDNSOptions {
	o := en.Options
	o.OnSkip = func(s mapping.Skip) {
		en.log().Debug("record skipped", "entity", item, "item", s.Item, "reason", s.Reason)
		en.emit(cli.Event{Kind: cli.ObjectSkipped, Item: s.Item, Reason: s.Reason})
	}
	return o
}

// Enrich asks the API about e and returns its bundle. The quota guard of the client, if
// on, may refuse with an error matching passivetotal.ErrQuotaExceeded. With several
// datasets, a dataset that fails (not found, quota, ...) is reported as a skip and the
// others make the bundle; the error is the first dataset's when every one failed.
func (en *Enricher) Enrich(ctx context.Context, e mapping.Entity) (*stix.Bundle, error) {
	if ok, why := en.Allowed(e); !ok {
		return nil, fmt.Errorf("%w: %s", ErrAboveMaxTLP, why)
	}
	datasets := en.Datasets
	if en.passiveDNSOnly() {
		r, err := en.passiveDNS(ctx, e)
		if err != nil {
			return nil, err
		}
		return en.bundle(e, r)
	}
	var results []*mapping.Result
	var firstErr error
	for _, d := range datasets {
		if !d.AppliesTo(e.Type) {
			en.log().Debug("dataset does not apply to the entity", "entity", e.String(), "dataset", d)
			continue
		}
		var r *mapping.Result
		var err error
		if d == backend.DatasetPDNS {
			r, err = en.passiveDNS(ctx, e)
		} else {
			r, err = en.Backend.Dataset(ctx, d, e, en.since(), en.hostOptions(e))
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			if firstErr == nil {
				firstErr = fmt.Errorf("%s: %w", d, err)
			}
			en.log().Warn("dataset skipped", "entity", e.String(), "dataset", d, "error", err)
			en.emit(cli.Event{Kind: cli.ObjectSkipped, Item: e.String() + " " + string(d), Reason: "dataset " + string(d) + ": " + FailureReason(err)})
			continue
		}
		results = append(results, r)
	}
	if len(results) == 0 {
		if firstErr == nil {
			firstErr = fmt.Errorf("none of the datasets %s applies to %s", backend.JoinDatasets(datasets), e.Type)
		}
		return nil, firstErr
	}
	return en.bundle(e, mapping.Merge(results...))
}

// passiveDNSOnly reports whether passive DNS is the only dataset asked
// for: its answer alone can be streamed to a sink.
func (en *Enricher) passiveDNSOnly() bool {
	return len(en.Datasets) == 0 || slices.Equal(en.Datasets, backend.DefaultDatasets)
}

// passiveDNS asks for the passive DNS of the window and maps it.
func (en *Enricher) passiveDNS(ctx context.Context, e mapping.Entity) (*mapping.Result, error) {
	records, err := en.Backend.PassiveDNS(ctx, e.Value, en.since())
	if err != nil {
		return nil, err
	}
	return mapping.PassiveDNSRecords(e, records, en.options(e.String()))
}

// since is the start of the window: records and rows last seen after it are asked
// for; zero asks for all history.
func (en *Enricher) since() time.Time {
	if en.Window > 0 {
		return en.now().UTC().Add(-en.Window)
	}
	return time.Time{}
}

// hostOptions are the dataset mappers' options: the passive DNS ones (author, policy,
// marking, cap) with skips reported as events and the lookup time as the observation.
func (en *Enricher) hostOptions(e mapping.Entity) mapping.HostOptions {
	o := en.options(e.String()).HostOptions()
	o.Observed = en.now().UTC().Truncate(time.Second)
	return o
}

// bundle builds a mapping result's bundle, checked (no dangling reference), for the
// sink.
func (en *Enricher) bundle(e mapping.Entity, r *mapping.Result) (*stix.Bundle, error) {
	if r.Cut > 0 {
		en.log().Info("record cap reached; older records left out", "entity", e.String(), "cut", r.Cut)
	}
	return r.Bundle()
}

// OutputError is a bundle the sink could not take (a full disk, a closed stdout, a
// refused push): the input was read and mapped, the output failed.
type OutputError struct {
	Entity string
	Err    error
}

func (e *OutputError) Error() string { return "output of " + e.Entity + ": " + e.Err.Error() }
func (e *OutputError) Unwrap() error { return e.Err }

// deliver writes one bundle and reports it.
func (en *Enricher) deliver(ctx context.Context, e mapping.Entity, b *stix.Bundle) error {
	if err := en.Sink.WriteBundle(ctx, e.Type, e.Value, b); err != nil {
		if ctx.Err() != nil {
			return err
		}
		return &OutputError{Entity: e.String(), Err: err}
	}
	en.emit(cli.Event{Kind: cli.BundleWritten, Item: e.String(), Objects: cli.CountByType(b)})
	en.emit(cli.Event{Kind: cli.ItemDone, Item: e.String()})
	return nil
}

// Run enriches every entity of the list with up to concurrency lookups at a time, one
// bundle each. An unusable line, an entity above the maximum TLP, or a failed lookup is
// a logged skip and the run goes on; an exhausted quota, bad credentials or an output
// that fails (no later lookup can succeed or be delivered) stop it, as does a cancelled
// ctx. The error says why it stopped.
func (en *Enricher) Run(ctx context.Context, list iter.Seq2[Line, error], concurrency int) error {
	concurrency = max(concurrency, 1)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	en.emit(cli.Event{Kind: cli.RunStarted})

	work := make(chan mapping.Entity)
	var wg sync.WaitGroup
	var failed, aborted atomic.Int64
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range work {
				err := en.one(ctx, e)
				switch {
				case err == nil:
				case ctx.Err() != nil:
					aborted.Add(1)
				case errors.Is(err, passivetotal.ErrQuotaExceeded), errors.Is(err, passivetotal.ErrUnauthorized), errors.Is(err, passivetotal.ErrNotPermitted),
					errors.As(err, new(*OutputError)): // no later lookup could be delivered
					cancel(err)
				default:
					failed.Add(1)
				}
			}
		}()
	}
	var listErr error
	more := false
feed:
	for line, err := range list {
		if err != nil {
			listErr = err
			break
		}
		if line.Err != nil {
			en.log().Warn("entity skipped", "line", line.N, "text", line.Text, "reason", line.Err)
			en.emit(cli.Event{Kind: cli.ItemSkipped, Item: line.Text, Reason: "not a domain or IP entity", Err: line.Err})
			continue
		}
		select {
		case work <- line.Entity:
		case <-ctx.Done():
			more = true
			break feed
		}
	}
	close(work)
	wg.Wait()

	err := context.Cause(ctx)
	switch {
	case listErr != nil:
		err = listErr
	case err != nil:
		n := aborted.Load()
		if more {
			n++
		}
		err = fmt.Errorf("%w (stopped: %d entities in hand not enriched, the rest of the list not read)", err, n)
	case failed.Load() > 0:
		err = fmt.Errorf("%d entities failed (see the log)", failed.Load())
	}
	en.emit(cli.Event{Kind: cli.RunFinished, Err: err})
	return err
}

// one enriches and delivers one entity, reporting a skip for what is not fatal.
func (en *Enricher) one(ctx context.Context, e mapping.Entity) error {
	lg := en.log().With("entity", e.String())
	if ok, why := en.Allowed(e); !ok {
		lg.Warn("entity skipped", "reason", why)
		en.emit(cli.Event{Kind: cli.ItemSkipped, Item: e.String(), Reason: "above the maximum TLP"})
		return nil
	}
	var objects int
	var err error
	if sink, ok := en.streamingSink(); ok && en.passiveDNSOnly() {
		objects, err = en.enrichStream(ctx, sink, e)
	} else {
		var b *stix.Bundle
		if b, err = en.Enrich(ctx, e); err == nil {
			err = en.deliver(ctx, e, b)
			objects = len(b.Objects)
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		lg.Error("enrichment failed", "error", err)
		en.emit(cli.Event{Kind: cli.ItemSkipped, Item: e.String(), Reason: FailureReason(err), Err: err})
		return err
	}
	lg.Info("entity enriched", "objects", objects)
	return nil
}

// FailureReason groups failures into the reasons of the summary and of the skip
// metrics (the details are in the log): an output that failed, or the backend's reason
// (backend.ErrorReason). The connector mode uses it too, so both runs count the same
// reasons.
func FailureReason(err error) string {
	if errors.As(err, new(*OutputError)) {
		return "output not written"
	}
	return backend.ErrorReason(err)
}
