package cli

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/ptstix/passivetotal/stix"
)

// Sink is where bundles go. WriteBundle delivers one complete bundle (author, markings,
// no dangling reference), whole or not at all: a run stopped mid-way leaves no partial
// bundle behind, so its state can say exactly what was delivered. kind and name name
// the output (see FileName): kind is "article", "profile", "vulnerability" or the
// entity's STIX type ("domain-name"), name the article GUID, the Graph id or the entity
// value. The programs write to a directory or a stream; the OpenCTI connector mode
// sends each bundle to the platform.
type Sink interface {
	WriteBundle(ctx context.Context, kind, name string, b *stix.Bundle) error
	Close() error
}

// StreamingSink is a Sink that also takes bundles written as they are built, for output
// too large to hold as objects (an enrichment of a million records): the directory and
// stream sinks. A sink that must hold a bundle whole (the OpenCTI connector mode) is a
// plain Sink.
type StreamingSink interface {
	Sink
	// StreamBundle delivers the bundle write writes (its JSON, without a newline, to
	// the sink's buffered w) as WriteBundle delivers one. An error of write is
	// returned as it is.
	StreamBundle(ctx context.Context, kind, name string, write func(w io.Writer) error) error
}

// ConcurrentSink is a StreamingSink whose deliveries may overlap: up to Concurrency()
// calls at once, never two for the same kind and name (the caller orders those). A
// delivery that returned is whole (a crash leaves the old output or the new one, never
// part of one), but it is durable only once a later Sync has returned: a caller that
// records what was delivered (the importer's state) syncs first.
type ConcurrentSink interface {
	StreamingSink
	// Concurrency is how many deliveries may be in flight at once.
	Concurrency() int
	// Sync makes every delivery that has returned durable.
	Sync() error
}

// CountByType counts a bundle's objects by STIX type, for the BundleWritten event.
func CountByType(b *stix.Bundle) map[string]int {
	m := map[string]int{}
	for _, o := range b.Objects {
		m[o.Type()]++
	}
	return m
}

// streamBuffer is the write buffer of a streamed bundle.
const streamBuffer = 256 << 10

// streamWriters keeps the write buffers of the bundles DirSink streams: the importer
// streams one bundle per article, a few at once, and a new buffer for each would
// allocate (and clear) 256 KB per article.
var streamWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, streamBuffer) }}

// maxConcurrency bounds DirSink.Concurrency: the deliveries in flight overlap their
// waits for the disk (file creation, fsync, rename), and a few of them already keep it
// busy; each holds a bundle in memory.
const maxConcurrency = 16

// DirSink writes one .json file per bundle in Dir, named from the bundle's kind and name
// (see FileName), through a temporary file, synced, and a rename. It is a ConcurrentSink:
// its methods are safe for concurrent use on different names, and Sync syncs Dir, which
// makes the renames durable.
type DirSink struct {
	Dir string
}

// NewDirSink creates dir when needed and returns a sink writing into it.
func NewDirSink(dir string) (*DirSink, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	return &DirSink{Dir: dir}, nil
}

// WriteBundle writes b to Dir/FileName(kind, name).
func (d *DirSink) WriteBundle(ctx context.Context, kind, name string, b *stix.Bundle) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, err := appendLine(b)
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, name, err)
	}
	return WriteFileAtomicFunc(filepath.Join(d.Dir, FileName(kind, name)), 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// StreamBundle writes the bundle to Dir/FileName(kind, name) through a temporary file:
// nothing appears unless the whole bundle was written.
func (d *DirSink) StreamBundle(ctx context.Context, kind, name string, write func(w io.Writer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return WriteFileAtomicFunc(filepath.Join(d.Dir, FileName(kind, name)), 0o644, func(w io.Writer) error {
		bw := streamWriters.Get().(*bufio.Writer)
		bw.Reset(w)
		defer func() {
			bw.Reset(nil)
			streamWriters.Put(bw)
		}()
		if err := write(bw); err != nil {
			return err
		}
		bw.WriteByte('\n')
		return bw.Flush()
	})
}

// Concurrency is twice GOMAXPROCS, at most maxConcurrency: a delivery spends most of its
// time waiting for the disk.
func (d *DirSink) Concurrency() int {
	return min(2*runtime.GOMAXPROCS(0), maxConcurrency)
}

// Sync syncs Dir: a file's own sync makes its content durable, but its name (the rename
// that put it in place) lives in the directory, which only a sync of the directory
// writes out.
func (d *DirSink) Sync() error {
	f, err := os.Open(d.Dir)
	if err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	return nil
}

// Close does nothing: every file is complete when WriteBundle returns.
func (d *DirSink) Close() error { return nil }

// StreamSink writes every bundle to one stream, one bundle per line (JSON Lines), so a
// reader can take them one at a time ("jq -c ." or a line reader) and a single bundle is
// a plain JSON file. Safe for concurrent use.
type StreamSink struct {
	mu sync.Mutex
	w  *bufio.Writer
}

// NewStreamSink returns a sink writing to w.
func NewStreamSink(w io.Writer) *StreamSink {
	return &StreamSink{w: bufio.NewWriterSize(w, 64<<10)}
}

// WriteBundle writes b as one line and flushes it, so a consumer sees each bundle as soon
// as it is complete.
func (s *StreamSink) WriteBundle(ctx context.Context, kind, name string, b *stix.Bundle) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// Encoded before the lock: concurrent writers marshal in parallel.
	data, err := appendLine(b)
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.w.Write(data)
	return s.w.Flush()
}

// StreamBundle writes the bundle as one line. It goes out as it is built: if write
// fails mid-way (a bug: mapped objects always validate), the line is ended and holds a
// truncated bundle, which a line reader rejects as invalid JSON.
func (s *StreamSink) StreamBundle(ctx context.Context, kind, name string, write func(w io.Writer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := write(s.w)
	s.w.WriteByte('\n')
	if ferr := s.w.Flush(); err == nil {
		err = ferr
	}
	return err
}

// Close flushes what is buffered.
func (s *StreamSink) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Flush()
}

// appendLine returns b's JSON and a newline: the bundle's own ID (a content-derived
// one when it has none) and its objects as they are.
func appendLine(b *stix.Bundle) ([]byte, error) {
	data, err := b.AppendJSON(nil)
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// OpenSink returns the sink for an -out value: "-" is stdout as a stream, anything else
// a directory.
func OpenSink(out string, stdout io.Writer) (Sink, error) {
	if out == "-" {
		return NewStreamSink(stdout), nil
	}
	return NewDirSink(out)
}

// maxNameLen bounds the readable part of a file name, well under every file system's
// limit (255 bytes) once the kind, a hash and ".json" are added.
const maxNameLen = 100

// FileName returns a safe file name for a bundle: kind, "-", then name with every
// character outside [A-Za-z0-9._-] replaced by "_", and ".json". When the name had to
// be changed (or cut), a short hash of the original is added, so two different GUIDs or
// entities never share a file: "article-b0d1b8e0.json", "url-http___x_y-3fa4c2d1.json".
// A name can never climb out of the directory ("..", "/", "\" are all replaced).
func FileName(kind, name string) string {
	safe := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
				b.WriteRune(r)
			case r == '.':
				b.WriteRune(r)
			default:
				b.WriteByte('_')
			}
		}
		return b.String()
	}
	k, n := safe(kind), safe(name)
	changed := n != name || strings.Contains(n, "..") || strings.HasPrefix(n, ".") || n == ""
	n = strings.ReplaceAll(n, "..", "__")
	n = strings.TrimLeft(n, ".")
	if len(n) > maxNameLen {
		n, changed = n[:maxNameLen], true
	}
	if k == "" {
		k = "bundle"
	}
	if changed {
		sum := sha256.Sum256([]byte(kind + "\x00" + name))
		n += "-" + hex.EncodeToString(sum[:4])
	}
	return k + "-" + n + ".json"
}
