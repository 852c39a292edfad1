package importer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/stix"
)

// bytesSink is a streaming sink that keeps each bundle's bytes and counts
// how each came: streamed (encoded ahead by the importer) or as a bundle.
type bytesSink struct {
	out              bytes.Buffer
	streamed, whole  int
	failStreamWrites bool
}

func (s *bytesSink) WriteBundle(_ context.Context, _, _ string, b *stix.Bundle) error {
	s.whole++
	data, err := b.AppendJSON(nil)
	if err != nil {
		return err
	}
	s.out.Write(append(data, '\n'))
	return nil
}

func (s *bytesSink) StreamBundle(_ context.Context, _, _ string, write func(io.Writer) error) error {
	s.streamed++
	if s.failStreamWrites {
		return write(failWriter{})
	}
	err := write(&s.out)
	s.out.WriteByte('\n')
	return err
}

func (s *bytesSink) Close() error { return nil }

var errDiskFull = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

// plainSink hides the StreamBundle method of a bytesSink.
type plainSink struct{ s *bytesSink }

func (p plainSink) WriteBundle(ctx context.Context, kind, name string, b *stix.Bundle) error {
	return p.s.WriteBundle(ctx, kind, name, b)
}
func (p plainSink) Close() error { return nil }

// TestBundlesEncodedAhead: with a streaming sink, the run hands over the
// JSON its workers encoded, byte for byte what the sink would encode from
// the bundle; a plain sink gets the bundles; a sink's write error ends the
// run with that error, nothing counted as sent.
func TestBundlesEncodedAhead(t *testing.T) {
	t.Parallel()
	var arts []passivetotal.Article
	for i := range 20 {
		arts = append(arts, article("g"+string(rune('a'+i)), time.Date(2024, 4, 1, i, 0, 0, 0, time.UTC)))
	}
	run := func(sink cli.Sink) (Counts, error) {
		var calls atomic.Int32
		im := &Importer{Source: fixedSource(&calls, arts...), Map: mapOK, Sink: sink, Store: &cli.MemoryStore{}}
		return im.Run(t.Context())
	}
	plain := &bytesSink{}
	if res, err := run(plainSink{plain}); err != nil || res.Sent != len(arts) {
		t.Fatalf("plain sink: %+v, %v", res, err)
	}
	streaming := &bytesSink{}
	if res, err := run(streaming); err != nil || res.Sent != len(arts) {
		t.Fatalf("streaming sink: %+v, %v", res, err)
	}
	if plain.whole != len(arts) || plain.streamed != 0 || streaming.streamed != len(arts) || streaming.whole != 0 {
		t.Errorf("plain: %d whole, %d streamed; streaming: %d whole, %d streamed", plain.whole, plain.streamed, streaming.whole, streaming.streamed)
	}
	if d := cmp.Diff(plain.out.String(), streaming.out.String()); d != "" {
		t.Errorf("streamed bytes differ from the encoded bundles (-whole +streamed):\n%s", d)
	}
	failing := &bytesSink{failStreamWrites: true}
	if res, err := run(failing); !errors.Is(err, errDiskFull) || res.Sent != 0 {
		t.Errorf("failing sink: %+v, %v; want nothing sent and the write error", res, err)
	}
}
