package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/testkit/bundletest"
	"github.com/ptstix/passivetotal/stix"
)

const endOfTimeAnswer = `{"queryValue":"example.org","results":[
{"firstSeen":"2020-01-01 00:00:00","lastSeen":"2021-01-01 00:00:00","resolve":"93.184.216.34","resolveType":"ip","recordType":"A","source":["riskiq"]},
{"firstSeen":"9999-12-31 23:59:59","lastSeen":"9999-12-31 23:59:59","resolve":"93.184.216.35","resolveType":"ip","recordType":"A","source":["riskiq"]},
{"firstSeen":"2020-01-01 00:00:00","lastSeen":"2020-06-01 00:00:00","resolve":"ns1.example.net","resolveType":"domain","recordType":"NS","source":["riskiq"]}]}`

// TestEnrichRecordAtTheEndOfTime: a record whose stop_time would be in year 10000 is a
// skip; the answer's other records are converted and the run succeeds (before, the
// whole file was "unreadable" and the run exited 1).
func TestEnrichRecordAtTheEndOfTime(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := filepath.Join(dir, "answer.json")
	if err := os.WriteFile(in, []byte(endOfTimeAnswer), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, max := range []string{"1000", "-1"} {
		out := filepath.Join(dir, "out"+max)
		r := runEnrich(t, t.Context(), nil, "", "-input", in, "-max-records", max, "-out", out)
		if r.code != 0 {
			t.Fatalf("-max-records %s: exit %d, stderr:\n%s", max, r.code, r.stderr)
		}
		set := bundletest.ReadDir(t, out)
		if n := set.Counts()["relationship"]; n != 2 {
			t.Errorf("-max-records %s: %d relationships, want 2", max, n)
		}
		for _, b := range set.Bundles {
			for _, o := range stix.ObjectsOf[*stix.Relationship](b) {
				if o.StopTime.Year() > 9999 {
					t.Errorf("stop_time %v left the library", o.StopTime)
				}
			}
		}
		if !strings.Contains(r.stderr, "STIX cannot hold") {
			t.Errorf("-max-records %s: the skip is not reported; stderr:\n%s", max, r.stderr)
		}
	}
}

// TestEnrichTruncatedBodyOfAnotherKind: a truncated articles body among the inputs is a
// broken file (exit 1), not a body of another kind to leave out in silence; a whole one
// is still left out.
func TestEnrichTruncatedBodyOfAnotherKind(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, body string
		code       int
	}{
		{"truncated articles", `{"success":true,"articles":[{"guid":"a1","title":"T","indicators":[{"type":"domain","values":["x.exa`, cli.ExitFailure},
		{"trailing garbage", `{"success":true,"articles":[],"totalRecords":0} {`, cli.ExitFailure},
		{"whole articles", `{"success":true,"articles":[{"guid":"a1","title":"T"}],"totalRecords":1}`, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "a.json"), []byte(endOfTimeAnswer), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "b.json"), []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			r := runEnrich(t, t.Context(), nil, "", "-input", dir, "-out", filepath.Join(dir, "out"))
			if r.code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, tt.code, r.stderr)
			}
			if n := len(bundletest.ReadDir(t, filepath.Join(dir, "out")).Names); n != 1 {
				t.Errorf("%d bundles, want 1 (the good file)", n)
			}
		})
	}
}

// failingWriter is an output that is full, like /dev/full.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestEnrichOutputFull: a failed write of the output is an output error, never "an
// unreadable input file", and the run exits 1.
func TestEnrichOutputFull(t *testing.T) {
	t.Parallel()
	var errb bytes.Buffer
	code := run(t.Context(), []string{"-input", "testdata/input", "-out", "-"}, cli.MapEnv(nil), strings.NewReader(""), failingWriter{}, &errb)
	if code != cli.ExitFailure {
		t.Errorf("exit %d, want %d", code, cli.ExitFailure)
	}
	stderr := errb.String()
	if strings.Contains(stderr, "unreadable input") || !strings.Contains(stderr, "output not written") || !strings.Contains(stderr, "no space left on device") {
		t.Errorf("stderr does not report an output error:\n%s", stderr)
	}
}
