package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/testkit/bundletest"
	"github.com/ptstix/passivetotal/examples/internal/testkit/schemacheck"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
	"github.com/ptstix/passivetotal/opencti/openctitest"
	"github.com/ptstix/passivetotal/stix"
)

// profileSkips reads the "indicator skipped" records of a JSON log: the
// items skipped, by the unit ("profile <id>", an article GUID) they belong to.
func profileSkips(t *testing.T, stderr string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, line := range strings.Split(stderr, "\n") {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var rec struct {
			Msg, GUID, Item, Reason string
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec.Msg == "indicator skipped" {
			if rec.Reason == "" {
				t.Errorf("skip of %s without a reason", rec.Item)
			}
			out[rec.GUID] = append(out[rec.GUID], rec.Item)
		}
	}
	return out
}

// patternHas reports whether a STIX pattern compares to value: as one
// string literal, or for a file path as the file name (the pattern splits
// a path into name and parent directory).
func patternHas(pattern, value string) bool {
	lit := func(v string) string { return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'" }
	if strings.Contains(pattern, lit(value)) {
		return true
	}
	i := strings.LastIndexAny(value, `\/`)
	return i >= 0 && strings.Contains(pattern, "file:name = "+lit(value[i+1:]))
}

// TestImportGraphDemoProfiles: the issue's acceptance run. `import -demo
// -backend graph -profiles -once` writes a validated bundle for every
// article and every profile of the simulator; each profile indicator is
// in its profile's bundle or skipped with a reason; articles that name a
// profile or a CVE reference it.
func TestImportGraphDemoProfiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runImport(t, t.Context(), nil, "-demo", "-backend", "graph", "-profiles", "-once", "-out", dir, "-log-json", "-log-level", "debug")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	set := bundletest.ReadDir(t, dir) // parses and validates every bundle
	sim := mdti.ProfileSimulation()
	if n := len(set.ReportExternalIDs()); n != mdtitest.New(mdtitest.Config{}).Config().Articles {
		t.Errorf("%d article reports, want one per simulated article", n)
	}
	skips := profileSkips(t, r.stderr)
	mainIDs := map[string]string{} // profile object ID -> profile ID
	for _, p := range sim.Profiles {
		b := set.Bundles["profile-"+p.ID+".json"]
		if b == nil {
			t.Errorf("no bundle for profile %s; files %v", p.ID, set.Names)
			continue
		}
		var patterns []string
		for _, o := range b.Objects {
			switch v := o.(type) {
			case *stix.Indicator:
				patterns = append(patterns, v.Pattern)
			case *stix.IntrusionSet, *stix.Malware:
				mainIDs[o.StixID()] = p.ID
			}
		}
		for _, ind := range sim.Indicators[p.ID] {
			_, value := ind.Artifact.IndicatorType()
			present := slices.ContainsFunc(patterns, func(pat string) bool { return patternHas(pat, value) })
			skipped := slices.ContainsFunc(skips["profile "+p.ID], func(item string) bool { return strings.Contains(item, strconv.Quote(value)) })
			if present == skipped {
				t.Errorf("profile %s indicator %q: in the bundle %v, skipped %v; want exactly one", p.ID, value, present, skipped)
			}
		}
	}
	if len(mainIDs) != len(sim.Profiles) {
		t.Errorf("%d profile objects, want %d", len(mainIDs), len(sim.Profiles))
	}
	for _, cve := range []string{"CVE-2021-44228", "CVE-2023-23397"} {
		if set.Bundles["vulnerability-"+cve+".json"] == nil {
			t.Errorf("no vulnerability bundle for %s, which articles name", cve)
		}
	}
	linkedProfiles, linkedVulns := 0, 0
	for _, b := range set.Bundles {
		for _, o := range b.Objects {
			rep, ok := o.(*stix.Report)
			if !ok {
				continue
			}
			for _, ref := range rep.ObjectRefs {
				if mainIDs[ref] != "" {
					linkedProfiles++
				}
				if strings.HasPrefix(ref, "vulnerability--") {
					linkedVulns++
				}
			}
		}
	}
	if linkedProfiles == 0 || linkedVulns == 0 {
		t.Errorf("reports reference %d profiles and %d vulnerabilities; the simulator's articles name both", linkedProfiles, linkedVulns)
	}

	t.Run("OASIS schemas", func(t *testing.T) {
		c := schemacheck.FromEnv(t)
		for _, name := range set.Names {
			if err := c.Bundle(set.Raw[name]); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}

// TestImportProfilesIncremental: a second run with the state sends no
// profile again; a profile whose bundle changes (here: actors mapped to
// threat-actor) is sent again; a state file written before profiles
// existed loads, and the run that reads it sends every profile.
func TestImportProfilesIncremental(t *testing.T) {
	t.Parallel()
	sim := mdtitest.StartTB(t, mdtitest.Config{Epoch: epoch, Articles: 6})
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	run := func(out string, extra ...string) *bundletest.Set {
		t.Helper()
		args := append([]string{"-backend", "graph", "-profiles", "-once", "-out", filepath.Join(dir, out), "-state", state}, extra...)
		r := runImport(t, t.Context(), graphEnv(sim), args...)
		if r.code != 0 {
			t.Fatalf("%s: exit %d, stderr:\n%s", out, r.code, r.stderr)
		}
		return bundletest.ReadDir(t, filepath.Join(dir, out))
	}
	profileFiles := func(s *bundletest.Set) []string {
		var out []string
		for _, n := range s.Names {
			if strings.HasPrefix(n, "profile-") {
				out = append(out, n)
			}
		}
		return out
	}
	nProfiles := len(mdti.ProfileSimulation().Profiles)
	if got := profileFiles(run("run1")); len(got) != nProfiles {
		t.Fatalf("first run: profiles %v", got)
	}
	st := readState(t, state)
	if len(st.SentBundles) < nProfiles {
		t.Errorf("state remembers %v", st.SentBundles)
	}
	if got := run("run2"); len(got.Names) != 0 {
		t.Errorf("second run wrote %v, want nothing", got.Names)
	}
	if got := profileFiles(run("run3", "-profile-actors-as", "threat-actor")); len(got) != 2 {
		t.Errorf("actors as threat-actor: re-sent %v, want the two actor profiles", got)
	}

	// A state document from before -profiles: no sent_bundles member.
	old := `{"last_article_time":"2024-04-12T00:00:00Z","sent_guids":["x"],"last_run_time":"2024-04-12T01:00:00Z"}`
	if err := os.WriteFile(state, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := profileFiles(run("run4")); len(got) != nProfiles {
		t.Errorf("from an old state file: profiles %v", got)
	}
}

func TestImportProfilesConfiguration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"PassiveTotal backend", nil, []string{"-demo", "-backend", "passivetotal", "-profiles"}, "config: -profiles: profiles come from Microsoft Graph only"},
		{"PassiveTotal backend by env", map[string]string{"PASSIVETOTAL_IMPORT_PROFILES": "true"}, []string{"-demo"}, "config: PASSIVETOTAL_IMPORT_PROFILES: profiles come from Microsoft Graph only"},
		{"saved files", nil, []string{"-backend", "graph", "-profiles", "-input", "."}, "config: -profiles: profiles are read from the Graph API"},
		{"actor kind", nil, []string{"-demo", "-backend", "graph", "-profile-actors-as", "group"}, `-profile-actors-as: "group" is not one of intrusion-set, threat-actor`},
		{"tool kind", map[string]string{"PASSIVETOTAL_PROFILE_TOOLS_AS": "virus"}, []string{"-demo", "-backend", "graph"}, `PASSIVETOTAL_PROFILE_TOOLS_AS: "virus" is not one of malware, tool`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runImport(t, t.Context(), tt.env, append([]string{"-once", "-out", t.TempDir()}, tt.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", r.code, r.stderr, tt.want)
			}
			if lines := strings.Count(strings.TrimSpace(r.stderr), "\n") + 1; lines != 1 {
				t.Errorf("%d lines on stderr, want one:\n%s", lines, r.stderr)
			}
		})
	}
}

// TestConnectorModeProfiles: in OpenCTI connector mode the profiles go to
// the platform within the run's work, the platform's state remembers
// them, and a restart sends none again.
func TestConnectorModeProfiles(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	env := p.Env(connectorID, "PassiveTotal articles")
	r := runImport(t, context.Background(), env, "-demo", "-backend", "graph", "-profiles")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	set := platformBundles(t, p, "work-1")
	counts := set.Counts()
	if counts["intrusion-set"] == 0 || counts["malware"] == 0 || counts["report"] == 0 {
		t.Errorf("platform received %v", counts)
	}
	var st cli.State
	if err := json.Unmarshal([]byte(p.State(connectorID)), &st); err != nil {
		t.Fatal(err)
	}
	for _, prof := range mdti.ProfileSimulation().Profiles {
		if st.SentBundles["profile:"+prof.ID] == "" {
			t.Errorf("platform state does not remember profile %s: %v", prof.ID, st.SentBundles)
		}
	}
	done := p.Calls("toProcessed")
	if len(done) != 1 || !strings.Contains(done[0].Str("message"), "3 profile(s) sent") {
		t.Errorf("work message: %+v", done)
	}

	before := len(p.Bundles(t))
	if r := runImport(t, context.Background(), env, "-demo", "-backend", "graph", "-profiles"); r.code != 0 {
		t.Fatalf("second run: exit %d\n%s", r.code, r.stderr)
	}
	if after := len(p.Bundles(t)); after != before {
		t.Errorf("second run pushed %d more bundles", after-before)
	}
}
