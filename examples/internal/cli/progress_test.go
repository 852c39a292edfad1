package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// The progress line is drawn only on a terminal: never into a pipe, a buffer or a file
// (a log file or a CI log must not fill with carriage returns).
func TestNewProgressOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for name, out := range map[string]interface{ Write([]byte) (int, error) }{"buffer": &buf, "file": f, "pipe": w} {
		p := NewProgress(out, "articles")
		if p != nil {
			t.Errorf("%s: NewProgress drew on a non-terminal", name)
		}
		// A nil Progress is a no-op observer.
		p.Observe(Event{Kind: ItemDone})
		p.Clear()
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %q to a buffer", buf.String())
	}
	if runtime.GOOS == "linux" { // a pseudo-terminal's master is a terminal device
		if ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0); err == nil {
			defer ptmx.Close()
			if NewProgress(ptmx, "articles") == nil {
				t.Error("no progress on a terminal")
			}
		}
	}
}

func TestProgressLine(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	p := &Progress{w: &buf, noun: "entities"} // every 0: draw on each event
	p.Observe(Event{Kind: ItemDone})
	p.Observe(Event{Kind: BundleWritten, Objects: map[string]int{"ipv4-addr": 2, "relationship": 3}})
	p.Observe(Event{Kind: ObjectSkipped})
	p.Clear()
	p.Clear() // nothing drawn since: nothing to erase
	want := "\r\033[K1 entities, 0 objects, 0 skips" +
		"\r\033[K1 entities, 5 objects, 0 skips" +
		"\r\033[K1 entities, 5 objects, 1 skips" +
		"\r\033[K"
	if got := buf.String(); got != want {
		t.Errorf("drew %q, want %q", got, want)
	}
}
