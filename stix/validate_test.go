package stix_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/internal/testkit/stixsamples"
	"github.com/ptstix/passivetotal/stix"
)

func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *stix.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *ValidationError", err)
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Property+": "+p.Message)
	}
	return out
}

func TestValidateObjects(t *testing.T) {
	t.Parallel()
	at := stix.Time(time.Date(2021, 3, 5, 8, 0, 0, 0, time.UTC))
	good := stix.Common{ID: "indicator--251b41b7-1baf-527e-a251-5821a471dd65", Created: at, Modified: at}
	tests := []struct {
		name string
		obj  stix.Object
		want []string // substrings of the expected problems, in order
	}{
		{"valid indicator", &stix.Indicator{Common: good, Pattern: "[domain-name:value = 'x']", PatternType: "stix", ValidFrom: at}, nil},
		{"empty indicator", &stix.Indicator{}, []string{"id: missing", "created: required", "modified: required", "pattern: required", "pattern_type: required", "valid_from: required"}},
		{"wrong prefix", &stix.Report{Common: good, Name: "r", Published: at, ObjectRefs: []string{"identity--e3a8eb8d-a5d4-5cb6-b5f3-f10a17ad78a7"}}, []string{`id: prefix "indicator" does not match type "report"`}},
		{"bad uuid", &stix.DomainName{ObservableCommon: stix.ObservableCommon{ID: "domain-name--not-a-uuid"}, Value: "x"}, []string{"id: malformed UUID"}},
		// Well-formed hex but not RFC 4122 (version 0, variant 0): the OASIS
		// identifier schema rejects it, so must Validate.
		{"nil uuid", &stix.DomainName{ObservableCommon: stix.ObservableCommon{ID: "domain-name--00000000-0000-0000-0000-000000000000"}, Value: "x"}, []string{"id: UUID is not RFC 4122"}},
		{"uuid variant not 10xx", &stix.DomainName{ObservableCommon: stix.ObservableCommon{ID: "domain-name--bedb4899-d24b-5401-cc86-8f6b4cc18ec7"}, Value: "x"}, []string{"id: UUID is not RFC 4122"}},
		{"uuid version 6", &stix.Indicator{Common: stix.Common{ID: "indicator--251b41b7-1baf-627e-a251-5821a471dd65", Created: at, Modified: at}, Pattern: "[domain-name:value = 'x']", PatternType: "stix", ValidFrom: at}, []string{"id: UUID is not RFC 4122"}},
		{"ref not RFC 4122", &stix.Indicator{Common: stix.Common{ID: "indicator--251b41b7-1baf-527e-a251-5821a471dd65", Created: at, Modified: at, CreatedByRef: "identity--e3a8eb8d-a5d4-0cb6-b5f3-f10a17ad78a7"}, Pattern: "[domain-name:value = 'x']", PatternType: "stix", ValidFrom: at}, []string{"created_by_ref: \"identity--e3a8eb8d-a5d4-0cb6-b5f3-f10a17ad78a7\": UUID is not RFC 4122"}},
		{"uppercase hex is RFC 4122", &stix.DomainName{ObservableCommon: stix.ObservableCommon{ID: "domain-name--BEDB4899-D24B-5401-BC86-8F6B4CC18EC7"}, Value: "x"}, nil},
		{"unbalanced pattern", &stix.Indicator{Common: good, Pattern: "[domain-name:value = 'x'", PatternType: "stix", ValidFrom: at}, []string{"pattern:"}},
		{"stop before start", &stix.Relationship{
			Common:           stix.Common{ID: "relationship--f9683d2c-a6c6-5e4c-8048-34191210a024", Created: at, Modified: at},
			RelationshipType: "resolves-to", SourceRef: "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7", TargetRef: "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
			StartTime: at, StopTime: at,
		}, []string{"stop_time: must be later than start_time"}},
		{"bad refs", &stix.Relationship{
			Common:           stix.Common{ID: "relationship--f9683d2c-a6c6-5e4c-8048-34191210a024", Created: at, Modified: at, CreatedByRef: "report--14a43574-d99e-5d1a-8f7c-f312da5881ad", ObjectMarkingRefs: []string{"tlp:red"}},
			RelationshipType: "resolves-to", SourceRef: "nope", TargetRef: "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
		}, []string{"created_by_ref: \"report--", "object_marking_refs: \"tlp:red\"", "source_ref: \"nope\""}},
		{"modified before created", &stix.Vulnerability{Common: stix.Common{ID: "vulnerability--693c68fd-9a33-5d6d-b44e-407b6a48b05b", Created: at, Modified: stix.Time(at.Add(-time.Hour))}, Name: "x"}, []string{"modified: must not be earlier than created"}},
		{"bad custom name", &stix.Vulnerability{Common: stix.Common{ID: "vulnerability--693c68fd-9a33-5d6d-b44e-407b6a48b05b", Created: at, Modified: at, Custom: map[string]any{"X-Bad": 1}}, Name: "x"}, []string{"X-Bad: invalid custom property name"}},
		{"file without hashes or name", &stix.File{ObservableCommon: stix.ObservableCommon{ID: "file--02fff920-f614-527c-81d1-6353633a6d21"}, ParentDirectoryRef: "file--02fff920-f614-527c-81d1-6353633a6d21"}, []string{": hashes or name required", "parent_directory_ref: \"file--"}},
		{"marking without definition", &stix.MarkingDefinition{ID: stix.TLPRedID}, []string{"created: required", "definition_type: required", "definition: required"}},
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
	if stix.Validate(nil) == nil {
		t.Error("Validate(nil) = nil")
	}
}

func TestValidateBundle(t *testing.T) {
	t.Parallel()
	if err := stix.ValidateBundle(stixsamples.Bundle()); err != nil {
		t.Fatalf("sample bundle: %v", err)
	}
	// Drop the directory the file points to and the author: dangling refs.
	var objs []stix.Object
	for _, o := range stixsamples.Objects() {
		if o.Type() != "directory" && o.StixID() != "identity--e3a8eb8d-a5d4-5cb6-b5f3-f10a17ad78a7" {
			objs = append(objs, o)
		}
	}
	got := problems(t, stix.ValidateBundle(stix.NewBundle(objs...)))
	var dir, author, custom int
	for _, p := range got {
		switch {
		case strings.HasPrefix(p, "parent_directory_ref:"):
			dir++
		case strings.HasPrefix(p, "x_opencti_created_by_ref:"):
			custom++
		case strings.HasPrefix(p, "created_by_ref:"):
			author++
		}
	}
	if dir != 1 || author == 0 || custom == 0 {
		t.Errorf("dangling refs not all found (dir %d, author %d, custom %d): %q", dir, author, custom, got)
	}
	// TLP references need no definition object in the bundle.
	d := &stix.DomainName{ObservableCommon: stix.ObservableCommon{ID: "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7", ObjectMarkingRefs: []string{stix.TLPRedID}}, Value: "example.com"}
	if err := stix.ValidateBundle(stix.NewBundle(d)); err != nil {
		t.Error(err)
	}
	// Duplicate IDs (bypassing Add) and a bad bundle id.
	b := &stix.Bundle{ID: "report--14a43574-d99e-5d1a-8f7c-f312da5881ad", Objects: []stix.Object{d, d}}
	got = problems(t, stix.ValidateBundle(b))
	if len(got) != 2 {
		t.Errorf("problems %q, want a bad id and a duplicate", got)
	}
	if err := stix.ValidateBundle(nil); err == nil {
		t.Error("ValidateBundle(nil) = nil")
	}
	if msg := stix.ValidateBundle(b).Error(); !strings.HasPrefix(msg, "stix: invalid: ") {
		t.Errorf("error text %q", msg)
	}
}
