package opencti

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/ptstix/passivetotal/stix"
)

func TestDecodeEnrichmentRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file       string
		want       EnrichmentRequest
		wantTLP    stix.TLP
		wantGrants []string
		wantObjs   int
	}{
		{file: "enrichment_v6.json", want: EnrichmentRequest{WorkID: "work_0f3c1f2e-1111-4a00-8000-000000000001", Mode: "manual", Trigger: "update",
			EntityID: "ipv4-addr--ff6c0d3f-4fd1-5bd5-8f9b-9bb0b7e4d3a4", EntityType: "IPv4-Addr"},
			wantTLP: stix.TLPAmber, wantGrants: []string{"identity--5e0c5b4d-1111-4a2b-9c3d-222222222222"}, wantObjs: 2},
		{file: "enrichment_legacy.json", want: EnrichmentRequest{WorkID: "work_legacy-1", ApplicantID: "88ec0c6a-13ce-5e39-b486-354fe4a7084f",
			EntityID: "domain-name--0b6b3e8a-2a55-5a8b-a9e0-2e0f0d8f1a11"}},
		{file: "enrichment_object.json", want: EnrichmentRequest{WorkID: "work_obj", EntityID: "domain-name--0b6b3e8a-2a55-5a8b-a9e0-2e0f0d8f1a11", EntityType: "Domain-Name"},
			wantGrants: []string{"identity--aaaa0000-0000-4000-8000-000000000001"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeEnrichmentRequest(body)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, *got, cmpopts.IgnoreFields(EnrichmentRequest{}, "Entity", "Objects")); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if len(got.Objects) != tt.wantObjs {
				t.Errorf("%d objects, want %d", len(got.Objects), tt.wantObjs)
			}
			if got.Entity != nil {
				if got.Entity.ID != got.EntityID {
					t.Errorf("entity id %s", got.Entity.ID)
				}
				if d := cmp.Diff(tt.wantGrants, got.Entity.GrantedRefs); d != "" {
					t.Errorf("granted refs (-want +got):\n%s", d)
				}
			}
			if l := EntityTLP(got); l != tt.wantTLP {
				t.Errorf("TLP = %s, want %s", l, tt.wantTLP)
			}
		})
	}
}

func TestDecodeEnrichmentRequestErrors(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		``, `[]`, `{"internal":{"work_id":""},"event":{"entity_id":"x"}}`,
		`{"internal":{"work_id":"w"},"event":{}}`,
		`{"internal":{"work_id":"w"},"event":{"entity_id":"x","stix_entity":"{not json"}}`,
		`{"internal":{"work_id":"w"},"event":{"entity_id":"x","stix_entity":"{\"id\":\"\"}"}}`,
		`{"internal":{"work_id":"w"},"event":{"entity_id":"x","stix_objects":"{}"}}`,
	} {
		if _, err := DecodeEnrichmentRequest([]byte(body)); err == nil {
			t.Errorf("DecodeEnrichmentRequest(%s) accepted", body)
		}
	}
}

func TestInScopeAndTLP(t *testing.T) {
	t.Parallel()
	body, _ := os.ReadFile("testdata/enrichment_v6.json")
	req, err := DecodeEnrichmentRequest(body)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		scope []string
		want  bool
	}{
		{[]string{"IPv4-Addr"}, true}, {[]string{"ipv4-addr"}, true}, {[]string{"Domain-Name", " ipv4-ADDR "}, true},
		{[]string{"Domain-Name"}, false}, {nil, false}, {[]string{"ipv4-address"}, false},
	} {
		if got := inScope(tt.scope, req); got != tt.want {
			t.Errorf("inScope(%q) = %v", tt.scope, got)
		}
	}
	for _, tt := range []struct {
		max  string
		want bool
	}{{"TLP:GREEN", false}, {"TLP:AMBER", true}, {"amber+strict", true}, {"TLP:RED", true}, {"TLP:CLEAR", false}} {
		m, ok := parseTLP(tt.max)
		if !ok {
			t.Fatalf("parseTLP(%q) failed", tt.max)
		}
		if ok, _ := allowedTLP(req, m); ok != tt.want {
			t.Errorf("allowedTLP(max %s) = %v", tt.max, ok)
		}
	}
	if ok, _ := allowedTLP(req, 0); !ok {
		t.Error("no maximum refused")
	}
	if _, ok := parseTLP("TLP:PURPLE"); ok {
		t.Error("parseTLP accepted TLP:PURPLE")
	}
	// objectMarking (GraphQL shape) counts too, and the strictest wins.
	req.Entity.ObjectMarking = []MarkingRef{{DefinitionType: "TLP", Definition: "TLP:RED"}}
	if l := EntityTLP(req); l != stix.TLPRed {
		t.Errorf("TLP = %s", l)
	}
}

func TestNewQueueMessage(t *testing.T) {
	t.Parallel()
	bundle := []byte(`{"type":"bundle","id":"bundle--1","objects":[]}`)
	b, err := NewQueueMessage(bundle, "user-1", Target{WorkID: "work-1", DraftID: "draft-1"}, 3, false)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"bundle_type": "QUEUE_BUNDLE", "applicant_id": "user-1", "action_sequence": 3.0, "entities_types": []any{},
		"content": base64.StdEncoding.EncodeToString(bundle), "update": false, "draft_id": "draft-1", "work_id": "work-1"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	b, _ = NewQueueMessage(bundle, "", Target{}, 1, true)
	if !strings.Contains(string(b), `"applicant_id":null`) || !strings.Contains(string(b), `"work_id":null`) || !strings.Contains(string(b), `"draft_id":null`) {
		t.Errorf("empty ids not null: %s", b)
	}
	if _, err := NewQueueMessage([]byte("{"), "", Target{}, 1, false); err == nil {
		t.Error("bad bundle accepted")
	}
}

func TestCopyGrantedRefs(t *testing.T) {
	t.Parallel()
	in := []byte(`{"type":"bundle","id":"bundle--1","objects":[
	 {"type":"domain-name","id":"domain-name--1","value":"a.example"},
	 {"type":"relationship","id":"relationship--1","x_opencti_granted_refs":["identity--old"],
	  "extensions":{"extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba":{"extension_type":"property-extension","granted_refs":["identity--g1"]},"other":{"k":1}}}]}`)
	out, err := CopyGrantedRefs(in, []string{"identity--g1", "identity--g2"})
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Objects []map[string]any `json:"objects"`
	}
	if err := json.Unmarshal(out, &b); err != nil {
		t.Fatal(err)
	}
	ext := func(o map[string]any) map[string]any {
		return o["extensions"].(map[string]any)[extOpenCTI].(map[string]any)
	}
	if d := cmp.Diff([]any{"identity--g1", "identity--g2"}, ext(b.Objects[0])["granted_refs"]); d != "" {
		t.Errorf("object 0 (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]any{"identity--g1", "identity--g2"}, ext(b.Objects[1])["granted_refs"]); d != "" {
		t.Errorf("object 1 (-want +got):\n%s", d)
	}
	if ext(b.Objects[1])["extension_type"] != "property-extension" || b.Objects[1]["extensions"].(map[string]any)["other"] == nil {
		t.Errorf("other extension members lost: %v", b.Objects[1])
	}
	if same, _ := CopyGrantedRefs(in, nil); string(same) != string(in) {
		t.Error("no refs changed the bundle")
	}
	if _, err := CopyGrantedRefs([]byte(`{"objects":[null]}`), []string{"x"}); err == nil {
		t.Error("null object accepted")
	}
}
