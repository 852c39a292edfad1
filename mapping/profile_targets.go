package mapping

import (
	"strings"
	"time"

	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/stix"
)

// profileRegions maps region names (lower-cased, spaces for hyphens) to
// the STIX region-ov value; "middle east" is OpenCTI's western-asia.
var profileRegions = map[string]string{
	"africa": "africa", "eastern africa": "eastern-africa", "middle africa": "middle-africa",
	"northern africa": "northern-africa", "southern africa": "southern-africa", "western africa": "western-africa",
	"americas": "americas", "caribbean": "caribbean", "central america": "central-america",
	"latin america": "latin-america-caribbean", "latin america and the caribbean": "latin-america-caribbean",
	"north america": "northern-america", "northern america": "northern-america", "south america": "south-america",
	"asia": "asia", "central asia": "central-asia", "eastern asia": "eastern-asia", "east asia": "eastern-asia",
	"southern asia": "southern-asia", "south asia": "southern-asia", "south-eastern asia": "south-eastern-asia",
	"south eastern asia": "south-eastern-asia", "southeast asia": "south-eastern-asia",
	"western asia": "western-asia", "middle east": "western-asia",
	"europe": "europe", "eastern europe": "eastern-europe", "northern europe": "northern-europe",
	"southern europe": "southern-europe", "western europe": "western-europe",
	"oceania": "oceania", "antarctica": "antarctica", "australia and new zealand": "australia-new-zealand",
	"melanesia": "melanesia", "micronesia": "micronesia", "polynesia": "polynesia",
}

// origin maps one country or region of origin to a location and an
// originates-from relationship.
func (m *profileMapper) origin(o mdti.ProfileOrigin) {
	it := item("origin", strings.TrimSpace(o.Code+" "+o.Label))
	loc, reason := m.location(o.Code)
	if loc == nil && strings.TrimSpace(o.Label) != "" {
		loc, reason = m.location(o.Label)
	}
	if loc == nil {
		m.skip(it, reason)
		return
	}
	m.related(it, loc, stix.RelationshipOriginatesFrom)
}

// target maps one target: a country or region to a location, anything
// else to a sector (an identity of class "class"), with a targets
// relationship.
func (m *profileMapper) target(t string) {
	it := item("target", t)
	name := safeText(strings.TrimSpace(t))
	if name == "" {
		m.skip(it, "empty target")
		return
	}
	if len(name) > profileMaxName {
		m.skip(it, profileTooLong)
		return
	}
	loc, _ := m.location(name)
	if loc != nil {
		m.related(it, loc, stix.RelationshipTargets)
		return
	}
	id, err := stix.IdentityID(m.opts.Policy, name, "class")
	if err != nil {
		m.skip(it, err.Error())
		return
	}
	m.related(it, &stix.Identity{Common: m.common(id, m.otherTLP), Name: name, IdentityClass: "class"}, stix.RelationshipTargets)
}

// location builds the location of a country (by code or name) or a
// region, or returns why s is neither.
func (m *profileMapper) location(s string) (stix.Object, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, "neither a country code nor a name"
	}
	var l *stix.Location
	if code, name, ok := profileCountryCode(s); ok {
		l = &stix.Location{Name: name, Country: code, XOpenCTILocationType: stix.LocationTypeCountry}
	} else if region, ok := profileRegions[strings.ToLower(strings.ReplaceAll(s, "-", " "))]; ok {
		l = &stix.Location{Name: safeText(s), Region: region, XOpenCTILocationType: stix.LocationTypeRegion}
	} else {
		return nil, "not a known country or region"
	}
	id, err := stix.LocationID(m.opts.Policy, l.Name, l.XOpenCTILocationType)
	if err != nil {
		return nil, err.Error()
	}
	l.Common = m.common(id, m.otherTLP)
	return l, ""
}

// related adds o and a relationship of type typ from the profile's object
// to it.
func (m *profileMapper) related(it string, o stix.Object, typ string) {
	rel, err := profileRelationship(m.opts.Policy, typ, m.mainID, o.StixID(), m.author.ID, time.Time{}, m.created, m.modified, tlpRefs(m.otherTLP))
	if err == nil {
		err = profileFirstError(stix.Validate(o), stix.Validate(rel))
	}
	if err != nil {
		m.skip(it, err.Error())
		return
	}
	m.add(o, m.otherTLP)
	m.add(rel, m.otherTLP)
}
