package mapping

import (
	"strings"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/stix"
)

// ProfileOptions configure [Profile]. The zero value is ready to use.
type ProfileOptions struct {
	// Author is as in [ArticleOptions]; the default is the organization
	// "PassiveTotal" ("RiskIQ" under PolicyLegacy).
	Author *stix.Identity
	// Policy chooses how SDO and relationship IDs are computed.
	Policy stix.IDPolicy
	// PublicTLP marks indicators whose Graph source is "osint" or "public"
	// (zero: TLP:CLEAR). NonPublicTLP marks the other indicators (source
	// "microsoft") and everything else the profile maps to: the profile's
	// object, its locations, sectors and relationships (zero: TLP:AMBER).
	PublicTLP, NonPublicTLP stix.TLP
	// NoObservables turns off the observable and based-on relationship
	// created for each indicator.
	NoObservables bool
	// ThreatActor maps an actor profile to a threat-actor (a
	// Threat-Actor-Group) instead of an intrusion-set.
	ThreatActor bool
	// Tool maps a tool profile to a tool instead of a malware family.
	Tool bool
}

// Validate reports what is wrong with the options, the same error Profile
// would return.
func (o ProfileOptions) Validate() error {
	_, err := newProfileMapper(o)
	return err
}

// Profile maps a Graph intelligence profile and its indicators (all pages
// of /intelProfiles/{id}/indicators; nil for none):
//
//   - an actor profile becomes an intrusion-set (or a threat-actor, see
//     ProfileOptions.ThreatActor) and a tool profile a malware family (or a
//     tool), named by the title, with the aliases, first_seen from
//     firstActiveDateTime, a description made of the summary (else the
//     description) and the tradecraft as plain text, and the profile's
//     Graph ID as an external reference;
//   - each country or region of origin becomes a location with an
//     originates-from relationship; each target a location (a country or
//     a region) or an identity of class "class" (a sector) with a targets
//     relationship;
//   - each indicator becomes an indicator (pattern built with the stix
//     pattern builder, valid_from its first sighting), its observable and
//     based-on relationship, and an indicates relationship to the
//     profile's object whose start_time and stop_time are the first and
//     last sightings.
//
// The profile's object is the first of Result.Objects. The objects are
// created at firstActiveDateTime (else a fixed date) and
// modified at the latest sighting when that is later, so the same answer
// always maps to the same bytes. What cannot be mapped is a skip with its
// reason (a time STIX cannot carry is ignored and reported as a skip too);
// a profile without title or of an unknown kind maps to nothing and a
// skip saying so. The error is for invalid options only.
func Profile(p mdti.IntelProfile, indicators []mdti.IntelProfileIndicator, opts ProfileOptions) (*Result, error) {
	m, err := newProfileMapper(opts)
	if err != nil {
		return nil, err
	}
	return m.run(&p, indicators), nil
}

// ProfileBundle maps a profile and returns its complete bundle (see
// [Result.Bundle]) and the skips.
func ProfileBundle(p mdti.IntelProfile, indicators []mdti.IntelProfileIndicator, opts ProfileOptions) (*stix.Bundle, []Skip, error) {
	r, err := Profile(p, indicators, opts)
	if err != nil {
		return nil, nil, err
	}
	b, err := r.Bundle()
	return b, r.Skips, err
}

// profileMapper holds the resolved options and the state of one profile.
type profileMapper struct {
	opts                ProfileOptions
	author              *stix.Identity
	publicTLP, otherTLP stix.TLP
	created, modified   time.Time
	firstActive         time.Time
	mainID              string
	objects             []stix.Object
	index               map[string]int // object ID -> position in objects
	used                tlpSet
	skips               []Skip
}

func newProfileMapper(opts ProfileOptions) (*profileMapper, error) {
	author, err := resolveAuthor(opts.Author, opts.Policy, LegacyArticleAuthorName)
	if err != nil {
		return nil, err
	}
	pub, err := checkTLP("PublicTLP", opts.PublicTLP, defaultPublicTLP)
	if err != nil {
		return nil, err
	}
	other, err := checkTLP("NonPublicTLP", opts.NonPublicTLP, defaultNonPublicTLP)
	if err != nil {
		return nil, err
	}
	return &profileMapper{opts: opts, author: author, publicTLP: pub, otherTLP: other, index: map[string]int{}}, nil
}

func (m *profileMapper) skip(itemText, reason string) {
	m.skips = append(m.skips, Skip{Item: itemText, Reason: reason})
}

// run maps the profile.
func (m *profileMapper) run(p *mdti.IntelProfile, indicators []mdti.IntelProfileIndicator) *Result {
	res := &Result{Author: m.author}
	m.created = authorCreated
	first, reason := profileTime(p.FirstActive)
	if reason != "" {
		m.skip(item("firstActiveDateTime of profile", p.ID), reason)
	}
	if !first.IsZero() {
		m.created, m.firstActive = first, first
	}
	m.modified = m.created
	for _, ind := range indicators {
		for _, gt := range []passivetotal.Time{ind.FirstSeen, ind.LastSeen} {
			if t, _ := profileTime(gt); t.After(m.modified) {
				m.modified = t
			}
		}
	}
	main, reason := m.mainObject(p)
	if main == nil {
		m.skip(item("profile", p.ID), reason)
		res.Skips = m.skips
		return res
	}
	m.mainID = main.StixID()
	m.add(main, m.otherTLP)
	for _, o := range p.Origins {
		m.origin(o)
	}
	for _, t := range p.Targets {
		m.target(t)
	}
	im := profileIndicators{m: m}
	for i := range indicators {
		im.add(&indicators[i])
	}
	im.finish()
	res.Objects = m.objects
	res.Markings = m.used.definitions()
	res.Skips = m.skips
	return res
}

// add appends a validated object once (by ID) and records its marking.
func (m *profileMapper) add(o stix.Object, t stix.TLP) {
	if _, dup := m.index[o.StixID()]; dup {
		return
	}
	m.index[o.StixID()] = len(m.objects)
	m.objects = append(m.objects, o)
	m.used.add(t)
}

// common returns the common properties of a profile object.
func (m *profileMapper) common(id string, t stix.TLP) stix.Common {
	return stix.Common{
		ID: id, CreatedByRef: m.author.ID, Created: stix.Time(m.created), Modified: stix.Time(m.modified),
		ObjectMarkingRefs: tlpRefs(t),
	}
}

// mainObject builds the profile's own object, or returns why it cannot.
func (m *profileMapper) mainObject(p *mdti.IntelProfile) (stix.Object, string) {
	name := safeText(strings.TrimSpace(p.Title))
	if name == "" {
		return nil, "profile without a title"
	}
	if len(name) > profileMaxName {
		return nil, profileTooLong
	}
	aliases := m.aliases(name, p.Aliases)
	desc := profilePlainText(p.Summary)
	if desc == "" {
		desc = profilePlainText(p.Description)
	}
	desc = vulnJoin(desc, "Tradecraft:\n", profilePlainText(p.Tradecraft))
	var first stix.Timestamp
	if !m.firstActive.IsZero() {
		first = stix.Time(m.firstActive)
	}
	var (
		o   stix.Object
		c   *stix.Common
		id  string
		err error
	)
	switch p.Kind {
	case mdti.ProfileKindActor:
		if m.opts.ThreatActor {
			id, err = stix.ThreatActorID(m.opts.Policy, name, stix.ThreatActorGroup)
			ta := &stix.ThreatActor{Name: name, Description: desc, Aliases: aliases, FirstSeen: first, XOpenCTIType: stix.ThreatActorGroup}
			o, c = ta, &ta.Common
		} else {
			id, err = stix.IntrusionSetID(m.opts.Policy, name)
			is := &stix.IntrusionSet{Name: name, Description: desc, Aliases: aliases, FirstSeen: first}
			o, c = is, &is.Common
		}
	case mdti.ProfileKindTool:
		if m.opts.Tool {
			id, err = stix.ToolID(m.opts.Policy, name)
			t := &stix.Tool{Name: name, Description: desc, Aliases: aliases}
			o, c = t, &t.Common
		} else {
			id, err = stix.MalwareID(m.opts.Policy, name)
			mw := &stix.Malware{Name: name, Description: desc, Aliases: aliases, FirstSeen: first, IsFamily: true}
			o, c = mw, &mw.Common
		}
	default:
		return nil, "unsupported profile kind " + quoteValue(p.Kind)
	}
	if err != nil {
		return nil, err.Error()
	}
	*c = m.common(id, m.otherTLP)
	if pid := safeText(strings.TrimSpace(p.ID)); pid != "" {
		c.ExternalReferences = []stix.ExternalReference{{SourceName: profileMDTISource, ExternalID: pid}}
	}
	if err := stix.Validate(o); err != nil {
		return nil, err.Error()
	}
	return o, ""
}

// profileMaxName bounds a name (title, alias, target): longer text is not
// a name, and it would be hashed into IDs and repeated in every bundle.
const profileMaxName = 1024

const profileTooLong = "longer than 1024 bytes"

// aliases cleans the aliases: trimmed, marshallable, without the name
// itself and without repeats (case-insensitively, first kept). One too
// long to be a name is a skip.
func (m *profileMapper) aliases(name string, aliases []string) []string {
	seen := map[string]bool{strings.ToLower(name): true}
	var out []string
	for _, a := range aliases {
		a = safeText(strings.TrimSpace(a))
		if a == "" || seen[strings.ToLower(a)] {
			continue
		}
		if len(a) > profileMaxName {
			m.skip(item("alias", a), profileTooLong)
			continue
		}
		seen[strings.ToLower(a)] = true
		out = append(out, a)
	}
	return out
}
