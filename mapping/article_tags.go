package mapping

import (
	"strings"
	"unicode/utf8"

	"github.com/ptstix/passivetotal/stix"
)

// The article's tags: a caller's TagResolver first, then the MITRE ATT&CK
// technique and CVE rules; other tags are only labels.

// tag maps one tag: the caller's resolver first, then the MITRE technique
// and CVE rules. Other tags are only labels.
func (m *articleMapper) tag(tag string) {
	if m.opts.TagResolver != nil {
		objs, err := m.opts.TagResolver.ResolveTag(tag)
		if err != nil {
			m.skip(item("tag", tag), "tag resolver: "+err.Error())
			return
		}
		if len(objs) > 0 {
			for _, o := range objs {
				m.addTagObject(o, tag)
			}
			return
		}
	}
	if id, name, ok := mitreTag(tag); ok {
		apID, err := stix.AttackPatternID(m.opts.Policy, name, id)
		if err != nil {
			m.skip(item("tag", tag), err.Error())
			return
		}
		c := m.tagCommon(apID)
		c.ExternalReferences = []stix.ExternalReference{{
			SourceName: "mitre-attack", ExternalID: id, URL: attackURL(id),
		}}
		m.addTagObject(&stix.AttackPattern{Common: c, Name: name, XMitreID: id}, tag)
		return
	}
	if name, ok := cveTag(tag); ok {
		vID, err := stix.VulnerabilityID(m.opts.Policy, name)
		if err != nil {
			m.skip(item("tag", tag), err.Error())
			return
		}
		m.addTagObject(&stix.Vulnerability{Common: m.tagCommon(vID), Name: name}, tag)
	}
}

func (m *articleMapper) tagCommon(id string) stix.Common {
	return stix.Common{
		ID: id, CreatedByRef: m.author.ID,
		Created: stix.Time(m.created), Modified: stix.Time(m.created),
	}
}

// addTagObject adds an object a tag resolved to, once.
func (m *articleMapper) addTagObject(o stix.Object, tag string) {
	if o == nil {
		m.skip(item("tag", tag), "tag resolver returned a nil object")
		return
	}
	if err := stix.Validate(o); err != nil {
		m.skip(item("tag", tag), err.Error())
		return
	}
	// A resolver may hand back an object as the platform knows it, whose
	// created_by_ref (say) names an object this bundle will not carry: skip
	// that tag alone rather than fail the whole article's bundle.
	if err := stix.ValidateBundle(stix.NewBundle(m.author, o)); err != nil {
		m.skip(item("tag", tag), "tag resolver object "+o.StixID()+" references an object outside the bundle: "+err.Error())
		return
	}
	if m.tagIdx[o.StixID()] {
		return
	}
	m.tagIdx[o.StixID()] = true
	m.tagObjects = append(m.tagObjects, o)
}

// attackURL is the ATT&CK page of a technique: T1566.002 is
// https://attack.mitre.org/techniques/T1566/002/.
func attackURL(id string) string {
	return "https://attack.mitre.org/techniques/" + strings.Replace(id, ".", "/", 1) + "/"
}

// cleanLabels trims and deduplicates the tags, skipping those a bundle
// cannot carry (invalid UTF-8, NUL).
func (m *articleMapper) cleanLabels(tags []string) []string {
	var ok []string
	for _, t := range tags {
		if !utf8.ValidString(t) {
			m.skip(item("tag", t), "tag is not valid UTF-8")
			continue
		}
		if strings.IndexByte(t, 0) >= 0 {
			m.skip(item("tag", t), "tag contains a NUL character")
			continue
		}
		ok = append(ok, t)
	}
	return cleanTags(ok)
}
