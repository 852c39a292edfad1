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
	"strings"
	"sync"

	"github.com/ptstix/passivetotal/stix"
)

// Bundle is one unit of output: the objects of one article or one enrichment.
type Bundle struct {
	// Kind is "article" or the entity's STIX type ("domain-name"); Name is the article
	// GUID or the entity value. Together they name the output file.
	Kind, Name string
	// Objects are the bundle's objects, already complete (author, markings, no dangling
	// reference).
	Objects []stix.Object
	// JSON, when set, is EncodeBundle(Objects), computed ahead by the producer (on
	// another core, while earlier bundles are delivered): the file and stream sinks
	// write it as it is.
	JSON []byte
}

// encoded returns the bundle's JSON.
func (b Bundle) encoded() ([]byte, error) {
	if b.JSON != nil {
		return b.JSON, nil
	}
	return EncodeBundle(b.Objects)
}

// CountByType counts the bundle's objects by STIX type.
func (b Bundle) CountByType() map[string]int {
	m := map[string]int{}
	for _, o := range b.Objects {
		m[o.Type()]++
	}
	return m
}

// Sink is where bundles go. WriteBundle delivers one bundle whole or not at all: a run
// stopped mid-way leaves no partial bundle behind, so its state can say exactly what
// was delivered. The programs write to a directory or a stream; the OpenCTI connector
// mode implements Sink on top of RabbitMQ or stixBundlePush.
type Sink interface {
	WriteBundle(ctx context.Context, b Bundle) error
	Close() error
}

// StreamedBundle is a bundle written as it is built, for output too large to hold as
// objects (an enrichment of a million records).
type StreamedBundle struct {
	Kind, Name string // as in Bundle
	// Write writes the bundle's JSON, without a newline, to w (buffered by the sink).
	Write func(w io.Writer) error
}

// StreamingSink is a Sink that also takes streamed bundles: the directory and stream
// sinks. A sink that must hold a bundle whole (the OpenCTI connector mode) takes Bundle.
type StreamingSink interface {
	Sink
	// StreamBundle writes b as WriteBundle writes a Bundle. An error of b.Write is
	// returned as it is.
	StreamBundle(ctx context.Context, b StreamedBundle) error
}

// streamBuffer is the write buffer of a streamed bundle.
const streamBuffer = 256 << 10

// DirSink writes one .json file per bundle in Dir, named from the bundle's kind and name
// (see FileName), through a temporary file and a rename.
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

// WriteBundle writes b to Dir/FileName(b).
func (d *DirSink) WriteBundle(ctx context.Context, b Bundle) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, err := b.encoded()
	if err != nil {
		return fmt.Errorf("%s %s: %w", b.Kind, b.Name, err)
	}
	return WriteFileAtomicFunc(filepath.Join(d.Dir, FileName(b.Kind, b.Name)), 0o644, func(w io.Writer) error {
		if _, err := w.Write(data); err != nil {
			return err
		}
		_, err := w.Write([]byte{'\n'})
		return err
	})
}

// StreamBundle writes b to Dir/FileName(b) through a temporary file: nothing appears
// unless the whole bundle was written.
func (d *DirSink) StreamBundle(ctx context.Context, b StreamedBundle) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return WriteFileAtomicFunc(filepath.Join(d.Dir, FileName(b.Kind, b.Name)), 0o644, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, streamBuffer)
		if err := b.Write(bw); err != nil {
			return err
		}
		bw.WriteByte('\n')
		return bw.Flush()
	})
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
func (s *StreamSink) WriteBundle(ctx context.Context, b Bundle) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, err := b.encoded()
	if err != nil {
		return fmt.Errorf("%s %s: %w", b.Kind, b.Name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.w.Write(data)
	s.w.WriteByte('\n')
	return s.w.Flush()
}

// StreamBundle writes b as one line. The bundle goes out as it is built: if b.Write
// fails mid-way (a bug: mapped objects always validate), the line is ended and holds a
// truncated bundle, which a line reader rejects as invalid JSON.
func (s *StreamSink) StreamBundle(ctx context.Context, b StreamedBundle) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := b.Write(s.w)
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
