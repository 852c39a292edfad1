package stix_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/internal/testkit/stixsamples"
	"github.com/ptstix/passivetotal/stix"
)

// TestValidateHostAndThreatTypes covers each rule of the software, text,
// location, intrusion-set, threat-actor, malware and tool validators, and
// the relationship type grammar.
func TestValidateHostAndThreatTypes(t *testing.T) {
	t.Parallel()
	at := stix.Time(time.Date(2021, 3, 5, 8, 0, 0, 0, time.UTC))
	later := stix.Time(time.Date(2022, 3, 5, 8, 0, 0, 0, time.UTC))
	common := func(id string) stix.Common { return stix.Common{ID: id, Created: at, Modified: at} }
	obs := func(id string) stix.ObservableCommon { return stix.ObservableCommon{ID: id} }
	f := func(v float64) *float64 { return &v }
	const (
		swID  = "software--16a3672b-897e-552c-8d46-ce2fbb83618d"
		txtID = "text--dcd87797-60e9-5606-bd08-6b4a0270a4a2"
		locID = "location--7215cb31-5700-55b2-81b3-633c09c0351d"
		isID  = "intrusion-set--d86f721c-8ec6-52c3-acf0-afcb327cd883"
		taID  = "threat-actor--4a8dc815-2f59-5e6c-9c0d-877bcdc79aab"
		mwID  = "malware--36297121-bf18-56e1-b200-d39c9f9f5cee"
		toID  = "tool--dae20ca4-ebdf-5248-83ac-0f7a52f94fcc"
		relID = "relationship--d5476860-9372-5ccc-bfc7-d9c9ea77df7d"
	)
	tests := []struct {
		name string
		obj  stix.Object
		want []string // substrings of the expected problems, in order
	}{
		{"valid software", &stix.Software{ObservableCommon: obs(swID), Name: "Internet Explorer",
			CPE: "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*", Languages: []string{"en", "fra", "pt-BR"}}, nil},
		{"software without name", &stix.Software{ObservableCommon: obs(swID), Vendor: "x"}, []string{"name: required"}},
		{"software with a CPE 2.2 URI", &stix.Software{ObservableCommon: obs(swID), Name: "x", CPE: "cpe:/a:microsoft:internet_explorer:8.0.6001"}, []string{"cpe: not a CPE 2.3"}},
		{"software with a CPE of 12 parts", &stix.Software{ObservableCommon: obs(swID), Name: "x", CPE: "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*"}, []string{"cpe: not a CPE 2.3"}},
		{"software with a language name", &stix.Software{ObservableCommon: obs(swID), Name: "x", Languages: []string{"English"}}, []string{`languages: "English"`}},
		{"software with a wrong id prefix", &stix.Software{ObservableCommon: obs(txtID), Name: "x"}, []string{`id: prefix "text"`}},
		{"valid text", &stix.Text{ObservableCommon: obs(txtID), Value: "UA-1"}, nil},
		{"text without value", &stix.Text{ObservableCommon: obs(txtID), Value: " "}, []string{"value: required"}},
		{"valid country", &stix.Location{Common: common(locID), Name: "Germany", Country: "DE", XOpenCTILocationType: stix.LocationTypeCountry}, nil},
		{"valid position", &stix.Location{Common: common(locID), Latitude: f(-90), Longitude: f(180), Precision: f(0)}, nil},
		{"location with nothing", &stix.Location{Common: common(locID), Name: "Somewhere"}, []string{": region, country or latitude and longitude required"}},
		{"latitude without longitude", &stix.Location{Common: common(locID), Country: "DE", Latitude: f(1)}, []string{"latitude: latitude and longitude must be given together"}},
		{"coordinates out of range", &stix.Location{Common: common(locID), Latitude: f(90.5), Longitude: f(-181)}, []string{"latitude: must be between -90 and 90", "longitude: must be between -180 and 180"}},
		{"NaN latitude", &stix.Location{Common: common(locID), Latitude: f(math.NaN()), Longitude: f(0)}, []string{"latitude: must be between"}},
		{"precision without coordinates", &stix.Location{Common: common(locID), Region: "europe", Precision: f(-1)}, []string{"precision: requires latitude and longitude", "precision: must be a finite"}},
		{"unknown OpenCTI location type", &stix.Location{Common: common(locID), Country: "DE", XOpenCTILocationType: "country"}, []string{`x_opencti_location_type: "country"`}},
		{"valid intrusion set", &stix.IntrusionSet{Common: common(isID), Name: "Lazarus", FirstSeen: at, LastSeen: at}, nil},
		{"intrusion set seen backwards", &stix.IntrusionSet{Common: common(isID), Name: "Lazarus", FirstSeen: later, LastSeen: at, Aliases: []string{""}},
			[]string{"last_seen: must not be earlier than first_seen", "aliases: empty entry"}},
		{"intrusion set without name", &stix.IntrusionSet{Common: common(isID)}, []string{"name: required"}},
		{"valid threat actor", &stix.ThreatActor{Common: common(taID), Name: "Lazarus", XOpenCTIType: stix.ThreatActorIndividual}, nil},
		{"threat actor of an unknown kind", &stix.ThreatActor{Common: common(taID), Name: "Lazarus", XOpenCTIType: "Group", Roles: []string{""}},
			[]string{"roles: empty entry", `x_opencti_type: "Group"`}},
		{"threat actor seen backwards", &stix.ThreatActor{Common: common(taID), Name: "x", FirstSeen: later, LastSeen: at}, []string{"last_seen: must not be earlier"}},
		{"valid malware", &stix.Malware{Common: common(mwID), Name: "Emotet", IsFamily: true, OperatingSystemRefs: []string{swID}}, nil},
		{"malware without name", &stix.Malware{Common: common(mwID)}, []string{"name: required"}},
		{"malware refs of the wrong types", &stix.Malware{Common: common(mwID), Name: "x", OperatingSystemRefs: []string{toID}, SampleRefs: []string{swID},
			KillChainPhases: []stix.KillChainPhase{{KillChainName: "mitre-attack"}}},
			[]string{"kill_chain_phases: kill_chain_name and phase_name required", `operating_system_refs: "tool--`, `sample_refs: "software--`}},
		{"valid tool", &stix.Tool{Common: common(toID), Name: "Mimikatz"}, nil},
		{"tool without name", &stix.Tool{Common: common(toID), ToolTypes: []string{""}}, []string{"name: required", "tool_types: empty entry"}},
		{"relationship type with spaces and capitals", &stix.Relationship{Common: common(relID), RelationshipType: "Related To", SourceRef: isID, TargetRef: taID},
			[]string{`relationship_type: "Related To"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := problems(t, stix.Validate(tt.obj))
			if len(got) != len(tt.want) {
				t.Fatalf("problems %q, want %d like %q", got, len(tt.want), tt.want)
			}
			for i := range got {
				if !strings.Contains(got[i], tt.want[i]) {
					t.Errorf("problem %d = %q, want it to contain %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestHostAndThreatIDRules(t *testing.T) {
	t.Parallel()
	// A Position without coordinates is hashed by its name alone: the same
	// ID as hashing {name} directly.
	got, err := stix.LocationID(stix.PolicyOpenCTI, " Eiffel Tower", stix.LocationTypePosition)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := stix.DeterministicID(stix.PolicyOpenCTI, "location", map[string]any{"name": "eiffel tower"})
	if got != want {
		t.Errorf("Position without coordinates = %s, want %s", got, want)
	}
	lon := 2.2945
	lonOnly, err := stix.PositionID(stix.PolicyOpenCTI, nil, &lon)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := stix.DeterministicID(stix.PolicyOpenCTI, "location", map[string]any{"longitude": 2.2945}); lonOnly != want {
		t.Errorf("longitude only = %s, want %s", lonOnly, want)
	}
	nan, inf := math.NaN(), math.Inf(-1)
	for name, fn := range map[string]func() (string, error){
		"position without coordinates": func() (string, error) { return stix.PositionID(stix.PolicyOpenCTI, nil, nil) },
		"NaN latitude":                 func() (string, error) { return stix.PositionID(stix.PolicyOpenCTI, &nan, &lon) },
		"infinite longitude":           func() (string, error) { return stix.PositionID(stix.PolicyOpenCTI, &lon, &inf) },
		"empty software":               func() (string, error) { return stix.SoftwareID("", "", "", "", "") },
		"empty text":                   func() (string, error) { return stix.TextID("") },
		"invalid UTF-8 threat actor":   func() (string, error) { return stix.ThreatActorID(stix.PolicyOpenCTI, "\xff", "") },
	} {
		if id, err := fn(); err == nil {
			t.Errorf("%s: id %s, no error", name, id)
		}
	}
	if _, err := stix.SoftwareID("", "", "", "", ""); !errors.Is(err, stix.ErrNoContributingProperties) {
		t.Errorf("empty software: %v, want ErrNoContributingProperties", err)
	}
	// swid contributes, in its sorted place.
	withSWID, _ := stix.SoftwareID("x", "", "swid:1", "", "")
	if want, _ := stix.DeterministicID(stix.PolicyOpenCTI, "software", map[string]any{"name": "x", "swid": "swid:1"}); withSWID != want {
		t.Errorf("software with swid = %s, want %s", withSWID, want)
	}
}

func TestHostAndThreatMarshal(t *testing.T) {
	t.Parallel()
	at := stix.Time(time.Date(2021, 3, 5, 8, 0, 0, 0, time.UTC))
	// is_family is required: written when false too.
	m := &stix.Malware{Common: stix.Common{ID: "malware--36297121-bf18-56e1-b200-d39c9f9f5cee", Created: at, Modified: at}, Name: "Emotet"}
	got, err := m.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"malware","spec_version":"2.1","id":"malware--36297121-bf18-56e1-b200-d39c9f9f5cee","created":"2021-03-05T08:00:00.000Z","modified":"2021-03-05T08:00:00.000Z","name":"Emotet","is_family":false}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// JSON has no NaN: marshalling fails, and so does ValidateBundle.
	nan := math.NaN()
	loc := &stix.Location{Common: stix.Common{ID: "location--7215cb31-5700-55b2-81b3-633c09c0351d", Created: at, Modified: at}, Country: "DE", Precision: &nan}
	if b, err := loc.MarshalJSON(); err == nil {
		t.Errorf("NaN precision marshalled: %s", b)
	}
	if err := stix.ValidateBundle(stix.NewBundle(loc)); err == nil || !strings.Contains(err.Error(), "marshal") {
		t.Errorf("ValidateBundle of a NaN precision: %v, want a marshal problem", err)
	}
	// Decoding gives the typed struct with unknown properties kept.
	in := `{"type":"threat-actor","spec_version":"2.1","id":"threat-actor--71381464-6b60-5919-a425-52492e37f6ba","created":"2021-03-05T08:00:00.000Z","modified":"2021-03-05T08:00:00.000Z","name":"Lazarus Group","first_seen":"2019-05-01T00:00:00Z","x_opencti_type":"Threat-Actor-Individual","x_mitre_aliases":["a"]}`
	o, err := stix.DecodeObject([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	ta, ok := o.(*stix.ThreatActor)
	if !ok {
		t.Fatalf("decoded %T", o)
	}
	if ta.XOpenCTIType != stix.ThreatActorIndividual || ta.FirstSeen.Year() != 2019 || ta.Custom["x_mitre_aliases"] == nil {
		t.Errorf("decoded %+v", ta)
	}
	if out, _ := ta.MarshalJSON(); string(out) != in {
		t.Errorf("round trip:\n got %s\nwant %s", out, in)
	}
	for typ, want := range map[string]string{
		"software": "*stix.Software", "text": "*stix.Text", "location": "*stix.Location", "intrusion-set": "*stix.IntrusionSet",
		"malware": "*stix.Malware", "tool": "*stix.Tool",
	} {
		o, err := stix.DecodeObject([]byte(`{"type":"` + typ + `","id":"` + typ + `--16a3672b-897e-552c-8d46-ce2fbb83618d"}`))
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if got := fmt.Sprintf("%T", o); got != want {
			t.Errorf("%s decoded as %s, want %s", typ, got, want)
		}
	}
}

// Every modelled type exposes its markings through MarkingRefs, which
// callers use instead of a type switch.
func TestMarkingRefsOnEveryType(t *testing.T) {
	t.Parallel()
	for _, o := range stixsamples.Objects() {
		m, ok := o.(interface{ MarkingRefs() []string })
		if !ok {
			t.Errorf("%T has no MarkingRefs", o)
			continue
		}
		raw, _ := o.MarshalJSON()
		var head struct {
			Refs []string `json:"object_marking_refs"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(head.Refs, m.MarkingRefs()); diff != "" {
			t.Errorf("%s: MarkingRefs (-json +method):\n%s", o.StixID(), diff)
		}
	}
}
