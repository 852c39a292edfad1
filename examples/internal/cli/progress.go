package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// IsTerminal reports whether w is a character device (a terminal), without a
// dependency: the progress line is only drawn there, never into a log file or a pipe.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Progress draws one self-overwriting status line on a terminal while a long run goes
// on ("42 articles, 1234 objects, 3 skips"), at most every interval. It is an Observer.
// Create it with NewProgress, which returns nil (a no-op observer) when w is not a
// terminal.
type Progress struct {
	mu      sync.Mutex
	w       io.Writer
	noun    string
	every   time.Duration
	last    time.Time
	done    int
	objects int
	skips   int
	drawn   bool
}

// NewProgress returns a Progress drawing on w, or nil when w is not a terminal.
func NewProgress(w io.Writer, noun string) *Progress {
	if !IsTerminal(w) {
		return nil
	}
	return &Progress{w: w, noun: noun, every: 200 * time.Millisecond}
}

// Observe counts e and redraws the line when enough time has passed.
func (p *Progress) Observe(e Event) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e.Kind {
	case ItemDone:
		p.done++
	case ItemSkipped, ObjectSkipped:
		p.skips++
	case BundleWritten:
		for _, n := range e.Objects {
			p.objects += n
		}
	case RunFinished:
		p.clear()
		return
	default:
		return
	}
	if now := time.Now(); now.Sub(p.last) >= p.every {
		p.last = now
		fmt.Fprintf(p.w, "\r\033[K%d %s, %d objects, %d skips", p.done, p.noun, p.objects, p.skips)
		p.drawn = true
	}
}

// Clear erases the line so the summary or a log line starts on a clean line.
func (p *Progress) Clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

func (p *Progress) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}
