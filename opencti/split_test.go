package opencti

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type piece struct {
	Type    string           `json:"type"`
	ID      string           `json:"id"`
	Spec    string           `json:"spec_version"`
	Seq     int              `json:"x_opencti_seq"`
	Objects []map[string]any `json:"objects"`
}

func decodePieces(t testing.TB, pieces [][]byte) []piece {
	t.Helper()
	out := make([]piece, len(pieces))
	for i, p := range pieces {
		if err := json.Unmarshal(p, &out[i]); err != nil {
			t.Fatalf("piece %d: %v: %s", i, err, p)
		}
	}
	return out
}

// order lists "id@seq" for each piece.
func order(ps []piece) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Objects[0]["id"].(string)+"@"+itoa(p.Seq))
	}
	return out
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestSplitBundleOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		bundle string
		want   []string
	}{
		{"dependencies first, ties in walk order",
			`{"type":"bundle","id":"bundle--1","objects":[
			{"type":"relationship","id":"relationship--r","source_ref":"indicator--i","target_ref":"domain-name--d","created_by_ref":"identity--a"},
			{"type":"indicator","id":"indicator--i","created_by_ref":"identity--a","object_marking_refs":["marking-definition--m"]},
			{"type":"domain-name","id":"domain-name--d","value":"a.example"},
			{"type":"identity","id":"identity--a","name":"A"},
			{"type":"marking-definition","id":"marking-definition--m"}]}`,
			[]string{"identity--a@1", "marking-definition--m@1", "domain-name--d@1", "indicator--i@3", "relationship--r@6"}},
		{"references outside the bundle count nothing",
			`{"type":"bundle","id":"bundle--2","objects":[{"type":"note","id":"note--n","object_refs":["report--elsewhere"]}]}`,
			[]string{"note--n@1"}},
		{"a reference cycle is cut",
			`{"type":"bundle","id":"bundle--3","objects":[
			{"type":"identity","id":"identity--a","object_marking_refs":["marking-definition--m"]},
			{"type":"marking-definition","id":"marking-definition--m","created_by_ref":"identity--a"}]}`,
			[]string{"marking-definition--m@1", "identity--a@2"}},
		{"empty", `{"type":"bundle","id":"bundle--4","objects":[]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pieces, err := SplitBundle([]byte(tt.bundle))
			if err != nil {
				t.Fatal(err)
			}
			ps := decodePieces(t, pieces)
			if d := cmp.Diff(tt.want, order(ps)); d != "" {
				t.Errorf("order (-want +got):\n%s", d)
			}
			var top struct{ ID string }
			json.Unmarshal([]byte(tt.bundle), &top)
			for _, p := range ps {
				if p.Type != "bundle" || p.ID != top.ID || p.Spec != "2.1" || len(p.Objects) != 1 {
					t.Errorf("piece envelope: %+v", p)
				}
			}
		})
	}
}

// The cut reference is gone from the object that held it; other objects keep their
// bytes exactly.
func TestSplitBundleCutsAndKeepsBytes(t *testing.T) {
	t.Parallel()
	ident := `{"type":"identity","id":"identity--a","name":"A \u00e9","object_marking_refs":["marking-definition--m","extension-definition--x"]}`
	mark := `{"type":"marking-definition","id":"marking-definition--m","created_by_ref":"identity--a","name":"TLP:X"}`
	pieces, err := SplitBundle([]byte(`{"type":"bundle","id":"bundle--1","objects":[` + ident + `,` + mark + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(pieces[0]); got != `{"type":"bundle","id":"bundle--1","spec_version":"2.1","x_opencti_seq":1,"objects":[{"type":"marking-definition","id":"marking-definition--m","name":"TLP:X"}]}` {
		t.Errorf("marking piece: %s", got)
	}
	if got := string(pieces[1]); !strings.Contains(got, `"object_marking_refs":["marking-definition--m"]`) || !strings.Contains(got, `"name":"A \u00e9"`) {
		t.Errorf("identity piece (the unsupported ref removed, the rest as sent): %s", got)
	}
}

func TestSplitBundleErrors(t *testing.T) {
	t.Parallel()
	for name, bundle := range map[string]string{
		"not json":           `{"type":`,
		"not a bundle":       `{"type":"report","id":"report--1","objects":[]}`,
		"no id":              `{"type":"bundle","objects":[]}`,
		"object not object":  `{"type":"bundle","id":"bundle--1","objects":[1]}`,
		"object without id":  `{"type":"bundle","id":"bundle--1","objects":[{"type":"identity"}]}`,
		"unsupported type":   `{"type":"bundle","id":"bundle--1","objects":[{"type":"x-custom","id":"x-custom--1"}]}`,
		"conflicting copies": `{"type":"bundle","id":"bundle--1","objects":[{"type":"identity","id":"identity--a","name":"A"},{"type":"identity","id":"identity--a","name":"B"}]}`,
		"relationship loses an end": `{"type":"bundle","id":"bundle--1","objects":[
			{"type":"relationship","id":"relationship--r","source_ref":"relationship--r","target_ref":"identity--a"},
			{"type":"identity","id":"identity--a"}]}`,
	} {
		_, err := SplitBundle([]byte(bundle))
		var se *SplitError
		if !errors.As(err, &se) {
			t.Errorf("%s: err = %v, want a *SplitError", name, err)
		}
	}
	same := `{"type":"identity","id":"identity--a","name":"A"}`
	pieces, err := SplitBundle([]byte(`{"type":"bundle","id":"bundle--1","objects":[` + same + `,` + same + `]}`))
	if err != nil || len(pieces) != 1 {
		t.Errorf("identical copies: %d pieces, %v", len(pieces), err)
	}
}

// Whatever the bundle, SplitBundle returns an error or one-object pieces, each object
// once, each after every object of the bundle it still references.
func FuzzSplitBundle(f *testing.F) {
	f.Add([]byte(`{"type":"bundle","id":"bundle--1","objects":[{"type":"relationship","id":"relationship--r","source_ref":"indicator--i","target_ref":"identity--a"},{"type":"indicator","id":"indicator--i","created_by_ref":"identity--a"},{"type":"identity","id":"identity--a","object_marking_refs":["marking-definition--m"]},{"type":"marking-definition","id":"marking-definition--m","created_by_ref":"identity--a"}]}`))
	f.Add([]byte(`{"type":"bundle","id":"bundle--1","objects":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		pieces, err := SplitBundle(data)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, raw := range pieces {
			var p struct {
				Objects []map[string]any `json:"objects"`
			}
			if err := json.Unmarshal(raw, &p); err != nil || len(p.Objects) != 1 {
				t.Fatalf("bad piece %s (%v)", raw, err)
			}
			id, _ := p.Objects[0]["id"].(string)
			if seen[id] {
				t.Fatalf("%s sent twice", id)
			}
			seen[id] = true
		}
		var top struct {
			Objects []map[string]any `json:"objects"`
		}
		json.Unmarshal(data, &top)
		inBundle := map[string]bool{}
		for _, o := range top.Objects {
			id, _ := o["id"].(string)
			inBundle[id] = true
		}
		done := map[string]bool{}
		for _, raw := range pieces {
			var p struct {
				Objects []map[string]any `json:"objects"`
			}
			json.Unmarshal(raw, &p)
			o := p.Objects[0]
			for k, v := range o {
				var refs []string
				switch {
				case strings.HasSuffix(k, "_refs"):
					l, _ := v.([]any)
					for _, r := range l {
						s, _ := r.(string)
						refs = append(refs, s)
					}
				case strings.HasSuffix(k, "_ref"):
					s, _ := v.(string)
					refs = append(refs, s)
				}
				for _, r := range refs {
					if inBundle[r] && r != o["id"] && !done[r] {
						t.Fatalf("%s sent before %s, which it references", o["id"], r)
					}
				}
			}
			id, _ := o["id"].(string)
			done[id] = true
		}
	})
}
