package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/stix"
)

func TestFileName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind, name string
		want       string // exact, or a prefix ending in "-" followed by a hash
	}{
		{"article", "b0d1b8e0-7f5a-4a4f-9a7b-0e4f6d7c8a9b", "article-b0d1b8e0-7f5a-4a4f-9a7b-0e4f6d7c8a9b.json"},
		{"domain-name", "example.com", "domain-name-example.com.json"},
		{"ipv6-addr", "2001:db8::1", "ipv6-addr-2001_db8__1-"},
		{"article", "../../etc/passwd", "article-______etc_passwd-"},
		{"article", "..", "article-__-"},
		{"article", "", "article--"},
		{"article", strings.Repeat("a", 300), "article-" + strings.Repeat("a", 100) + "-"},
	}
	for _, tt := range tests {
		got := FileName(tt.kind, tt.name)
		if strings.HasSuffix(tt.want, ".json") {
			if got != tt.want {
				t.Errorf("FileName(%q, %q) = %q, want %q", tt.kind, tt.name, got, tt.want)
			}
			continue
		}
		if !strings.HasPrefix(got, tt.want) || len(got) != len(tt.want)+8+len(".json") {
			t.Errorf("FileName(%q, %q) = %q, want %q + 8 hex digits + .json", tt.kind, tt.name, got, tt.want)
		}
		if strings.ContainsAny(got, `/\`) || filepath.Base(got) != got {
			t.Errorf("FileName(%q, %q) = %q escapes the directory", tt.kind, tt.name, got)
		}
	}
	if FileName("ipv6-addr", "a:b") == FileName("ipv6-addr", "a_b") {
		t.Error("two different names share a file")
	}
}

func testObjects(t *testing.T) []stix.Object {
	t.Helper()
	id, err := stix.DomainNameID("example.com")
	if err != nil {
		t.Fatal(err)
	}
	d := &stix.DomainName{Value: "example.com"}
	d.ID = id
	return []stix.Object{d, d}
}

func TestSinks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := stix.NewBundle(testObjects(t)...)

	dir := filepath.Join(t.TempDir(), "out")
	ds, err := NewDirSink(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.WriteBundle(ctx, "domain-name", "example.com", b); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "domain-name-example.com.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Type    string            `json:"type"`
		ID      string            `json:"id"`
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil || doc.Type != "bundle" || len(doc.Objects) != 1 || !strings.HasPrefix(doc.ID, "bundle--") {
		t.Errorf("bundle file = %s (%v); want one deduplicated object", raw, err)
	}

	var buf bytes.Buffer
	ss := NewStreamSink(&buf)
	ss.WriteBundle(ctx, "domain-name", "example.com", b)
	ss.WriteBundle(ctx, "domain-name", "example.com", b)
	ss.Close()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 || lines[0] != strings.TrimSuffix(string(raw), "\n") {
		t.Errorf("stream = %q, want the file's bundle twice, one per line", buf.String())
	}

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := ds.WriteBundle(cctx, "x", "y", stix.NewBundle(testObjects(t)...)); err == nil {
		t.Error("WriteBundle after cancel: no error")
	}
	if _, err := os.Stat(filepath.Join(dir, "x-y.json")); err == nil {
		t.Error("a bundle was written after cancel")
	}
}

// TestSinkBytes: both sinks write the bundle's own JSON and a newline, whether they are
// given the bundle or a function streaming it, so the two enrichment paths give the
// same files.
func TestSinkBytes(t *testing.T) {
	t.Parallel()
	b := stix.NewBundle(testObjects(t)...)
	want, err := b.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	write := func(w io.Writer) error { _, err := w.Write(want[:len(want)-1]); return err }
	tests := []struct {
		name   string
		stream bool
	}{
		{"WriteBundle", false},
		{"StreamBundle", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			var buf bytes.Buffer
			for _, s := range []StreamingSink{&DirSink{Dir: dir}, NewStreamSink(&buf)} {
				var err error
				if tt.stream {
					err = s.StreamBundle(t.Context(), "domain-name", "example.com", write)
				} else {
					err = s.WriteBundle(t.Context(), "domain-name", "example.com", b)
				}
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
			}
			file, err := os.ReadFile(filepath.Join(dir, "domain-name-example.com.json"))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(string(want), string(file)); d != "" {
				t.Errorf("file (-want +got):\n%s", d)
			}
			if d := cmp.Diff(string(want), buf.String()); d != "" {
				t.Errorf("stream (-want +got):\n%s", d)
			}
		})
	}
}

// TestDirSinkConcurrent: the directory sink takes overlapping deliveries, a bounded
// number of them, and Sync reports a directory it cannot sync.
func TestDirSinkConcurrent(t *testing.T) {
	t.Parallel()
	var _ ConcurrentSink = (*DirSink)(nil)
	tests := []struct {
		name    string
		remove  bool
		wantErr bool
	}{
		{"directory present", false, false},
		{"directory removed", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := NewDirSink(filepath.Join(t.TempDir(), "out"))
			if err != nil {
				t.Fatal(err)
			}
			if n := d.Concurrency(); n < 1 || n > maxConcurrency {
				t.Errorf("Concurrency() = %d, want 1 to %d", n, maxConcurrency)
			}
			if tt.remove {
				os.Remove(d.Dir)
			}
			if err := d.Sync(); (err != nil) != tt.wantErr {
				t.Errorf("Sync() = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}
