package mdtitest

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/ptstix/passivetotal/mdti"
)

// profileData indexes mdti.ProfileSimulation for serving.
type profileData struct {
	sim       *mdti.ProfileSimData
	profiles  map[string]int // id -> index in sim.Profiles
	vulns     map[string]int // id -> index in sim.Vulnerabilities
	vulnPages map[string][]any
}

func newProfileData(articles []article) *profileData {
	d := &profileData{sim: mdti.ProfileSimulation(), profiles: map[string]int{}, vulns: map[string]int{}, vulnPages: map[string][]any{}}
	for i, p := range d.sim.Profiles {
		d.profiles[p.ID] = i
	}
	for i, v := range d.sim.Vulnerabilities {
		d.vulns[v.ID] = i
		// The vulnerability's articles: the simulated ones, then every
		// article of /articles tagged with its CVE.
		var items []any
		for _, a := range d.sim.Articles[v.ID] {
			items = append(items, a)
		}
		for _, a := range articles {
			if slices.Contains(a.Tags, v.ID) {
				items = append(items, vulnArticleJSON(a))
			}
		}
		d.vulnPages[v.ID] = items
	}
	return d
}

// vulnArticleJSON is an /articles article as /vulnerabilities/{id}/articles
// lists it.
func vulnArticleJSON(a article) map[string]any {
	return map[string]any{
		"@odata.type": "#microsoft.graph.security.article",
		"id":          a.ID, "title": a.Title,
		"summary":         map[string]any{"content": a.Summary, "format": "markdown"},
		"tags":            a.Tags,
		"createdDateTime": graphTime(a.Created), "lastUpdatedDateTime": graphTime(a.Updated),
	}
}

// serveProfiles answers /intelProfiles, /intelProfiles/{id} and
// /intelProfiles/{id}/indicators.
func (s *Server) serveProfiles(w http.ResponseWriter, r *http.Request, q url.Values, segs []string) {
	d := s.profiles
	if len(segs) == 1 {
		items := make([]any, len(d.sim.Profiles))
		for i, p := range d.sim.Profiles {
			items[i] = p
		}
		s.writePage(w, r, q, items)
		return
	}
	i, ok := d.profiles[segs[1]]
	switch {
	case len(segs) > 3 || (len(segs) == 3 && segs[2] != "indicators"):
		writeGraphError(w, http.StatusNotFound, "BadRequest", "Resource not found for the segment '"+cut(segs[len(segs)-1])+"'.")
	case !ok:
		writeGraphError(w, http.StatusNotFound, "NotFound", "Intelligence profile not found.")
	case len(segs) == 2:
		writeJSON(w, http.StatusOK, d.sim.Profiles[i])
	default:
		inds := d.sim.Indicators[segs[1]]
		items := make([]any, len(inds))
		for j, in := range inds {
			items[j] = in
		}
		s.writePage(w, r, q, items)
	}
}

// serveVulnerabilities answers /vulnerabilities/{id} and its components
// and articles.
func (s *Server) serveVulnerabilities(w http.ResponseWriter, r *http.Request, q url.Values, segs []string) {
	d := s.profiles
	if len(segs) == 1 || len(segs) > 3 || (len(segs) == 3 && segs[2] != "components" && segs[2] != "articles") {
		writeGraphError(w, http.StatusNotFound, "BadRequest", "Resource not found for the segment '"+cut(segs[len(segs)-1])+"'.")
		return
	}
	i, ok := d.vulns[segs[1]]
	switch {
	case !ok:
		writeGraphError(w, http.StatusNotFound, "NotFound", "Vulnerability not found.")
	case len(segs) == 2:
		writeJSON(w, http.StatusOK, d.sim.Vulnerabilities[i])
	case segs[2] == "components":
		comps := d.sim.Components[segs[1]]
		items := make([]any, len(comps))
		for j, c := range comps {
			items[j] = c
		}
		s.writePage(w, r, q, items)
	default:
		s.writePage(w, r, q, d.vulnPages[segs[1]])
	}
}
