package mapping

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/stix"
)

// TestArticleResolverMarkings: objects a TagResolver returns, of every
// SDO type the stix package models, bring the definitions of their own
// markings into the bundle, and an unmarked one takes the report's.
func TestArticleResolverMarkings(t *testing.T) {
	t.Parallel()
	a := simpleArticle(t) // public, no indicators: the report is TLP:CLEAR
	at := stix.Time(a.CreatedDate.Time)
	common := func(id string, tlp stix.TLP) stix.Common {
		return stix.Common{ID: id, Created: at, Modified: at, ObjectMarkingRefs: tlpRefs(tlp)}
	}
	mustID := func(id string, err error) string {
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	tests := []struct {
		name string
		obj  func(tlp stix.TLP) stix.Object
	}{
		{"intrusion-set", func(tlp stix.TLP) stix.Object {
			return &stix.IntrusionSet{Common: common(mustID(stix.IntrusionSetID(stix.PolicyOpenCTI, "X")), tlp), Name: "X"}
		}},
		{"malware", func(tlp stix.TLP) stix.Object {
			return &stix.Malware{Common: common(mustID(stix.MalwareID(stix.PolicyOpenCTI, "X")), tlp), Name: "X", IsFamily: true}
		}},
		{"tool", func(tlp stix.TLP) stix.Object {
			return &stix.Tool{Common: common(mustID(stix.ToolID(stix.PolicyOpenCTI, "X")), tlp), Name: "X"}
		}},
		{"vulnerability", func(tlp stix.TLP) stix.Object {
			return &stix.Vulnerability{Common: common(mustID(stix.VulnerabilityID(stix.PolicyOpenCTI, "X")), tlp), Name: "X"}
		}},
	}
	for _, tt := range tests {
		for _, tc := range []struct {
			tlp, wantObj stix.TLP
			want         []string
		}{
			{stix.TLPAmber, stix.TLPAmber, []string{stix.TLPClearID, stix.TLPAmberID}},
			{0, stix.TLPClear, []string{stix.TLPClearID}},
		} {
			t.Run(tt.name+"/"+tc.tlp.String(), func(t *testing.T) {
				t.Parallel()
				obj := tt.obj(tc.tlp)
				resolver := TagResolverFunc(func(string) ([]stix.Object, error) { return []stix.Object{obj}, nil })
				r, err := Article(a, ArticleOptions{TagResolver: resolver})
				if err != nil {
					t.Fatal(err)
				}
				checkResult(t, r)
				var got []string
				for _, m := range r.Markings {
					got = append(got, m.ID)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("marking definitions (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tlpRefs(tc.wantObj), markingRefs(r.Objects[1])); diff != "" {
					t.Errorf("%s markings (-want +got):\n%s", tt.name, diff)
				}
			})
		}
	}
}
