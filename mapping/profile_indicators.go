package mapping

import (
	"strings"
	"time"

	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/stix"
)

// profileIndicators collects a profile's indicators: artifacts with the
// same pattern are one indicator, seen from the earliest first sighting to
// the latest last one, under the highest marking of their sources.
type profileIndicators struct {
	m     *profileMapper
	order []string
	byID  map[string]*profileIndicator
}

type profileIndicator struct {
	id          string
	spec        indicatorSpec
	tlp         stix.TLP
	first, last time.Time
}

// profileArtifactType finds how an artifact maps, by the graph client's
// artifact rules (mdti.ProfileArtifact.IndicatorType, shared with article
// indicators, so both map alike). It returns the type, the value and a
// name for skips; false for an artifact of a type or kind with no
// PassiveTotal equivalent.
func profileArtifactType(a mdti.ProfileArtifact) (indicatorType, string, string, bool) {
	ptType, value := a.IndicatorType()
	name := a.Type
	switch {
	case strings.EqualFold(a.Type, "unclassifiedArtifact") || (a.Type == "" && strings.TrimSpace(a.Kind) != ""):
		name = strings.TrimSpace("artifact " + strings.TrimSpace(a.Kind))
	case a.Type == "":
		name = "host"
	}
	if strings.HasPrefix(ptType, "graph:") {
		return indicatorType{}, value, name, false
	}
	it, ok := lookupIndicatorType(ptType)
	return it, value, name, ok
}

// add maps one indicator row.
func (im *profileIndicators) add(ind *mdti.IntelProfileIndicator) {
	m := im.m
	it, value, kind, known := profileArtifactType(ind.Artifact)
	itemText := item("indicator "+safeText(kind), value)
	if !known {
		reason := "unsupported artifact type " + quoteValue(ind.Artifact.Type)
		if strings.EqualFold(ind.Artifact.Type, "unclassifiedArtifact") || ind.Artifact.Type == "" {
			reason = "unsupported artifact kind " + quoteValue(ind.Artifact.Kind)
		}
		m.skip(itemText, reason)
		return
	}
	spec, reason := buildIndicator(it, value)
	if reason != "" {
		m.skip(itemText, reason)
		return
	}
	id, err := stix.IndicatorID(m.opts.Policy, spec.pattern)
	if err != nil {
		m.skip(itemText, err.Error())
		return
	}
	tlp := m.otherTLP
	if s := strings.ToLower(strings.TrimSpace(ind.Source)); s == "osint" || s == "public" || s == "opensourceintelligence" {
		tlp = m.publicTLP
	}
	first, reason := profileTime(ind.FirstSeen)
	if reason != "" {
		m.skip("firstSeenDateTime of "+itemText, reason)
	}
	last, reason := profileTime(ind.LastSeen)
	if reason != "" {
		m.skip("lastSeenDateTime of "+itemText, reason)
	}
	if im.byID == nil {
		im.byID = map[string]*profileIndicator{}
	}
	if p, dup := im.byID[id]; dup {
		p.tlp = stix.HighestTLP(p.tlp, tlp)
		if !first.IsZero() && (p.first.IsZero() || first.Before(p.first)) {
			p.first = first
		}
		if last.After(p.last) {
			p.last = last
		}
		return
	}
	im.byID[id] = &profileIndicator{id: id, spec: spec, tlp: tlp, first: first, last: last}
	im.order = append(im.order, id)
}

// finish builds the objects of the collected indicators, in input order.
func (im *profileIndicators) finish() {
	m := im.m
	scoTLP := map[string]stix.TLP{}
	for _, id := range im.order {
		for _, o := range im.byID[id].spec.scos {
			scoTLP[o.obj.StixID()] = stix.HighestTLP(scoTLP[o.obj.StixID()], im.byID[id].tlp)
		}
	}
	custom := map[string]any{"x_opencti_created_by_ref": m.author.ID}
	for _, id := range im.order {
		p := im.byID[id]
		itemText := item("indicator", p.spec.name)
		validFrom := profileFirst3(p.first, p.last, m.created)
		ind := &stix.Indicator{
			Common: m.common(id, p.tlp),
			Name:   p.spec.name, Pattern: p.spec.pattern, PatternType: "stix",
			ValidFrom: stix.Time(validFrom), XOpenCTIMainObservableType: p.spec.mainType,
		}
		indicates, err := profileRelationship(m.opts.Policy, stix.RelationshipIndicates, id, m.mainID, m.author.ID,
			p.first, m.created, m.modified, tlpRefs(stix.HighestTLP(p.tlp, m.otherTLP)))
		if err == nil {
			indicates.StartTime = stix.Time(p.first)
			if p.last.After(p.first) {
				indicates.StopTime = stix.Time(p.last)
			}
			err = profileFirstError(stix.Validate(ind), stix.Validate(indicates))
		}
		if err != nil {
			m.skip(itemText, err.Error())
			continue
		}
		m.add(ind, p.tlp)
		if !m.opts.NoObservables && len(p.spec.scos) > 0 {
			im.observables(p, custom, scoTLP)
		}
		m.add(indicates, stix.HighestTLP(p.tlp, m.otherTLP))
	}
}

// observables adds the indicator's observables and its based-on
// relationship.
func (im *profileIndicators) observables(p *profileIndicator, custom map[string]any, scoTLP map[string]stix.TLP) {
	m := im.m
	for _, o := range p.spec.scos {
		t := scoTLP[o.obj.StixID()]
		o.common.ObjectMarkingRefs = tlpRefs(t)
		o.common.Custom = custom
		m.add(o.obj, t)
	}
	target := p.spec.scos[len(p.spec.scos)-1].obj.StixID()
	rel, err := profileRelationship(m.opts.Policy, stix.RelationshipBasedOn, p.id, target, m.author.ID,
		time.Time{}, m.created, m.modified, tlpRefs(p.tlp))
	if err == nil {
		err = stix.Validate(rel)
	}
	if err != nil {
		m.skip(item("indicator", p.spec.name), err.Error())
		return
	}
	m.add(rel, p.tlp)
}

// profileFirst3 returns the first non-zero time.
func profileFirst3(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}
