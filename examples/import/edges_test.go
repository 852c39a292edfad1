package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/testkit/bundletest"
)

// TestImportHugeInputRefusedFromItsSize: a 2 GB articles file (sparse: its header, then
// zeros) is refused from its size, before it is read; before, about 600 MB were read
// and allocated first. Not parallel: it measures the allocations of the run alone.
func TestImportHugeInputRefusedFromItsSize(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "huge.json")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"success":true,"articles":[{"guid":"a1","title":"T","createdDate":"2021-01-01T00:00:00.000+0000"},`); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(2 << 30); err != nil {
		t.Skipf("no sparse 2 GB file here: %v", err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := runImport(t, t.Context(), nil, "-input", in, "-out", filepath.Join(dir, "out"))
	runtime.ReadMemStats(&after)
	if r.code != cli.ExitFailure || !strings.Contains(r.stderr, "exceeds the") {
		t.Errorf("exit %d, want %d and a size error; stderr:\n%s", r.code, cli.ExitFailure, r.stderr)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("the run allocated %d MB refusing a 2 GB file, want it refused before reading", alloc>>20)
	}
}

// TestImportTruncatedBodyOfAnotherKind: a passive DNS file is left out of an import
// when whole, and fails the run when truncated (it cannot be told what it was).
func TestImportTruncatedBodyOfAnotherKind(t *testing.T) {
	t.Parallel()
	good, err := os.ReadFile("testdata/input/page-0.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, body string
		code       int
	}{
		{"whole passive DNS", `{"queryValue":"example.org","results":[]}`, 0},
		{"truncated passive DNS", `{"queryValue":"example.org","results":[{"resolve":"192.0.2.1","recordType":"A`, cli.ExitFailure},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "a.json"), good, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "b.json"), []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			r := runImport(t, t.Context(), nil, "-input", dir, "-out", filepath.Join(dir, "out"))
			if r.code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, tt.code, r.stderr)
			}
			if len(bundletest.ReadDir(t, filepath.Join(dir, "out")).Names) == 0 {
				t.Error("the good file was not converted")
			}
		})
	}
}

// failingWriter is an output that is full, like /dev/full.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestImportOutputFull: a failed write is reported as an output error and the run
// exits 1.
func TestImportOutputFull(t *testing.T) {
	t.Parallel()
	var errb bytes.Buffer
	code := runWith(t.Context(), []string{"-input", "testdata/input", "-out", "-"}, cli.MapEnv(nil), failingWriter{}, &errb, hooks{})
	if code != cli.ExitFailure {
		t.Errorf("exit %d, want %d", code, cli.ExitFailure)
	}
	if s := errb.String(); !strings.Contains(s, "write bundle") || !strings.Contains(s, "no space left on device") || strings.Contains(s, "input") && strings.Contains(s, "unreadable") {
		t.Errorf("stderr does not report an output error:\n%s", s)
	}
}
