package importer

import (
	"iter"
	"runtime"
	"sync"

	"github.com/ptstix/passivetotal"
)

// mapped is one article of the source, mapped ahead of its delivery.
type mapped struct {
	a      passivetotal.Article
	m      Mapped
	mapErr error
	srcErr error         // the source's error: the last item
	skip   bool          // known sent before the run: not mapped
	done   chan struct{} // closed when m and mapErr are set
}

// mapAhead maps the articles of src on every core, a few ahead of the consumer, and
// yields them in source order: mapping and encoding an article (most of an import's
// work) overlaps the delivery of the previous ones. Articles whose key is in known (the
// keys of the saved state, read-only here) are not mapped: the run skips them. When the
// consumer stops, mapAhead returns once its goroutines have (the source may read files
// that are closed next).
func mapAhead(src iter.Seq2[passivetotal.Article, error], known map[string]bool, fn MapFunc) iter.Seq[*mapped] {
	return func(yield func(*mapped) bool) {
		workers := runtime.GOMAXPROCS(0)
		order := make(chan *mapped, 2*workers) // the window: mapped, not yet delivered
		jobs := make(chan *mapped)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for it := range jobs {
					it.m, it.mapErr = fn(it.a)
					if it.mapErr == nil {
						encodeAhead(&it.m)
					}
					close(it.done)
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(order)
			defer close(jobs)
			for a, err := range src {
				it := &mapped{a: a, srcErr: err, done: make(chan struct{})}
				select {
				case order <- it:
				case <-stop:
					return
				}
				if err != nil || known[key(&a)] {
					it.skip = err == nil
					close(it.done)
					if err != nil {
						return
					}
					continue
				}
				select {
				case jobs <- it:
				case <-stop:
					close(it.done)
					return
				}
			}
		}()
		defer wg.Wait()
		defer close(stop)
		for it := range order {
			<-it.done
			if !yield(it) {
				return
			}
		}
	}
}

// encodeAhead encodes the bundles of m, on the worker that mapped them:
// encoding is a third of an article's work, which the sink, delivering one
// bundle at a time, would otherwise do on the delivery's path. A bundle
// that does not encode is left to the sink, which reports the error.
func encodeAhead(m *Mapped) {
	for i := range m.Bundles {
		m.Bundles[i].encode()
	}
	for i := range m.Keyed {
		m.Keyed[i].encode()
	}
}

func (o *Output) encode() {
	if data, err := o.Bundle.AppendJSON(nil); err == nil {
		o.json = data
	}
}
