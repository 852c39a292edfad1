package mdti_test

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
)

// profileInstantOnly compares times by instant: the simulation builds them in
// code (no Raw text), the decoder keeps the text it read.
var profileInstantOnly = cmp.Transformer("instant", func(t passivetotal.Time) string { return t.Time.String() })

// TestProfileSimulationServes checks that every simulated value, marshalled
// as a simulator would profileServe it, decodes back to the same value with the
// saved-body decoders, and that every simulated time is set.
func TestProfileSimulationServes(t *testing.T) {
	t.Parallel()
	sim := mdti.ProfileSimulation()
	if len(sim.Profiles) == 0 || len(sim.Vulnerabilities) == 0 {
		t.Fatal("empty simulation")
	}
	page := profileServe(t, mdti.IntelProfileList{Profiles: sim.Profiles, Count: len(sim.Profiles)}, mdti.DecodeIntelProfiles)
	if diff := cmp.Diff(sim.Profiles, page.Profiles, profileInstantOnly); diff != "" {
		t.Errorf("profiles (-sim +served):\n%s", diff)
	}
	for _, p := range sim.Profiles {
		if !p.FirstActive.Valid() {
			t.Errorf("profile %s: no first activity", p.ID)
		}
		inds, ok := sim.Indicators[p.ID]
		if !ok {
			t.Errorf("profile %s: no indicators", p.ID)
		}
		for _, ind := range inds {
			if !ind.FirstSeen.Valid() {
				t.Errorf("indicator %s: bad first sighting", ind.ID)
			}
		}
		got := profileServe(t, mdti.IntelProfileIndicatorList{Indicators: inds}, mdti.DecodeIntelProfileIndicators)
		if diff := cmp.Diff(inds, got.Indicators, profileInstantOnly); diff != "" {
			t.Errorf("indicators of %s (-sim +served):\n%s", p.ID, diff)
		}
	}
	for _, v := range sim.Vulnerabilities {
		got := profileServe(t, v, mdti.DecodeVulnerability)
		if diff := cmp.Diff(v, *got, profileInstantOnly); diff != "" {
			t.Errorf("vulnerability %s (-sim +served):\n%s", v.ID, diff)
		}
		if !v.Created.Valid() || !v.Published.Valid() {
			t.Errorf("vulnerability %s: times not set", v.ID)
		}
		comps := profileServe(t, mdti.VulnerabilityComponentList{Components: sim.Components[v.ID]}, mdti.DecodeVulnerabilityComponents)
		if diff := cmp.Diff(sim.Components[v.ID], comps.Components); diff != "" {
			t.Errorf("components of %s (-sim +served):\n%s", v.ID, diff)
		}
		arts := profileServe(t, mdti.VulnerabilityArticleList{Articles: sim.Articles[v.ID]}, mdti.DecodeVulnerabilityArticles)
		if diff := cmp.Diff(sim.Articles[v.ID], arts.Articles, profileInstantOnly); diff != "" {
			t.Errorf("articles of %s (-sim +served):\n%s", v.ID, diff)
		}
	}
	// A fresh copy each call: a caller changing one does not change the next.
	sim.Profiles[0].Title = "changed"
	if mdti.ProfileSimulation().Profiles[0].Title == "changed" {
		t.Error("ProfileSimulation returns shared data")
	}
}

func profileServe[T, V any](t *testing.T, v V, decode func(io.Reader) (*T, error)) *T {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	return got
}
