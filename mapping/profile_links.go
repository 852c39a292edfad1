package mapping

import (
	"errors"
	"regexp"
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/stix"
)

// ArticleLinks knows the profiles and vulnerabilities articles may name,
// for [LinkArticle]. The zero value is ready to use; it is not safe for
// concurrent use while being added to.
type ArticleLinks struct {
	byName    map[string][]stix.Object // lower-cased title, alias or CVE -> objects
	byArticle map[string][]stix.Object // Graph article ID -> objects
}

// AddProfile makes the profile's object (the intrusion-set, threat-actor,
// malware or tool [Profile] maps it to with opts) the link of articles
// tagged with its title or one of its aliases. It fails when the profile
// maps to nothing (no title, unknown kind) or opts are invalid.
func (l *ArticleLinks) AddProfile(p mdti.IntelProfile, opts ProfileOptions) error {
	r, err := Profile(p, nil, opts)
	if err != nil {
		return err
	}
	if len(r.Objects) == 0 {
		return profileNotMapped(r.Skips)
	}
	main := r.Objects[0]
	l.addName(p.Title, main)
	for _, a := range p.Aliases {
		l.addName(a, main)
	}
	return nil
}

// AddVulnerability makes the vulnerability [Vulnerability] maps with opts
// the link of articles tagged with its CVE or naming it in their title or
// summary, and of the articles listed by /vulnerabilities/{id}/articles
// (by ID). It fails when the vulnerability maps to nothing or opts are
// invalid.
func (l *ArticleLinks) AddVulnerability(v mdti.Vulnerability, articles []mdti.VulnerabilityArticle, opts VulnerabilityOptions) error {
	r, err := Vulnerability(v, nil, opts)
	if err != nil {
		return err
	}
	if len(r.Objects) == 0 {
		return profileNotMapped(r.Skips)
	}
	vuln := r.Objects[0]
	l.addName(vuln.(*stix.Vulnerability).Name, vuln)
	for _, a := range articles {
		if id := strings.TrimSpace(a.ID); id != "" {
			if l.byArticle == nil {
				l.byArticle = map[string][]stix.Object{}
			}
			l.byArticle[id] = profileAppendNew(l.byArticle[id], vuln)
		}
	}
	return nil
}

func profileNotMapped(skips []Skip) error {
	msg := "mapping: nothing to link"
	if len(skips) > 0 {
		msg += ": " + skips[0].String()
	}
	return errors.New(msg)
}

func (l *ArticleLinks) addName(name string, o stix.Object) {
	key := strings.ToLower(strings.TrimSpace(name))
	if key == "" {
		return
	}
	if l.byName == nil {
		l.byName = map[string][]stix.Object{}
	}
	l.byName[key] = profileAppendNew(l.byName[key], o)
}

// profileAppendNew appends o unless an object with its ID is there.
func profileAppendNew(list []stix.Object, o stix.Object) []stix.Object {
	for _, x := range list {
		if x.StixID() == o.StixID() {
			return list
		}
	}
	return append(list, o)
}

var profileCVEText = regexp.MustCompile(`(?i)\bCVE-[0-9]{4}-[0-9]{4,}\b`)

// LinkArticle adds to the report of res, the result of [Article] for a,
// every profile and vulnerability of links that a names: by a tag equal
// (case-insensitively) to a profile's title or alias or to a CVE, by a CVE
// in its title or summary, or by its GUID being listed among a
// vulnerability's articles. Each linked object joins the result (with the
// result's author as creator, its marking definitions added to
// res.Markings) and the report's object_refs; a vulnerability the article
// mapper built from a CVE tag is replaced by the fuller one. A result
// without report (the article was skipped) is left as it is.
func LinkArticle(res *Result, a passivetotal.Article, links *ArticleLinks) {
	if res == nil || links == nil || res.Author == nil {
		return
	}
	var report *stix.Report
	for _, o := range res.Objects {
		if r, ok := o.(*stix.Report); ok {
			report = r
			break
		}
	}
	if report == nil {
		return
	}
	var found []stix.Object
	for _, tag := range a.Tags {
		for _, o := range links.byName[strings.ToLower(strings.TrimSpace(tag))] {
			found = profileAppendNew(found, o)
		}
	}
	for _, cve := range profileCVEText.FindAllString(a.Title+"\n"+a.Summary, -1) {
		for _, o := range links.byName[strings.ToLower(cve)] {
			found = profileAppendNew(found, o)
		}
	}
	for _, o := range links.byArticle[strings.TrimSpace(a.GUID)] {
		found = profileAppendNew(found, o)
	}
	if len(found) == 0 {
		return
	}
	index := make(map[string]int, len(res.Objects))
	for i, o := range res.Objects {
		index[o.StixID()] = i
	}
	refs := make(map[string]bool, len(report.ObjectRefs))
	for _, r := range report.ObjectRefs {
		refs[r] = true
	}
	var used tlpSet
	for _, m := range res.Markings {
		if t, ok := stix.TLPByID(m.ID); ok {
			used.add(t)
		}
	}
	for _, o := range found {
		o = profileWithAuthor(o, res.Author.ID)
		if i, ok := index[o.StixID()]; ok {
			res.Objects[i] = o
		} else {
			index[o.StixID()] = len(res.Objects)
			res.Objects = append(res.Objects, o)
		}
		if !refs[o.StixID()] {
			refs[o.StixID()] = true
			report.ObjectRefs = append(report.ObjectRefs, o.StixID())
		}
		for _, ref := range markingRefs(o) {
			if t, ok := stix.TLPByID(ref); ok {
				used.add(t)
			}
		}
	}
	res.Markings = used.definitions()
}

// profileWithAuthor returns a copy of a linked object naming author as its
// creator, so the article's bundle does not reference another identity.
func profileWithAuthor(o stix.Object, author string) stix.Object {
	switch v := o.(type) {
	case *stix.IntrusionSet:
		c := *v
		c.CreatedByRef = author
		return &c
	case *stix.ThreatActor:
		c := *v
		c.CreatedByRef = author
		return &c
	case *stix.Malware:
		c := *v
		c.CreatedByRef = author
		return &c
	case *stix.Tool:
		c := *v
		c.CreatedByRef = author
		return &c
	case *stix.Vulnerability:
		c := *v
		c.CreatedByRef = author
		return &c
	}
	return o
}
