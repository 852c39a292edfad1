package stix_test

import (
	"testing"

	"github.com/ptstix/passivetotal/stix"
)

func TestHighestTLP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   []stix.TLP
		want stix.TLP
	}{
		{nil, 0},
		{[]stix.TLP{0, 99}, 0},
		{[]stix.TLP{stix.TLPClear}, stix.TLPClear},
		{[]stix.TLP{stix.TLPWhite, stix.TLPClear}, stix.TLPWhite},
		{[]stix.TLP{stix.TLPGreen, stix.TLPClear}, stix.TLPGreen},
		{[]stix.TLP{stix.TLPAmber, stix.TLPRed, stix.TLPGreen}, stix.TLPRed},
		{[]stix.TLP{stix.TLPAmberStrict, stix.TLPAmber}, stix.TLPAmberStrict},
	}
	for _, tt := range tests {
		if got := stix.HighestTLP(tt.in...); got != tt.want {
			t.Errorf("HighestTLP(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTLPLookup(t *testing.T) {
	t.Parallel()
	names := map[string]stix.TLP{
		"TLP:AMBER+STRICT": stix.TLPAmberStrict, "amber+strict": stix.TLPAmberStrict, "amber": stix.TLPAmber,
		"Tlp:Red": stix.TLPRed, " green ": stix.TLPGreen, "CLEAR": stix.TLPClear, "white": stix.TLPWhite,
	}
	for in, want := range names {
		if got, ok := stix.TLPByName(in); !ok || got != want {
			t.Errorf("TLPByName(%q) = %v, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "TLP:", "black", "TLP:AMBER STRICT"} {
		if _, ok := stix.TLPByName(bad); ok {
			t.Errorf("TLPByName(%q) found something", bad)
		}
	}
	ids := map[string]stix.TLP{
		stix.TLPWhiteID: stix.TLPClear, stix.TLPGreenID: stix.TLPGreen, stix.TLPAmberID: stix.TLPAmber,
		stix.TLPAmberStrictID: stix.TLPAmberStrict, stix.TLPRedID: stix.TLPRed,
	}
	for id, want := range ids {
		if got, ok := stix.TLPByID(id); !ok || got != want {
			t.Errorf("TLPByID(%s) = %v, %v", id, got, ok)
		}
		if def := want.Definition(); def.ID != id || stix.Validate(def) != nil {
			t.Errorf("%v definition %+v", want, def)
		}
	}
	if stix.TLP(0).Definition() != nil || stix.TLP(0).ID() != "" || stix.TLP(42).String() != "TLP(42)" {
		t.Error("invalid TLP values not handled")
	}
	if stix.TLPWhite.ID() != stix.TLPClear.ID() || stix.TLPWhite.Rank() != stix.TLPClear.Rank() {
		t.Error("WHITE and CLEAR must share ID and rank")
	}
}
