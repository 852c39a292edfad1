package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestListJSON(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"b.json", "a.JSON", "notes.txt", "sub/c.json"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	empty := t.TempDir()
	tests := []struct {
		name    string
		path    string
		want    []string
		wantErr bool
	}{
		{"directory: .json files at any depth, sorted", dir, []string{filepath.Join(dir, "a.JSON"), filepath.Join(dir, "b.json"), filepath.Join(dir, "sub", "c.json")}, false},
		{"a file is itself, whatever its name", filepath.Join(dir, "notes.txt"), []string{filepath.Join(dir, "notes.txt")}, false},
		{"directory without .json files", empty, nil, true},
		{"missing path", filepath.Join(dir, "nope"), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ListJSON(tt.path)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ListJSON(%q) error = %v, want error %v", tt.path, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ListJSON(%q) (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}
