// Package importer is the articles importer behind examples/import: it reads every
// article since the saved state (from the API or from saved response bodies), maps each
// one to a bundle, hands the bundle to a sink and records what was delivered, so a run
// stopped at any point resumes without losing or repeating an article.
//
// The command-line program and the OpenCTI connector mode share it: they differ only in
// the Source, the Sink and the StateStore they plug in.
package importer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/stix"
)

// Source yields the articles created on or after since (a UTC midnight; zero means
// everything), oldest first when the source can sort. An error ends the sequence.
type Source func(ctx context.Context, since time.Time) iter.Seq2[passivetotal.Article, error]

// Mapped is one article turned into STIX: its bundle's objects and what was left out.
type Mapped struct {
	Bundles []Output // normally one; empty when the article gave nothing
	// Keyed are bundles sent only when their content differs from the last
	// one sent under the same key (a vulnerability several articles name).
	Keyed []KeyedBundle
	Skips []mapping.Skip
}

// KeyedBundle is a bundle the state remembers by key and content hash: it
// is sent again only when its content changed.
type KeyedBundle struct {
	Key string // "profile:<id>", "vulnerability:<cve>"
	Output
}

// Output is one complete bundle to deliver, with the kind and name the sink names its
// output from (see cli.Sink).
type Output struct {
	Kind, Name string
	Bundle     *stix.Bundle
	// json is Bundle's JSON when mapAhead encoded it on a worker, so that a
	// streaming sink only writes it; nil: the sink encodes the bundle.
	json []byte
}

// Item is one unit of Importer.Items: a profile and its indicators.
type Item struct {
	Name   string // for logs and events, e.g. "profile sim-actor-tempest"
	Mapped Mapped
	// Err says the item could not be converted: it is skipped, the run goes on.
	Err error
}

// MapFunc turns one article into bundles. An error means the whole article could not be
// converted: it is logged and skipped, never the end of the run.
type MapFunc func(a passivetotal.Article) (Mapped, error)

// Importer runs imports. Source, Map, Sink and Store are required.
type Importer struct {
	Source   Source
	Map      MapFunc
	Sink     cli.Sink
	Store    cli.StateStore
	Observer cli.Observer // may be nil
	Logger   *slog.Logger // may be nil
	// Since is where the very first run starts when the state is empty (the old
	// RISKIQ_IMPORT_FROM_TIMESTAMP); zero imports everything.
	Since time.Time
	// Now is the clock (time.Now when nil); tests fix it.
	Now func() time.Time
	// Items, when set, yields units imported at the start of every run,
	// before the articles (the intelligence profiles): each one's keyed
	// bundles are sent when they changed since the last run. An error ends
	// the run, as a source error does.
	Items func(ctx context.Context) iter.Seq2[Item, error]
}

// Counts counts one run. Items* count Importer.Items: sent (at least one
// bundle new or changed), unchanged, or skipped.
type Counts struct {
	Sent, Skipped, AlreadySent              int
	ItemsSent, ItemsUnchanged, ItemsSkipped int
}

func (im *Importer) now() time.Time {
	if im.Now != nil {
		return im.Now().UTC()
	}
	return time.Now().UTC()
}

func (im *Importer) log() *slog.Logger {
	if im.Logger != nil {
		return im.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (im *Importer) emit(e cli.Event) {
	if im.Observer != nil {
		im.Observer.Observe(e)
	}
}

// windowStart is where a run asks from: the day before the cursor's day, at midnight
// UTC. createdAfter is a date and its bound (inclusive or not) is not documented, so
// the run asks one day early and the GUIDs kept for that window drop what was sent.
func windowStart(cursor time.Time) time.Time {
	if cursor.IsZero() {
		return time.Time{}
	}
	d := cursor.UTC().Truncate(24 * time.Hour)
	return d.AddDate(0, 0, -1)
}

// key identifies an article for deduplication: its GUID, or for the rare article
// without one, its title and creation time as sent.
func key(a *passivetotal.Article) string {
	if a.GUID != "" {
		return a.GUID
	}
	return "\x00" + a.Title + "\x00" + a.CreatedDate.Raw
}

// tracker is the in-memory state of a run: the cursor and the keys handled in the
// current window, with each key's created time for pruning.
type tracker struct {
	cursor  time.Time
	sent    map[string]time.Time // key -> created (zero: unknown, kept)
	lastRun time.Time
	bundles map[string]string // keyed bundle -> content hash
}

func newTracker(s cli.State) *tracker {
	t := &tracker{cursor: s.Since(), sent: map[string]time.Time{}, lastRun: s.LastRunTime, bundles: maps.Clone(s.SentBundles)}
	if t.bundles == nil {
		t.bundles = map[string]string{}
	}
	w := windowStart(t.cursor)
	for _, g := range s.SentGUIDs {
		t.sent[g] = w // loaded keys belong to the window they were saved in
	}
	return t
}

func (t *tracker) record(k string, created time.Time) {
	t.sent[k] = created
	if created.After(t.cursor) {
		t.cursor = created
	}
}

// state prunes keys older than the window and returns the document to save.
func (t *tracker) state() cli.State {
	w := windowStart(t.cursor)
	for k, c := range t.sent {
		if !c.IsZero() && c.Before(w) {
			delete(t.sent, k)
		}
	}
	keys := slices.Sorted(maps.Keys(t.sent))
	st := cli.State{LastArticleTime: t.cursor, SentGUIDs: keys, LastRunTime: t.lastRun}
	if len(t.bundles) > 0 {
		st.SentBundles = maps.Clone(t.bundles)
	}
	return st
}

// Run imports once: every article since the saved state, one bundle each, and the
// state saved as articles are delivered and at the end (also when nothing was new).
// Articles are mapped a few ahead of their delivery, on every core; to a
// cli.ConcurrentSink (a directory) several are written at once; delivery is committed
// and the state follows in the source's order, and the state never names a bundle that
// is not delivered and durable. A cancelled context stops it between two articles with
// the state saved; the error is then ctx.Err(). A source error (an API failure, a quota
// refusal, a bad file) or a failed delivery ends the run with that error, the state
// saved up to the last delivered article.
func (im *Importer) Run(ctx context.Context) (res Counts, err error) {
	lg := im.log()
	st, err := im.Store.Load(ctx)
	if err != nil {
		return res, err
	}
	tr := newTracker(st)
	if tr.cursor.IsZero() && !im.Since.IsZero() {
		tr.cursor = im.Since.UTC()
	}
	since := windowStart(tr.cursor)
	im.emit(cli.Event{Kind: cli.RunStarted})
	lg.Info("import run starting", "since", timeOrAll(since), "known_articles", len(tr.sent))
	w := im.newWindow(ctx, tr.state())
	defer func() {
		// A failed delivery comes before anything the run met after it.
		if werr := w.close(); werr != nil {
			err = werr
		}
		final := w.saved
		final.LastRunTime = im.now()
		// The store must be written even after a cancellation: that is when it matters.
		if serr := im.Store.Save(context.WithoutCancel(ctx), final); serr != nil && err == nil {
			err = fmt.Errorf("save state: %w", serr)
		}
		im.emit(cli.Event{Kind: cli.RunFinished, Err: err})
		attrs := []any{"sent", res.Sent, "skipped", res.Skipped, "already_sent", res.AlreadySent, "cursor", timeOrAll(w.saved.LastArticleTime), "error", err}
		if im.Items != nil {
			attrs = append(attrs, "items_sent", res.ItemsSent, "items_unchanged", res.ItemsUnchanged, "items_skipped", res.ItemsSkipped)
		}
		lg.Info("import run finished", attrs...)
	}()

	if im.Items != nil {
		if err := im.runItems(ctx, tr, &res, w); err != nil {
			return res, err
		}
	}
	known := make(map[string]bool, len(tr.sent))
	for k := range tr.sent {
		known[k] = true
	}
	for it := range mapAhead(im.Source(ctx, since), known, im.Map) {
		if ferr := it.srcErr; ferr != nil {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			return res, ferr
		}
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		if err := im.queueArticle(w, tr, since, it, &res); err != nil {
			return res, err
		}
	}
	return res, nil
}

// queueArticle queues one article of the source in w: one already sent or older than
// the saved window is counted, one that maps to nothing is recorded as skipped, any
// other is delivered and recorded, each once every article before it has been.
func (im *Importer) queueArticle(w *window, tr *tracker, since time.Time, it *mapped, res *Counts) error {
	lg := im.log()
	a := it.a
	k := key(&a)
	created := a.CreatedDate.Time
	if !a.CreatedDate.Valid() {
		created = time.Time{}
	}
	if _, ok := tr.sent[k]; ok {
		lg.Debug("article already sent", "guid", a.GUID)
		return w.add(&slot{commit: func() { res.AlreadySent++ }})
	}
	if !created.IsZero() && !since.IsZero() && created.Before(since) {
		// The server ignored createdAfter: this one is older than the saved window.
		lg.Debug("article before the saved cursor", "guid", a.GUID, "created", created)
		return w.add(&slot{commit: func() { res.AlreadySent++ }})
	}
	m, merr := it.m, it.mapErr
	if it.skip { // known at the start, since pruned from the window
		m, merr = im.Map(a)
	}
	if merr == nil && len(m.Bundles) == 0 {
		merr = errors.New("no STIX objects")
	}
	if merr != nil {
		tr.record(k, created)
		st := tr.state()
		return w.add(&slot{state: &st, commit: func() {
			res.Skipped++
			lg.Warn("article skipped", "guid", a.GUID, "title", a.Title, "reason", merr)
			im.emit(cli.Event{Kind: cli.ItemSkipped, Item: a.GUID, Reason: shortReason(merr), Err: merr})
		}})
	}
	name := "article " + a.GUID
	outs, keyed, err := im.outputs(tr, name, m)
	if err != nil {
		return err
	}
	tr.record(k, created)
	st := tr.state()
	return w.add(&slot{name: name, item: a.GUID, outs: outs, keyed: keyed, state: &st, commit: func() {
		im.skipped(a.GUID, m.Skips)
		res.Sent++
		im.emit(cli.Event{Kind: cli.ItemDone, Item: a.GUID})
	}})
}

// shortReason keeps the first line of an error as a skip reason (summaries and metrics
// group by it).
func shortReason(err error) string {
	s := err.Error()
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}

func timeOrAll(t time.Time) any {
	if t.IsZero() {
		return "beginning"
	}
	return t.Format(time.RFC3339Nano)
}

// Loop runs the import every interval until ctx is done, as the old connector's
// scheduler did (its RISKIQ_INTERVAL_SEC), with the wait measured from the start of a
// run. A failed run is logged and retried at the next tick, except for errors that
// waiting cannot fix (bad credentials, a key without the permission), which end the
// loop. It returns nil when ctx is cancelled.
func (im *Importer) Loop(ctx context.Context, interval time.Duration) error {
	lg := im.log()
	for {
		start := im.now()
		_, err := im.Run(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			if errors.Is(err, passivetotal.ErrUnauthorized) || errors.Is(err, passivetotal.ErrNotPermitted) {
				return err
			}
			im.emit(cli.Event{Kind: cli.Error, Err: err})
			lg.Error("import run failed; retrying at the next interval", "error", err)
		}
		wait := cmp.Or(max(interval-im.now().Sub(start), 0), time.Millisecond)
		lg.Info("next import run", "in", wait.Round(time.Second).String())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}
