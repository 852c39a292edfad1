// Package bundletest reads the bundles the example programs write (a directory of .json
// files or a JSON Lines stream) and checks them, for the programs' tests.
package bundletest

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/stix"
)

// Set is what a run wrote: every bundle, by file name (or "line N" for a stream).
type Set struct {
	Names   []string
	Bundles map[string]*stix.Bundle
	Raw     map[string][]byte
}

// Counts returns the objects of every bundle by STIX type.
func (s *Set) Counts() map[string]int {
	m := map[string]int{}
	for _, b := range s.Bundles {
		for _, o := range b.Objects {
			m[o.Type()]++
		}
	}
	return m
}

// ReportExternalIDs returns the external_id of every report (the article GUIDs), sorted.
func (s *Set) ReportExternalIDs() []string {
	var ids []string
	for _, b := range s.Bundles {
		for _, o := range b.Objects {
			if r, ok := o.(*stix.Report); ok {
				for _, er := range r.ExternalReferences {
					if er.ExternalID != "" {
						ids = append(ids, er.ExternalID)
					}
				}
			}
		}
	}
	slices.Sort(ids)
	return ids
}

// ReadDir parses and validates (stix.ValidateBundle) every .json file of dir.
func ReadDir(t testing.TB, dir string) *Set {
	t.Helper()
	s := &Set{Bundles: map[string]*stix.Bundle{}, Raw: map[string][]byte{}}
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".json" {
			if !e.IsDir() {
				t.Errorf("unexpected file in output: %s", e.Name())
			}
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		s.add(t, e.Name(), raw)
	}
	return s
}

// ReadStream parses and validates every line of a JSON Lines stream of bundles.
func ReadStream(t testing.TB, data []byte) *Set {
	t.Helper()
	s := &Set{Bundles: map[string]*stix.Bundle{}, Raw: map[string][]byte{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 256<<20)
	n := 0
	for sc.Scan() {
		n++
		s.add(t, "line "+strconv.Itoa(n), bytes.Clone(sc.Bytes()))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *Set) add(t testing.TB, name string, raw []byte) {
	t.Helper()
	b, err := stix.ParseBundle(raw)
	if err != nil {
		t.Errorf("%s: not a bundle: %v", name, err)
		return
	}
	if err := stix.ValidateBundle(b); err != nil {
		t.Errorf("%s: invalid bundle: %v", name, err)
	}
	s.Names = append(s.Names, name)
	s.Bundles[name] = b
	s.Raw[name] = raw
}

var countLine = regexp.MustCompile(`^\s+(\d+)\s+(\S.*)$`)

// SummaryCounts reads the "objects by type" block of a program's closing summary.
func SummaryCounts(t testing.TB, stderr string) map[string]int {
	t.Helper()
	m := map[string]int{}
	in := false
	for _, line := range strings.Split(stderr, "\n") {
		switch {
		case strings.HasPrefix(line, "  objects by type:"):
			in = true
		case in && countLine.MatchString(line):
			g := countLine.FindStringSubmatch(line)
			n, _ := strconv.Atoi(g[1])
			m[g[2]] = n
		default:
			in = false
		}
	}
	return m
}
