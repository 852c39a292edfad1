package mapping

import (
	"io"
	"sync"
	"sync/atomic"
)

// parallelStep is the length of parallelFor's ranges (the last may be
// shorter): range lo is number lo/parallelStep.
const parallelStep = 1024

// parallelFor calls fn on consecutive ranges of [0, n), up to workers at a
// time (inline when workers <= 1). Ranges are small so that uneven work
// (some values hash longer) still spreads over the workers.
func parallelFor(workers, n int, fn func(lo, hi int)) {
	const step = parallelStep
	if workers <= 1 || n <= step {
		for lo := 0; lo < n; lo += step {
			fn(lo, min(lo+step, n))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(step)) - step
				if lo >= n {
					return
				}
				fn(lo, min(lo+step, n))
			}
		}()
	}
	wg.Wait()
}

// orderedWrite has workers goroutines build the n parts of an output
// (build appends part i to dst) and writes them to w in order, so the
// bytes are those of building every part in turn. At most 2*workers built
// parts wait to be written, which bounds memory whatever n. The first
// error, of a build or of w, stops the work and is returned.
func orderedWrite(w io.Writer, n, workers int, build func(i int, dst []byte) ([]byte, error)) error {
	if workers <= 1 {
		var buf []byte
		for i := range n {
			var err error
			if buf, err = build(i, buf[:0]); err != nil {
				return err
			}
			if _, err := w.Write(buf); err != nil {
				return err
			}
		}
		return nil
	}
	type part struct {
		buf   []byte
		err   error
		ready chan struct{}
	}
	parts := make([]part, n)
	for i := range parts {
		parts[i].ready = make(chan struct{})
	}
	slots := make(chan struct{}, 2*workers) // built parts not yet written
	free := make(chan []byte, 2*workers+workers)
	stop := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case slots <- struct{}{}:
				case <-stop:
					return
				}
				select {
				case <-stop:
					return
				default:
				}
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				var buf []byte
				select {
				case buf = <-free:
				default:
				}
				parts[i].buf, parts[i].err = build(i, buf[:0])
				close(parts[i].ready)
			}
		}()
	}
	var err error
	for i := range parts {
		<-parts[i].ready
		if err = parts[i].err; err == nil {
			_, err = w.Write(parts[i].buf)
		}
		if err != nil {
			break
		}
		select {
		case free <- parts[i].buf:
		default:
		}
		parts[i].buf = nil
		<-slots
	}
	close(stop)
	wg.Wait()
	return err
}
