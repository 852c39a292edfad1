package mapping

import (
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/stix"
)

// TestSimulatedProfiles maps every profile and vulnerability the Graph
// simulator serves: each gives a valid bundle (kept as a golden file) and
// each indicator is either an indicator or a skip with its reason.
func TestSimulatedProfiles(t *testing.T) {
	t.Parallel()
	sim := mdti.ProfileSimulation()
	for _, p := range sim.Profiles {
		inds := sim.Indicators[p.ID]
		r, err := Profile(p, inds, ProfileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b := checkResult(t, r)
		indicators, skipped := 0, 0
		for _, o := range r.Objects {
			if _, ok := o.(*stix.Indicator); ok {
				indicators++
			}
		}
		for _, s := range r.Skips {
			if strings.HasPrefix(s.Item, "indicator ") {
				skipped++
			}
		}
		if indicators+skipped != len(inds) {
			t.Errorf("%s: %d indicators + %d skipped != %d served", p.ID, indicators, skipped, len(inds))
		}
		golden(t, "profile_sim_"+p.ID, b, r.Skips)
	}
	for _, v := range sim.Vulnerabilities {
		b, skips, err := VulnerabilityBundle(v, sim.Components[v.ID], VulnerabilityOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkBundle(t, b)
		if len(skips) != 0 {
			t.Errorf("%s: skips %v", v.ID, skips)
		}
		golden(t, "vulnerability_sim_"+strings.ToLower(v.ID), b, skips)
	}
}
