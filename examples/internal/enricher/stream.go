package enricher

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"runtime"
	"sync"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mapping"
)

// The streamed pipeline, used whenever the sink can take a streamed bundle (files,
// stdout): records are decoded on one goroutine while the mapping accumulates them on
// another, keeping one entry per distinct relationship and observable; the bundle is
// then built, validated and marshalled on every core and written in order. Output is
// byte for byte that of the in-memory path (mapping.PassiveDNSStream).

// streamingSink returns the sink as a StreamingSink, if it is one.
func (en *Enricher) streamingSink() (cli.StreamingSink, bool) {
	s, ok := en.Sink.(cli.StreamingSink)
	return s, ok
}

// mapError marks a bundle that could not be built, as opposed to one that could not be
// written.
type mapError struct{ err error }

func (e *mapError) Error() string { return e.err.Error() }
func (e *mapError) Unwrap() error { return e.err }

// streamEntity maps records about e and streams the bundle to the sink. A failure of
// the sink is an *OutputError; a failure of the records or of the mapping is returned
// as it is.
func (en *Enricher) streamEntity(ctx context.Context, sink cli.StreamingSink, e mapping.Entity, records iter.Seq2[passivetotal.DNSRecord, error]) (map[string]int, error) {
	s, err := mapping.PassiveDNSStream(e, records, en.options(e.String()))
	if err != nil {
		return nil, err
	}
	workers := runtime.GOMAXPROCS(0)
	err = sink.StreamBundle(ctx, e.Type, e.Value, func(w io.Writer) error {
		ew := &errorWriter{w: w}
		if err := s.WriteBundle(ew, workers); err != nil {
			if ew.err != nil {
				return ew.err
			}
			return &mapError{err}
		}
		return nil
	})
	if s.Cut() > 0 {
		en.log().Info("record cap reached; older records left out", "entity", e.String(), "cut", s.Cut())
	}
	var me *mapError
	switch {
	case err == nil:
	case errors.As(err, &me):
		return nil, me.err
	case ctx.Err() != nil:
		return nil, err
	default:
		return nil, &OutputError{Entity: e.String(), Err: err}
	}
	counts := s.Counts()
	en.emit(cli.Event{Kind: cli.BundleWritten, Item: e.String(), Objects: counts})
	en.emit(cli.Event{Kind: cli.ItemDone, Item: e.String()})
	return counts, nil
}

// errorWriter remembers the first error of w.
type errorWriter struct {
	w   io.Writer
	err error
}

func (e *errorWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

// enrichStream is Enrich followed by delivery, streamed: the backend's records are
// released once mapped, before the bundle is built.
func (en *Enricher) enrichStream(ctx context.Context, sink cli.StreamingSink, e mapping.Entity) (int, error) {
	if ok, why := en.Allowed(e); !ok {
		return 0, fmt.Errorf("%w: %s", ErrAboveMaxTLP, why)
	}
	records, err := en.Backend.PassiveDNS(ctx, e.Value, en.since())
	if err != nil {
		return 0, err
	}
	counts, err := en.streamEntity(ctx, sink, e, records)
	return sumCounts(counts), err
}

// sumCounts is the number of objects written, from the counts by type.
func sumCounts(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

// prefetchBatch is how many records the decoding goroutine hands over at a time: large
// enough that the hand-over costs little, small enough to stay in cache.
const prefetchBatch = 256

// prefetch runs seq on its own goroutine, handing its records over in batches, so
// decoding overlaps mapping. When the consumer stops early, the goroutine stops at its
// next batch and prefetch returns only once it has (seq may read a file the caller
// closes next).
func prefetch(seq iter.Seq2[passivetotal.DNSRecord, error]) iter.Seq2[passivetotal.DNSRecord, error] {
	return func(yield func(passivetotal.DNSRecord, error) bool) {
		type batch struct {
			recs []passivetotal.DNSRecord
			err  error
		}
		full := make(chan batch, 4)
		free := make(chan []passivetotal.DNSRecord, 6)
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(full)
			send := func(b batch) bool {
				select {
				case full <- b:
					return true
				case <-done:
					return false
				}
			}
			buf := make([]passivetotal.DNSRecord, 0, prefetchBatch)
			for rec, err := range seq {
				if err != nil {
					send(batch{buf, err})
					return
				}
				buf = append(buf, rec)
				if len(buf) < prefetchBatch {
					continue
				}
				if !send(batch{recs: buf}) {
					return
				}
				select {
				case buf = <-free:
				default:
					buf = make([]passivetotal.DNSRecord, 0, prefetchBatch)
				}
			}
			if len(buf) > 0 {
				send(batch{recs: buf})
			}
		}()
		defer wg.Wait()
		defer close(done)
		for b := range full {
			for i := range b.recs {
				if !yield(b.recs[i], nil) {
					return
				}
			}
			if b.err != nil {
				yield(passivetotal.DNSRecord{}, b.err)
				return
			}
			clear(b.recs)
			select {
			case free <- b.recs[:0]:
			default:
			}
		}
	}
}
