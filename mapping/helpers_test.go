package mapping

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// ptTime builds a model timestamp from "YYYY-MM-DD HH:MM:SS" (UTC).
func ptTime(t *testing.T, s string) passivetotal.Time {
	t.Helper()
	tt, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		t.Fatal(err)
	}
	return passivetotal.Time{Time: tt.UTC(), Raw: s}
}

// readPassiveDNS decodes a saved passive DNS answer under testdata/input.
func readPassiveDNS(t *testing.T, name string) *passivetotal.PassiveDNS {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "input", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := passivetotal.DecodePassiveDNS(f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// checkBundle asserts what every mapping output must satisfy: the bundle
// validates (no dangling reference), every object validates on its own,
// and every pattern parses.
func checkBundle(t testing.TB, b *stix.Bundle) {
	t.Helper()
	if err := stix.ValidateBundle(b); err != nil {
		t.Fatalf("ValidateBundle: %v", err)
	}
	for _, o := range b.Objects {
		if err := stix.Validate(o); err != nil {
			t.Fatalf("Validate(%s): %v", o.StixID(), err)
		}
		if ind, ok := o.(*stix.Indicator); ok {
			if err := stix.CheckPattern(ind.Pattern); err != nil {
				t.Fatalf("pattern %q of %s: %v", ind.Pattern, ind.ID, err)
			}
		}
	}
}

// checkResult asserts the invariants of a Result: its bundle is complete
// and valid, and every skip names an item and a reason.
func checkResult(t testing.TB, r *Result) *stix.Bundle {
	t.Helper()
	b, err := r.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	checkBundle(t, b)
	for _, s := range r.Skips {
		if s.Item == "" || s.Reason == "" {
			t.Fatalf("skip without item or reason: %+v", s)
		}
	}
	return b
}

// golden compares a bundle and its skips with testdata/golden/<name>.json
// and <name>.skips.txt, semantically for the JSON (key order and spacing do
// not matter). With -update it rewrites them.
func golden(t *testing.T, name string, b *stix.Bundle, skips []Skip) {
	t.Helper()
	got, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	var lines []string
	for _, s := range skips {
		lines = append(lines, s.String())
	}
	gotSkips := strings.Join(lines, "\n")
	if gotSkips != "" {
		gotSkips += "\n"
	}
	path := filepath.Join("testdata", "golden", name+".json")
	skipsPath := filepath.Join("testdata", "golden", name+".skips.txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(skipsPath, []byte(gotSkips), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	var wantTree, gotTree any
	if err := json.Unmarshal(want, &wantTree); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := json.Unmarshal(got, &gotTree); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantTree, gotTree); diff != "" {
		t.Errorf("bundle differs from %s (-want +got):\n%s", path, diff)
	}
	wantSkips, err := os.ReadFile(skipsPath)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(wantSkips), gotSkips); diff != "" {
		t.Errorf("skips differ from %s (-want +got):\n%s", skipsPath, diff)
	}
}
