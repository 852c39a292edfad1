package mapping

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// Article maps one PassiveTotal article to a report, one indicator per
// distinct pattern, an observable and a based-on relationship per indicator
// (unless opts.NoObservables), an attack-pattern per MITRE technique tag and
// a vulnerability per CVE tag. See MAPPING.md for the rules; in short:
//
//   - the report is named after the title, published at publishedDate (else
//     createdDate), created and modified at createdDate, labelled with the
//     tags, and marked with the highest TLP of its indicators;
//   - indicators are valid from the publication time, created at the
//     article's creation, and marked opts.PublicTLP when their source is
//     "public", opts.NonPublicTLP otherwise;
//   - the report references every object produced, and at least the author.
//
// Values that cannot be mapped (unknown types, invalid domains, hashes of
// the wrong length, ...) are returned as skips. An article with neither a
// published nor a created date maps to nothing and one skip. The error is
// for invalid options only.
func Article(a passivetotal.Article, opts ArticleOptions) (*Result, error) {
	m, err := newArticleMapper(opts)
	if err != nil {
		return nil, err
	}
	return m.run(&a), nil
}

// ArticleBundle maps an article and returns its complete bundle (see
// [Result.Bundle]) and the skips.
func ArticleBundle(a passivetotal.Article, opts ArticleOptions) (*stix.Bundle, []Skip, error) {
	r, err := Article(a, opts)
	if err != nil {
		return nil, nil, err
	}
	b, err := r.Bundle()
	return b, r.Skips, err
}

// articleMapper holds the resolved options and the state of one article.
type articleMapper struct {
	opts                ArticleOptions
	author              *stix.Identity
	publicTLP, otherTLP stix.TLP
	published, created  time.Time
	labels              []string
	skips               []Skip
	indicators          []*stix.Indicator
	indicatorTLP        map[string]stix.TLP // indicator ID -> its marking (also the dedupe set)
	scos                []observable
	scoIdx              map[string]int
	scoTLP              []stix.TLP
	basedOn             []*stix.Relationship
	basedOnIdx          map[string]int
	basedOnSrc          []string // indicator ID of each based-on (for markings)
	tagObjects          []stix.Object
	tagIdx              map[string]bool

	// One shared, read-only marking list per TLP and one custom map for
	// every observable (see Result.Objects): a fresh one per object was a
	// third of the article mapping's allocations.
	markRefs  [8][]string
	scoCustom map[string]any
	// The article's indicators and relationships are carved from blocks:
	// they are all returned together, so a block never outlives its use.
	indicatorSlab    slab[stix.Indicator]
	relationshipSlab slab[stix.Relationship]
}

func newArticleMapper(opts ArticleOptions) (*articleMapper, error) {
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
	return &articleMapper{
		opts: opts, author: author, publicTLP: pub, otherTLP: other,
		indicatorTLP: map[string]stix.TLP{},
		scoIdx:       map[string]int{}, basedOnIdx: map[string]int{}, tagIdx: map[string]bool{},
	}, nil
}

func (m *articleMapper) skip(itemText, reason string) {
	m.skips = append(m.skips, Skip{Item: itemText, Reason: reason})
}

// usableDate reports whether t is a date the objects can carry.
func usableDate(t passivetotal.Time) bool { return t.Valid() && stix.TimeInRange(t.Time) }

// run maps the article.
func (m *articleMapper) run(a *passivetotal.Article) *Result {
	res := &Result{Author: m.author}
	articleItem := "article " + quoteValue(a.GUID)
	// A date STIX cannot hold (year 10000 once its offset is applied)
	// is no more usable than a missing one.
	published, created := usableDate(a.PublishedDate), usableDate(a.CreatedDate)
	switch {
	case published:
		m.published = a.PublishedDate.Time
	case created:
		m.published = a.CreatedDate.Time
	default:
		m.skip(articleItem, "no valid publishedDate or createdDate")
		res.Skips = m.skips
		return res
	}
	m.created = m.published
	if created {
		m.created = a.CreatedDate.Time
	}
	m.labels = m.cleanLabels(a.Tags)
	m.presize(a.Indicators)

	for _, g := range a.Indicators {
		m.group(g)
	}
	for _, tag := range m.labels {
		m.tag(tag)
	}

	// The report carries the highest TLP of its indicators; with none, the
	// TLP its own visibility implies.
	var reportTLP stix.TLP
	for _, ind := range m.indicators {
		reportTLP = stix.HighestTLP(reportTLP, m.indicatorTLP[ind.ID])
	}
	if reportTLP == 0 {
		reportTLP = m.otherTLP
		if isPublic(a.Type) {
			reportTLP = m.publicTLP
		}
	}

	var used tlpSet
	used.add(reportTLP)
	// objs[0] is kept for the report, which references all the others.
	objs := make([]stix.Object, 1, 1+len(m.tagObjects)+len(m.indicators)+len(m.scos)+len(m.basedOn))
	for _, o := range m.tagObjects {
		if c := sdoCommon(o); c != nil && c.ObjectMarkingRefs == nil {
			c.ObjectMarkingRefs = tlpRefs(reportTLP)
		}
		for _, ref := range markingRefs(o) {
			if t, ok := stix.TLPByID(ref); ok {
				used.add(t)
			}
		}
		objs = append(objs, o)
	}
	for _, ind := range m.indicators {
		t := m.indicatorTLP[ind.ID]
		ind.ObjectMarkingRefs = m.markingRefs(t)
		used.add(t)
		objs = append(objs, ind)
	}
	for i, o := range m.scos {
		o.common.ObjectMarkingRefs = m.markingRefs(m.scoTLP[i])
		objs = append(objs, o.obj)
	}
	for i, r := range m.basedOn {
		r.ObjectMarkingRefs = m.markingRefs(m.indicatorTLP[m.basedOnSrc[i]])
		objs = append(objs, r)
	}

	report, reason := m.report(a, objs[1:], reportTLP)
	if reason != "" {
		m.skip(articleItem, reason)
		res.Skips = m.skips
		return res
	}
	objs[0] = report
	res.Objects = objs
	res.Markings = used.definitions()
	res.Skips = m.skips
	return res
}

// presize sizes the per-indicator maps and lists for every value of the
// groups (an upper bound: values may be skipped or duplicates): growing
// them one indicator at a time cost more than the maps themselves.
func (m *articleMapper) presize(groups []passivetotal.ArticleIndicatorGroup) {
	n := 0
	for _, g := range groups {
		n += len(g.Values)
	}
	m.indicators = make([]*stix.Indicator, 0, n)
	m.indicatorTLP = make(map[string]stix.TLP, n)
	if !m.opts.NoObservables {
		m.scos = make([]observable, 0, n)
		m.scoTLP = make([]stix.TLP, 0, n)
		m.scoIdx = make(map[string]int, n)
		m.basedOn = make([]*stix.Relationship, 0, n)
		m.basedOnSrc = make([]string, 0, n)
		m.basedOnIdx = make(map[string]int, n)
	}
}

// markingRefs is tlpRefs(t), shared by the objects of the article.
func (m *articleMapper) markingRefs(t stix.TLP) []string {
	if int(t) >= len(m.markRefs) {
		return tlpRefs(t)
	}
	if m.markRefs[t] == nil {
		m.markRefs[t] = tlpRefs(t)
	}
	return m.markRefs[t]
}

// isPublic reports whether a PassiveTotal source or article type is public.
// Graph's indicator source "osint" (open-source intelligence, the
// PassiveTotal "public" under its Microsoft name) is public too.
func isPublic(s string) bool {
	s = strings.TrimSpace(s)
	return strings.EqualFold(s, "public") || strings.EqualFold(s, "osint")
}

// group maps the values of one indicator group.
func (m *articleMapper) group(g passivetotal.ArticleIndicatorGroup) {
	it, known := lookupIndicatorType(g.Type)
	kind := "indicator " + strings.TrimSpace(g.Type)
	if !utf8.ValidString(kind) {
		kind = "indicator " + strconv.Quote(g.Type)
	}
	tlp := m.otherTLP
	if isPublic(g.Source) {
		tlp = m.publicTLP
	}
	for _, v := range g.Values {
		if !known {
			m.skip(item(kind, v), "unsupported indicator type "+strconv.Quote(g.Type))
			continue
		}
		spec, reason := buildIndicator(it, v)
		if reason != "" {
			m.skip(item(kind, v), reason)
			continue
		}
		m.addIndicator(spec, tlp, kind, v)
	}
}

// addIndicator adds (or raises the marking of) the indicator of spec, its
// observables and based-on relationship. kind and value name the item in
// a skip; the text is only built then (quoting every value cost an
// allocation per indicator).
func (m *articleMapper) addIndicator(spec indicatorSpec, tlp stix.TLP, kind, value string) {
	id, err := stix.IndicatorID(m.opts.Policy, spec.pattern)
	if err != nil {
		m.skip(item(kind, value), err.Error())
		return
	}
	if prev, dup := m.indicatorTLP[id]; dup {
		m.indicatorTLP[id] = stix.HighestTLP(prev, tlp)
	} else {
		ind := m.indicatorSlab.next()
		*ind = stix.Indicator{
			Common: stix.Common{
				ID: id, CreatedByRef: m.author.ID,
				Created: stix.Time(m.created), Modified: stix.Time(m.created),
				Labels: m.labels,
			},
			Name: spec.name, Pattern: spec.pattern, PatternType: "stix",
			ValidFrom:                  stix.Time(m.published),
			XOpenCTIMainObservableType: spec.mainType,
		}
		if err := ind.Validate(); err != nil {
			m.skip(item(kind, value), err.Error())
			return
		}
		m.indicators = append(m.indicators, ind)
		m.indicatorTLP[id] = tlp
	}
	if m.opts.NoObservables || len(spec.scos) == 0 {
		return
	}
	for _, o := range spec.scos {
		m.addSCO(o, tlp)
	}
	target := spec.scos[len(spec.scos)-1].obj.StixID()
	relID, err := stix.RelationshipID(m.opts.Policy, "based-on", id, target, time.Time{}, time.Time{})
	if err != nil {
		m.skip(item(kind, value), err.Error())
		return
	}
	if _, dup := m.basedOnIdx[relID]; dup {
		return
	}
	m.basedOnIdx[relID] = len(m.basedOn)
	rel := m.relationshipSlab.next()
	*rel = stix.Relationship{
		Common: stix.Common{
			ID: relID, CreatedByRef: m.author.ID,
			Created: stix.Time(m.created), Modified: stix.Time(m.created),
		},
		RelationshipType: "based-on", SourceRef: id, TargetRef: target,
	}
	m.basedOn = append(m.basedOn, rel)
	m.basedOnSrc = append(m.basedOnSrc, id)
}

// addSCO adds an observable once, raising its marking when it is seen
// again under a more restrictive one.
func (m *articleMapper) addSCO(o observable, tlp stix.TLP) {
	id := o.obj.StixID()
	if i, dup := m.scoIdx[id]; dup {
		m.scoTLP[i] = stix.HighestTLP(m.scoTLP[i], tlp)
		return
	}
	if m.scoCustom == nil {
		m.scoCustom = map[string]any{"x_opencti_created_by_ref": m.author.ID}
	}
	o.common.Custom = m.scoCustom
	m.scoIdx[id] = len(m.scos)
	m.scos = append(m.scos, o)
	m.scoTLP = append(m.scoTLP, tlp)
}

// report builds the report referencing objs (or the author when objs is
// empty: object_refs may not be empty).
func (m *articleMapper) report(a *passivetotal.Article, objs []stix.Object, tlp stix.TLP) (*stix.Report, string) {
	name := safeText(strings.TrimSpace(a.Title))
	guid := safeText(strings.TrimSpace(a.GUID))
	if name == "" {
		name = "PassiveTotal article " + guid
	}
	id, err := stix.ReportID(m.opts.Policy, name, m.published)
	if err != nil {
		return nil, err.Error()
	}
	refs := make([]string, 0, len(objs))
	for _, o := range objs {
		refs = append(refs, o.StixID())
	}
	if len(refs) == 0 {
		refs = append(refs, m.author.ID)
	}
	r := &stix.Report{
		Common: stix.Common{
			ID: id, CreatedByRef: m.author.ID,
			Created: stix.Time(m.created), Modified: stix.Time(m.created),
			Labels: m.labels, ObjectMarkingRefs: tlpRefs(tlp),
		},
		Name: name, Description: safeText(a.Summary),
		ReportTypes: []string{"threat-report"},
		Published:   stix.Time(m.published),
		ObjectRefs:  refs,
	}
	link := safeText(strings.TrimSpace(a.Link))
	if link != "" || guid != "" {
		r.ExternalReferences = []stix.ExternalReference{{SourceName: "PassiveTotal", URL: link, ExternalID: guid}}
	}
	if err := r.Validate(); err != nil {
		return nil, err.Error()
	}
	return r, ""
}

// safeText makes free text (title, summary, link) marshallable: invalid
// UTF-8 is replaced with U+FFFD and NUL removed. Unlike indicator values,
// losing a byte here changes no observable, so it is repaired, not skipped.
func safeText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return s
}
