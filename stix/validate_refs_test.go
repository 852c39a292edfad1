package stix

import (
	"encoding/json"
	"testing"
	"time"
)

// genericRefProblems is the reference walk ValidateBundle ran for every
// object before the fast path: marshal, decode into map[string]any, walk.
func genericRefProblems(t *testing.T, o Object, ids map[string]bool) int {
	t.Helper()
	data, err := o.AppendJSON(nil)
	if err != nil {
		return 1
	}
	var tree any
	if err := json.Unmarshal(data, &tree); err != nil {
		return 1
	}
	n := 0
	walkRefs(tree, "", func(_, ref string) {
		if !ids[ref] && !IsTLPID(ref) {
			n++
		}
	})
	return n
}

// TestRefsResolveAgreesWithGenericWalk checks the fast path never claims
// an object clean that the generic walk would report, and takes the usual
// objects (all references resolved) without the walk.
func TestRefsResolveAgreesWithGenericWalk(t *testing.T) {
	t.Parallel()
	const (
		author = "identity--6b6f6e1b-4f0b-5f71-9d6a-1f2c3d4e5f60"
		ip     = "ipv4-addr--a6b3c3f4-1f0e-5a4e-8f3b-2d1c0b9a8f70"
		dom    = "domain-name--b7c4d4e5-2a1f-5b5f-9a4c-3e2d1c0b9a81"
		gone   = "domain-name--c8d5e5f6-3b2a-5c6a-8b5d-4f3e2d1c0b92"
	)
	amber := TLPAmber.ID()
	ids := map[string]bool{author: true, ip: true, dom: true}
	ts := Time(time.Date(2021, 1, 2, 3, 4, 5, 0, time.UTC))
	common := Common{ID: "relationship--d9e6f6a7-4c3b-5d7b-9c6e-5a4f3e2d1ca3", CreatedByRef: author, Created: ts, Modified: ts, ObjectMarkingRefs: []string{amber}}
	rel := func(src, tgt string, custom map[string]any) *Relationship {
		c := common
		c.Custom = custom
		return &Relationship{Common: c, RelationshipType: "resolves-to", SourceRef: src, TargetRef: tgt}
	}
	sco := func(custom map[string]any) *IPv4Addr {
		return &IPv4Addr{ObservableCommon: ObservableCommon{ID: ip, ObjectMarkingRefs: []string{amber}, Custom: custom}, Value: "192.0.2.1"}
	}
	tests := []struct {
		name string
		o    Object
		fast bool // the fast path must take it
	}{
		{"relationship", rel(dom, ip, nil), true},
		{"relationship dangling target", rel(dom, gone, nil), false},
		{"relationship empty source", rel("", ip, nil), false},
		{"sco with created_by custom", sco(map[string]any{"x_opencti_created_by_ref": author, "x_opencti_score": 50}), true},
		{"sco with dangling custom ref", sco(map[string]any{"x_opencti_created_by_ref": gone}), false},
		{"sco with custom refs list", sco(map[string]any{"x_refs": []string{dom, gone}}), false},
		{"sco with custom list under _ref", sco(map[string]any{"x_ref": []string{gone}}), false},
		{"sco with nested custom", sco(map[string]any{"x": map[string]any{"a_ref": gone}}), false},
		{"sco with raw custom", sco(map[string]any{"x": json.RawMessage(`{"a_ref":"x"}`)}), false},
		{"sco with known key in custom", sco(map[string]any{"value": "198.51.100.1"}), true},
		{"report", &Report{Common: Common{ID: "report--e0f7a7b8-5d4c-5e8c-8d7f-6b5a4f3e2db4", CreatedByRef: author, Created: ts, Modified: ts}, Name: "r", Published: ts, ObjectRefs: []string{ip, dom}}, true},
		{"report dangling", &Report{Common: Common{ID: "report--e0f7a7b8-5d4c-5e8c-8d7f-6b5a4f3e2db4", Created: ts, Modified: ts}, Name: "r", Published: ts, ObjectRefs: []string{gone}}, false},
		{"report empty refs list", &Report{Common: Common{ID: "report--e0f7a7b8-5d4c-5e8c-8d7f-6b5a4f3e2db4", Created: ts, Modified: ts}, Name: "r", Published: ts}, true},
		{"file with hash key ending _ref", &File{ObservableCommon: ObservableCommon{ID: "file--f1a8b8c9-6e5d-5f9d-9e8a-7c6b5a4f3ec5"}, Hashes: Hashes{"x_ref": "y"}}, false},
		{"file dangling parent", &File{ObservableCommon: ObservableCommon{ID: "file--f1a8b8c9-6e5d-5f9d-9e8a-7c6b5a4f3ec5"}, Name: "a", ParentDirectoryRef: gone}, false},
		{"email belongs to", &EmailAddr{ObservableCommon: ObservableCommon{ID: "email-addr--a2b9c9d0-7f6e-5a0e-8f9b-8d7c6b5a4fd6"}, Value: "a@example.com", BelongsToRef: author}, true},
		{"marking definition", TLPAmber.Definition(), true},
		{"unknown type", &Unknown{ObjectType: "x-thing", ID: "x-thing--a2b9c9d0-7f6e-5a0e-8f9b-8d7c6b5a4fd6", Raw: json.RawMessage(`{"type":"x-thing"}`)}, false},
		{"invalid UTF-8", sco(map[string]any{"x": "\xff"}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fast, _ := refsResolve(tt.o, refCheck{ids: ids}, nil)
			if fast != tt.fast {
				t.Errorf("refsResolve = %v, want %v", fast, tt.fast)
			}
			if fast && genericRefProblems(t, tt.o, ids) != 0 {
				t.Error("fast path passed an object the generic walk reports")
			}
		})
	}
}
