package opencti

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// SplitError is a bundle SplitBundle cannot cut into pieces the platform will import:
// not a bundle, an object without id or type, a type OpenCTI does not import, or a
// relationship or sighting whose ends cannot be kept.
type SplitError struct {
	ObjectID string // "" when the bundle itself is at fault
	Problem  string // what is wrong
}

// Error names the object and the problem.
func (e *SplitError) Error() string {
	if e.ObjectID == "" {
		return "split bundle: " + e.Problem
	}
	return fmt.Sprintf("split bundle: object %s: %s", e.ObjectID, e.Problem)
}

// SplitBundle cuts a STIX bundle into one-object bundles in the order pycti's
// OpenCTIStix2Splitter (split_bundle_with_expectations) gives them, so that the
// platform's worker imports each object after the objects it references:
//
//   - each object counts its dependencies (1 + those of every object it references
//     through a *_ref or *_refs member that is in the bundle, recursively);
//   - a reference that would close a cycle (to an object already on the path, or one
//     that references this object) is cut: removed from its *_refs list, or the
//     *_ref member removed, as pycti does (pycti writes null there; STIX has no null);
//   - references to ids whose type OpenCTI does not import are removed from *_refs lists;
//   - the pieces are ordered by that count, ties in the order the walk met them.
//
// Each piece is {"type":"bundle","id":<the bundle's id>,"spec_version":"2.1",
// "x_opencti_seq":<the object's count>,"objects":[<object>]}. An object no reference
// was cut from keeps its bytes. An empty bundle gives no pieces. The number of pieces is
// the number of expectations to add to the work before publishing them.
//
// Unlike pycti, which leaves them out without a word, objects it would drop (types
// OpenCTI does not import, relationships that lost an end) are a *SplitError.
func SplitBundle(bundle []byte) ([][]byte, error) {
	var top struct {
		Type    string            `json:"type"`
		ID      string            `json:"id"`
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(bundle, &top); err != nil {
		return nil, &SplitError{Problem: "not JSON: " + err.Error()}
	}
	if top.Type != "bundle" || top.ID == "" {
		return nil, &SplitError{Problem: fmt.Sprintf("not a bundle with an id (type %q)", top.Type)}
	}
	s := splitter{byID: map[string]*splitNode{}, refs: map[string][]string{}}
	order := make([]string, 0, len(top.Objects))
	for _, raw := range top.Objects {
		n, err := newSplitNode(raw)
		if err != nil {
			return nil, err
		}
		if prev, dup := s.byID[n.id]; dup {
			if !bytes.Equal(prev.raw, n.raw) {
				return nil, &SplitError{ObjectID: n.id, Problem: "appears twice with different content"}
			}
			continue
		}
		s.byID[n.id] = n
		order = append(order, n.id)
	}
	for _, id := range order {
		// pycti starts the path empty, and may then walk an object again from
		// inside its own walk; with the object on its path, any cycle is cut.
		s.enlist(id, []string{id})
	}
	slices.SortStableFunc(s.elements, func(a, b *splitNode) int { return a.deps - b.deps })
	idJSON, _ := json.Marshal(top.ID)
	pieces := make([][]byte, 0, len(s.elements))
	for _, n := range s.elements {
		if err := n.compatible(); err != nil {
			return nil, err
		}
		obj, err := n.bytes()
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		b.Grow(len(obj) + len(idJSON) + 80)
		fmt.Fprintf(&b, `{"type":"bundle","id":%s,"spec_version":"2.1","x_opencti_seq":%d,"objects":[`, idJSON, n.deps)
		b.Write(obj)
		b.WriteString("]}")
		pieces = append(pieces, b.Bytes())
	}
	return pieces, nil
}

type splitter struct {
	byID     map[string]*splitNode
	refs     map[string][]string // what each visited object references (pycti's cache_refs)
	elements []*splitNode
}

// enlist walks one object and what it references; it returns the object's count.
func (s *splitter) enlist(id string, path []string) int {
	n := s.byID[id]
	if n == nil {
		return 0
	}
	if n.visited {
		return n.deps
	}
	n.visited = true
	if s.refs[id] == nil {
		s.refs[id] = []string{}
	}
	deps := 1
	follow := func(ref string) bool {
		back := slices.Contains(s.refs[ref], id) // ref already references us
		if !importedType(ref) || slices.Contains(path, ref) || ref == id || back {
			return false
		}
		s.refs[id] = append(s.refs[id], ref)
		deps += s.enlist(ref, append(slices.Clone(path), ref))
		return true
	}
	for i, key := range n.keys {
		val := n.vals[i]
		switch {
		case strings.HasSuffix(key, "_refs"):
			var list []string
			if json.Unmarshal(val, &list) != nil || len(list) == 0 {
				continue
			}
			var keep []string
			for _, ref := range list {
				if follow(ref) && !slices.Contains(keep, ref) {
					keep = append(keep, ref)
				}
			}
			if !slices.Equal(keep, list) {
				n.set(i, keep)
			}
		case strings.HasSuffix(key, "_ref"):
			var ref string
			if json.Unmarshal(val, &ref) != nil || ref == "" {
				continue
			}
			if !follow(ref) {
				n.set(i, nil)
			}
		}
	}
	n.deps = deps
	s.elements = append(s.elements, n)
	return deps
}

// importedType reports whether OpenCTI imports objects of the id's type (pycti's
// is_id_supported); an id without "--" is not a STIX id and is not judged.
func importedType(id string) bool {
	typ, _, ok := strings.Cut(id, "--")
	if !ok {
		return true
	}
	_, known := openCTITypes[typ]
	return known
}

// splitNode is one object, its members in their order.
type splitNode struct {
	id, typ string
	raw     json.RawMessage
	keys    []string
	vals    []json.RawMessage
	changed bool
	visited bool
	deps    int
}

func newSplitNode(raw json.RawMessage) (*splitNode, error) {
	n := &splitNode{raw: raw}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, &SplitError{Problem: "an object of the bundle is not a JSON object"}
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, &SplitError{Problem: "bad object: " + err.Error()}
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, &SplitError{Problem: "bad object: " + err.Error()}
		}
		key := tok.(string)
		n.keys, n.vals = append(n.keys, key), append(n.vals, v)
		switch key {
		case "id":
			_ = json.Unmarshal(v, &n.id)
		case "type":
			_ = json.Unmarshal(v, &n.typ)
		}
	}
	if n.id == "" || n.typ == "" {
		return nil, &SplitError{ObjectID: n.id, Problem: "object without id or type"}
	}
	return n, nil
}

// set replaces member i; nil removes it.
func (n *splitNode) set(i int, v any) {
	n.changed = true
	if v == nil {
		n.vals[i] = nil
		return
	}
	n.vals[i], _ = json.Marshal(v)
}

func (n *splitNode) member(key string) json.RawMessage {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// compatible is pycti's check before it keeps an object.
func (n *splitNode) compatible() error {
	present := func(key string) bool {
		v := n.member(key)
		return len(v) > 0 && string(v) != "null" && string(v) != "[]"
	}
	switch {
	case n.typ == "relationship" && (!present("source_ref") || !present("target_ref")):
		return &SplitError{ObjectID: n.id, Problem: "relationship without both ends (a reference cycle was cut)"}
	case n.typ == "sighting" && (!present("sighting_of_ref") || !present("where_sighted_refs")):
		return &SplitError{ObjectID: n.id, Problem: "sighting without sighting_of_ref or where_sighted_refs"}
	case n.typ != "relationship" && n.typ != "sighting" && !importedType(n.id):
		return &SplitError{ObjectID: n.id, Problem: "OpenCTI does not import objects of type " + n.typ}
	}
	return nil
}

// bytes is the object as it goes out: its own bytes, or re-encoded in member order
// when a reference was cut.
func (n *splitNode) bytes() ([]byte, error) {
	if !n.changed {
		return n.raw, nil
	}
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	for i, k := range n.keys {
		if n.vals[i] == nil {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		kj, _ := json.Marshal(k)
		b.Write(kj)
		b.WriteByte(':')
		b.Write(n.vals[i])
	}
	b.WriteByte('}')
	if !json.Valid(b.Bytes()) {
		return nil, errors.New("split bundle: re-encoding " + n.id + " failed")
	}
	return b.Bytes(), nil
}
