package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFileStoreRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.json")
	fs := FileStore{Path: path}
	got, err := fs.Load(ctx)
	if err != nil || !cmp.Equal(got, State{}) {
		t.Fatalf("Load of a missing file = %+v, %v; want empty", got, err)
	}
	want := State{
		LastArticleTime: time.Date(2024, 4, 12, 13, 53, 14, 123456789, time.UTC),
		SentGUIDs:       []string{"a", "b"},
		LastRunTime:     time.Date(2024, 4, 13, 0, 0, 0, 0, time.UTC),
	}
	if err := fs.Save(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err = fs.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d files after Save, want 1 (no temporary left)", len(entries))
	}
}

func TestFileStoreLegacyDocument(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	os.WriteFile(path, []byte(`{"latest_run_timestamp": 1712930000, "latest_article_timestamp": 1712929994}`), 0o600)
	s, err := FileStore{Path: path}.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Unix(1712929994, 0).UTC(); !s.Since().Equal(want) {
		t.Errorf("Since() = %v, want %v", s.Since(), want)
	}
}

func TestFileStoreBadDocument(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	for _, doc := range []string{`not json`, `{"success": true, "articles": []}`} {
		os.WriteFile(path, []byte(doc), 0o600)
		if _, err := (FileStore{Path: path}).Load(context.Background()); err == nil {
			t.Errorf("Load of %s: no error", doc)
		}
	}
}

func TestFileStoreCheckWritable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name string
		path string
		ok   bool
	}{
		{"new file in an existing directory", filepath.Join(dir, "state.json"), true},
		{"missing directory", filepath.Join(dir, "no", "such", "state.json"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := FileStore{Path: tt.path}.CheckWritable()
			if (err == nil) != tt.ok {
				t.Fatalf("CheckWritable() = %v, want ok %v", err, tt.ok)
			}
		})
	}
	t.Cleanup(func() { // after the parallel subtests
		if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
	})
}
