package enricher

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/backend"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/internal/gen"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/pttest"
	"github.com/ptstix/passivetotal/stix"
)

// memorySink holds whole bundles: it is not a cli.StreamingSink, so the enricher takes
// its in-memory path for it (as for the OpenCTI connector mode).
type memorySink struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (s *memorySink) WriteBundle(_ context.Context, kind, name string, b *stix.Bundle) error {
	data, err := b.MarshalJSON()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files == nil {
		s.files = map[string][]byte{}
	}
	s.files[cli.FileName(kind, name)] = append(data, '\n')
	return nil
}
func (s *memorySink) Close() error { return nil }

// sameOutput checks that dir holds exactly the files of mem, byte for byte.
func sameOutput(t *testing.T, dir string, mem *memorySink) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(mem.files) || len(entries) == 0 {
		t.Fatalf("%d streamed files, %d in memory", len(entries), len(mem.files))
	}
	for _, e := range entries {
		got, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if want, ok := mem.files[e.Name()]; !ok || !bytes.Equal(got, want) {
			t.Errorf("%s: the streamed bundle (%d bytes) differs from the in-memory one (%d bytes)", e.Name(), len(got), len(want))
		}
	}
}

// TestStreamedFilesMatchInMemory: the -input path gives the same bytes streamed (to a
// directory) as through the in-memory path, under every cap.
func TestStreamedFilesMatchInMemory(t *testing.T) {
	t.Parallel()
	in := t.TempDir()
	for i, q := range []string{"example.com", "198.51.100.7"} {
		f, err := os.Create(filepath.Join(in, q+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := gen.WritePassiveDNS(f, gen.DNSOptions{Seed: uint64(i + 1), Query: q, Records: 4000}); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	for _, max := range []int{-1, mapping.DefaultMaxRecords, 37} {
		opts := mapping.PassiveDNSOptions{MaxRecords: max, TLP: stix.TLPGreen}
		dir := t.TempDir()
		streamed := &Enricher{Options: opts, Sink: &cli.DirSink{Dir: dir}}
		if err := streamed.ConvertFiles(t.Context(), in, nil, stix.TLPAmber); err != nil {
			t.Fatal(err)
		}
		mem := &memorySink{}
		inMemory := &Enricher{Options: opts, Sink: mem}
		if err := inMemory.ConvertFiles(t.Context(), in, nil, stix.TLPAmber); err != nil {
			t.Fatal(err)
		}
		sameOutput(t, dir, mem)
	}
}

// TestStreamedAPIMatchesInMemory: the API path too.
func TestStreamedAPIMatchesInMemory(t *testing.T) {
	t.Parallel()
	sim := pttest.StartTB(t, pttest.Config{Epoch: time.Date(2024, 4, 12, 0, 0, 0, 0, time.UTC)})
	client, err := passivetotal.NewClient(pttest.DefaultUsername, pttest.DefaultAPIKey, passivetotal.WithBaseURL(sim.BaseURL()))
	if err != nil {
		t.Fatal(err)
	}
	list := func() func(func(Line, error) bool) {
		return ReadEntities(bytes.NewReader([]byte("example.com\n198.51.100.7 TLP:AMBER\nwww.example.net\n")))
	}
	for _, max := range []int{-1, 3} {
		opts := mapping.PassiveDNSOptions{MaxRecords: max}
		dir := t.TempDir()
		streamed := &Enricher{Backend: backend.NewPassiveTotal(client, nil), Options: opts, Sink: &cli.DirSink{Dir: dir}}
		if err := streamed.Run(t.Context(), list(), 2); err != nil {
			t.Fatal(err)
		}
		mem := &memorySink{}
		inMemory := &Enricher{Backend: backend.NewPassiveTotal(client, nil), Options: opts, Sink: mem}
		if err := inMemory.Run(t.Context(), list(), 2); err != nil {
			t.Fatal(err)
		}
		sameOutput(t, dir, mem)
	}
}
