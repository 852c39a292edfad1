package importer

import (
	"context"
	"fmt"
	"maps"
	"sync/atomic"

	"github.com/ptstix/passivetotal/examples/internal/cli"
)

// slot is one unit of a run (an article, an item, or one left out) on its way through
// the delivery window: its bundles are written while later slots are being written, and
// it counts as delivered only once every slot before it has.
type slot struct {
	name, item string   // for errors ("article <guid>") and events (the GUID)
	outs       []Output // the bundles to write, in order
	// keyed are the keys and hashes of the keyed bundles among outs, which come first.
	keyed []keyedHash
	// state is the document that records this slot (nil: it changes nothing), taken
	// when the slot was queued: the tracker runs ahead of what is delivered.
	state *cli.State
	// commit counts the slot, logs it and emits its events once it is delivered.
	commit func()

	done    chan struct{} // closed when the writes ended
	written int           // bundles written, set before done is closed
	err     error         // the write error, set before done is closed
}

// window delivers slots with up to size of them in flight and commits them in source
// order: the state is saved as the delivered prefix grows (once per size slots, and
// when the run ends), after the sink's Sync when it is a ConcurrentSink, so it never
// names a bundle that is not durable. A sink that is not concurrent gets a window of
// one: each slot is written, then committed and the state saved, before the next is
// queued.
//
// Only the run's goroutine calls its methods; the writes run on goroutines of their
// own, at most size of them.
type window struct {
	im   *Importer
	ctx  context.Context
	size int
	sync func() error // nil: the sink is not concurrent

	queue []*slot          // queued, not yet committed, in source order
	busy  map[string]*slot // output (kind, name) -> the last queued slot writing it
	// failed is set by a write that failed: no slot is queued after it.
	failed atomic.Bool
	// saved is the state of the delivered prefix, synced.
	saved cli.State
	// unsaved is the state of the delivered prefix when it is not saved yet, pending
	// the number of slots it records that are not.
	unsaved *cli.State
	pending int
	// err is the first failure in source order: nothing after it is committed.
	err error
}

func (im *Importer) newWindow(ctx context.Context, st cli.State) *window {
	w := &window{im: im, ctx: ctx, size: 1, busy: map[string]*slot{}, saved: st}
	if cs, ok := im.Sink.(cli.ConcurrentSink); ok {
		w.size, w.sync = max(cs.Concurrency(), 1), cs.Sync
	}
	return w
}

func outputKey(o *Output) string { return o.Kind + "\x00" + o.Name }

// add queues s and starts its writes, then commits what is delivered, waiting while the
// window is full. An error (a write or a save of the state failed) ends the run: add
// has then waited for every write in flight and committed the prefix before the failure.
func (w *window) add(s *slot) error {
	if w.err != nil {
		return w.err
	}
	if w.failed.Load() {
		w.settle(true)
		return w.err
	}
	s.done = make(chan struct{})
	for i := range s.outs {
		// The same output twice (a keyed bundle that changed): the later content lands
		// last, as written one at a time.
		if b := w.busy[outputKey(&s.outs[i])]; b != nil {
			<-b.done
		}
	}
	if w.failed.Load() {
		w.settle(true)
		return w.err
	}
	for i := range s.outs {
		w.busy[outputKey(&s.outs[i])] = s
	}
	w.queue = append(w.queue, s)
	if len(s.outs) == 0 {
		close(s.done)
	} else {
		go w.write(s)
	}
	w.settle(false)
	return w.err
}

// write writes the bundles of s, in order, stopping at the first error.
func (w *window) write(s *slot) {
	defer close(s.done)
	for _, o := range s.outs {
		if err := w.im.write(w.ctx, s.name, o); err != nil {
			s.err = err
			w.failed.Store(true)
			return
		}
		s.written++
	}
}

// settle commits the delivered slots at the head of the queue, waiting for the head
// while the window is full, or for every slot with all. It saves the state of the
// prefix once a window's worth of slots is committed and unsaved, or when it waited for
// all: each save costs a sync of the sink, which would otherwise be paid for about every
// slot, on the path that queues the next. After a failure it waits for every write
// still in flight (their slots are never committed).
func (w *window) settle(all bool) {
	for len(w.queue) > 0 && w.err == nil {
		s := w.queue[0]
		if all || len(w.queue) >= w.size || w.failed.Load() {
			<-s.done
		} else if !isClosed(s.done) {
			break
		}
		w.queue = w.queue[1:]
		for i := range s.outs {
			if k := outputKey(&s.outs[i]); w.busy[k] == s {
				delete(w.busy, k)
			}
		}
		for _, o := range s.outs[:s.written] {
			w.im.emit(cli.Event{Kind: cli.BundleWritten, Item: s.item, Objects: cli.CountByType(o.Bundle)})
		}
		if s.err != nil {
			w.err = s.err
			w.recordWritten(s)
			break
		}
		if s.commit != nil {
			s.commit()
		}
		if s.state != nil {
			w.unsaved, w.pending = s.state, w.pending+1
		}
	}
	if w.unsaved != nil && (all || w.err != nil || w.pending >= w.size) {
		w.persist(*w.unsaved)
		w.unsaved, w.pending = nil, 0
	}
	if w.err != nil {
		for _, s := range w.queue {
			<-s.done
		}
		w.queue = nil
	}
}

// recordWritten adds to the state to save the hashes of the keyed bundles a failed slot
// did write before its failure: the files hold that content now, and a state still
// holding the older hash would leave them unchanged if the content went back to it.
func (w *window) recordWritten(s *slot) {
	n := min(s.written, len(s.keyed))
	if n == 0 {
		return
	}
	st := w.saved
	if w.unsaved != nil {
		st = *w.unsaved
	}
	st.SentBundles = maps.Clone(st.SentBundles)
	if st.SentBundles == nil {
		st.SentBundles = make(map[string]string, n)
	}
	for _, k := range s.keyed[:n] {
		st.SentBundles[k.key] = k.hash
	}
	w.unsaved, w.pending = &st, w.pending+1
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// persist makes the delivered bundles durable, then saves st, which names them. The
// store is written even after a cancellation: that is when it matters.
func (w *window) persist(st cli.State) {
	if w.sync != nil {
		if err := w.sync(); err != nil {
			w.fail(fmt.Errorf("save state: %w", err))
			return
		}
	}
	w.saved = st
	if err := w.im.Store.Save(context.WithoutCancel(w.ctx), st); err != nil {
		w.fail(fmt.Errorf("save state: %w", err))
	}
}

func (w *window) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// close waits for every write, commits the delivered prefix and returns the first
// failure, if any.
func (w *window) close() error {
	w.settle(true)
	return w.err
}
