package stix_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/internal/testkit/stixsamples"
	"github.com/ptstix/passivetotal/stix"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// objectLines marshals one object per line, so golden diffs stay readable.
func objectLines(t *testing.T, objs []stix.Object) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, o := range objs {
		b, err := o.AppendJSON(nil)
		if err != nil {
			t.Fatalf("%s: %v", o.StixID(), err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

func TestGoldenObjects(t *testing.T) {
	t.Parallel()
	golden(t, "objects.golden.jsonl", objectLines(t, stixsamples.Objects()))
	var defs []stix.Object
	for _, m := range stixsamples.TLPDefinitions() {
		defs = append(defs, m)
	}
	golden(t, "tlp.golden.jsonl", objectLines(t, defs))
}

func TestGoldenBundle(t *testing.T) {
	t.Parallel()
	b, err := stixsamples.Bundle().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	golden(t, "bundle.golden.json", pretty.Bytes())
}

// Marshalling is deterministic, and decoding then re-encoding gives the
// same bytes (custom and unknown properties included).
func TestRoundTripBytes(t *testing.T) {
	t.Parallel()
	for _, o := range stixsamples.Objects() {
		first, err := o.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		again, _ := o.MarshalJSON()
		if !bytes.Equal(first, again) {
			t.Errorf("%s: two marshals differ", o.StixID())
		}
		back, err := stix.DecodeObject(first)
		if err != nil {
			t.Fatalf("%s: %v", o.StixID(), err)
		}
		if back.Type() != o.Type() || back.StixID() != o.StixID() {
			t.Errorf("decoded %s %s", back.Type(), back.StixID())
		}
		second, err := back.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(first), string(second)); diff != "" {
			t.Errorf("%s round trip (-first +second):\n%s", o.StixID(), diff)
		}
	}
}

func TestUnknownPropertiesKept(t *testing.T) {
	t.Parallel()
	in := `{"type":"indicator","spec_version":"2.1","id":"indicator--251b41b7-1baf-527e-a251-5821a471dd65",` +
		`"created":"2021-03-05T09:12:44.000Z","modified":"2021-03-05T09:12:44.000Z","pattern":"[domain-name:value = 'evil.example.com']",` +
		`"pattern_type":"stix","valid_from":"2021-03-05T08:00:00Z","x_opencti_detection":true,` +
		`"extensions":{"extension-definition--1":{"extension_type":"property-extension","n":1}},"x_mitre_platforms":["Windows"]}`
	o, err := stix.DecodeObject([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	ind, ok := o.(*stix.Indicator)
	if !ok {
		t.Fatalf("decoded %T", o)
	}
	if ind.ValidFrom.Precision != stix.PrecisionSecond {
		t.Errorf("valid_from precision %d, want seconds", ind.ValidFrom.Precision)
	}
	out, err := ind.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var a, b map[string]any
	_ = json.Unmarshal([]byte(in), &a)
	_ = json.Unmarshal(out, &b)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("properties changed (-in +out):\n%s", diff)
	}
}

func TestDecodeUnknownType(t *testing.T) {
	t.Parallel()
	in := `{"type":"campaign","spec_version":"2.1","id":"campaign--b579a195-9ce1-5dd6-8891-7d7f401069a8","name":"PoisonIvy", "is_family": true}`
	o, err := stix.DecodeObject([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := o.(*stix.Unknown); !ok || o.Type() != "campaign" {
		t.Fatalf("decoded %T %s", o, o.Type())
	}
	out, _ := o.MarshalJSON()
	if !strings.Contains(string(out), `"is_family":true`) {
		t.Errorf("raw object not kept: %s", out)
	}
	if err := o.Validate(); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{`{}`, `[]`, `{"type":"indicator","pattern":1}`} {
		if _, err := stix.DecodeObject([]byte(bad)); err == nil {
			t.Errorf("DecodeObject(%s): no error", bad)
		}
	}
}

func TestWireRules(t *testing.T) {
	t.Parallel()
	at := time.Date(2021, 3, 5, 8, 0, 0, 123456789, time.FixedZone("X", 7200))
	v := &stix.Vulnerability{
		Common: stix.Common{
			ID:      "vulnerability--693c68fd-9a33-5d6d-b44e-407b6a48b05b",
			Created: stix.Timestamp{Time: at, Precision: stix.PrecisionNano}, Modified: stix.Timestamp{Time: at},
			Custom: map[string]any{"name": "shadowed", "x_b": 1, "x_a": "<&>\u2028"},
		},
		Name: "CVE-2021-44228",
	}
	got, err := v.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"type\":\"vulnerability\",\"spec_version\":\"2.1\",\"id\":\"vulnerability--693c68fd-9a33-5d6d-b44e-407b6a48b05b\"," +
		"\"created\":\"2021-03-05T06:00:00.123Z\",\"modified\":\"2021-03-05T06:00:00.123Z\",\"name\":\"CVE-2021-44228\"," +
		"\"x_a\":\"<&>\u2028\",\"x_b\":1}"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// json.Marshal of a value (not a pointer) uses the same encoder.
	viaJSON, err := json.Marshal(*v)
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	_ = json.Compact(&compact, viaJSON)
	if !strings.Contains(compact.String(), `"spec_version":"2.1"`) {
		t.Errorf("json.Marshal(value) bypassed MarshalJSON: %s", viaJSON)
	}
	// SCOs have no created/modified.
	d := &stix.DomainName{ObservableCommon: stix.ObservableCommon{ID: "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7"}, Value: "example.com"}
	got, _ = d.MarshalJSON()
	if want := `{"type":"domain-name","spec_version":"2.1","id":"domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7","value":"example.com"}`; string(got) != want {
		t.Errorf("got %s", got)
	}
	// Invalid UTF-8 is an error, never silently replaced.
	d.Value = "bad\xff"
	if _, err := d.MarshalJSON(); err == nil {
		t.Error("no error for invalid UTF-8")
	}
}
