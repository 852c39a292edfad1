package mapping

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// HostOptions configure the host dataset mappers ([Whois],
// [Certificates], [Subdomains], [HostPairs], [Components], [Trackers],
// [Cookies], [Services], [Reputation], [HostSummary]). The zero value is
// ready to use. Author, Policy, TLP and OnSkip mean what they mean in
// [PassiveDNSOptions], so a dataset's objects are marked and attributed
// like the passive DNS ones of the same entity.
type HostOptions struct {
	Author *stix.Identity
	Policy stix.IDPolicy
	TLP    stix.TLP
	// Observed is when the answer was read. Objects whose data carries no
	// time of its own (a reputation's indicator, a host summary's
	// relationships, a note of a record without dates) take it as their
	// created time. Zero: a fixed instant (2015-01-01), so the mapping
	// never reads the clock and the same input gives the same bytes.
	Observed time.Time
	// MaxRecords caps the rows mapped per answer, in answer order. Zero
	// means DefaultMaxRecords; negative means no cap. The rows cut are one
	// skip and counted in [Result].Cut.
	MaxRecords int
	OnSkip     func(Skip)
}

// HostOptions returns the options of the host dataset mappers that
// attribute and mark objects as o does.
func (o PassiveDNSOptions) HostOptions() HostOptions {
	return HostOptions{Author: o.Author, Policy: o.Policy, TLP: o.TLP, MaxRecords: o.MaxRecords, OnSkip: o.OnSkip}
}

// Validate reports what is wrong with the options, the error every host
// dataset mapper would return.
func (o HostOptions) Validate() error {
	_, err := PassiveDNSOptions{Author: o.Author, Policy: o.Policy, TLP: o.TLP}.resolve()
	return err
}

// hostMapper holds what every host dataset mapping shares: the entity,
// the author and marking, the objects made so far (each ID once) and the
// skips.
type hostMapper struct {
	e        Entity
	opts     HostOptions
	author   *stix.Identity
	refs     []string
	used     tlpSet
	objs     []stix.Object
	ids      map[string]int // object ID -> index in objs
	skips    []Skip
	observed time.Time
	custom   map[string]any
	rows     int
	cut      int
}

// newHostMapper checks the options and the entity. A zero entity is
// taken from fallback (the answer's queryValue).
func newHostMapper(entity Entity, fallback string, opts HostOptions) (*hostMapper, error) {
	if entity.Type == "" && entity.Value == "" {
		if fallback == "" {
			return nil, errors.New("mapping: the answer names no host: give the entity")
		}
		e, err := NewEntity(fallback, entity.Markings...)
		if err != nil {
			return nil, err
		}
		e.ID = entity.ID
		entity = e
	}
	e, err := entity.normalize()
	if err != nil {
		return nil, err
	}
	author, err := PassiveDNSOptions{Author: opts.Author, Policy: opts.Policy, TLP: opts.TLP}.resolve()
	if err != nil {
		return nil, err
	}
	m := &hostMapper{e: e, opts: opts, author: author, ids: map[string]int{}, observed: opts.Observed.UTC()}
	if m.observed.IsZero() || !inRange(m.observed) {
		m.observed = authorCreated
	}
	mark := stix.HighestTLP(e.TLP(), opts.TLP)
	m.refs = tlpRefs(mark)
	m.used.add(mark)
	m.used.add(e.TLP())
	m.custom = map[string]any{"x_opencti_created_by_ref": author.ID}
	m.objs = append(m.objs, e.object())
	m.ids[e.ID] = 0
	return m, nil
}

// skip records an item that produced no object.
func (m *hostMapper) skip(item, reason string) {
	s := Skip{Item: item, Reason: reason}
	if m.opts.OnSkip != nil {
		m.opts.OnSkip(s)
		return
	}
	m.skips = append(m.skips, s)
}

// row counts one input row against the cap; false means it is cut.
func (m *hostMapper) row() bool {
	limit := m.opts.MaxRecords
	if limit == 0 {
		limit = DefaultMaxRecords
	}
	if limit > 0 && m.rows >= limit {
		m.cut++
		return false
	}
	m.rows++
	return true
}

// add appends o unless an object with its ID is there already; an object
// that fails validation is a skip. It returns the ID, "" when skipped.
func (m *hostMapper) add(item string, o stix.Object) string {
	id := o.StixID()
	if _, ok := m.ids[id]; ok {
		return id
	}
	if err := stix.Validate(o); err != nil {
		m.skip(item, err.Error())
		return ""
	}
	m.ids[id] = len(m.objs)
	m.objs = append(m.objs, o)
	return id
}

// observable returns the common part of a new SCO.
func (m *hostMapper) observable(id string) stix.ObservableCommon {
	return stix.ObservableCommon{ID: id, ObjectMarkingRefs: m.refs, Custom: m.custom}
}

// host returns the ID of the domain-name or IP observable of a host named
// in a row (the entity itself when it is the same), adding it. Empty
// names the entity.
func (m *hostMapper) host(item, value string) string {
	if value == "" || value == m.e.Value {
		return m.e.ID
	}
	var o stix.Object
	if a, ok := NormalizeIP(value); ok {
		v := a.String()
		if v == m.e.Value {
			return m.e.ID
		}
		typ := stix.TypeIPv4Addr
		if a.Is6() {
			typ = stix.TypeIPv6Addr
		}
		id, err := scoID(typ, v)
		if err != nil {
			m.skip(item, err.Error())
			return ""
		}
		if a.Is6() {
			o = &stix.IPv6Addr{ObservableCommon: m.observable(id), Value: v}
		} else {
			o = &stix.IPv4Addr{ObservableCommon: m.observable(id), Value: v}
		}
	} else {
		v, ok := NormalizeDomain(value)
		if !ok {
			m.skip(item, "not a valid hostname")
			return ""
		}
		if v == m.e.Value {
			return m.e.ID
		}
		id, err := scoID(stix.TypeDomainName, v)
		if err != nil {
			m.skip(item, err.Error())
			return ""
		}
		o = &stix.DomainName{ObservableCommon: m.observable(id), Value: v}
	}
	return m.add(item, o)
}

// zeroTime is the "no sighting range" argument of relate.
var zeroTime time.Time

// inRange reports whether t can be written as a STIX timestamp.
func inRange(t time.Time) bool { return t.Year() >= 1 && t.Year() <= 9999 }

// seen returns a row's sighting range: ok false (and a skip) when
// lastSeen is before firstSeen; zero times when either is missing or out
// of range.
func (m *hostMapper) seen(item string, first, last passivetotal.Time) (f, l time.Time, ok bool) {
	if !first.Valid() || !last.Valid() || !inRange(first.Time) || !inRange(last.Time) {
		return time.Time{}, time.Time{}, true
	}
	if last.Before(first.Time) {
		m.skip(item, "lastSeen is before firstSeen")
		return time.Time{}, time.Time{}, false
	}
	return first.UTC(), last.UTC(), true
}

// relate adds a relationship from src to tgt. With a sighting range it
// carries start/stop time and is created at first seen; without one it is
// created at the observation time. Its ID is computed from type, source,
// target and start time, as for passive DNS.
func (m *hostMapper) relate(item, typ, src, tgt, desc string, first, last time.Time) string {
	if src == "" || tgt == "" {
		return ""
	}
	if src == tgt {
		m.skip(item, "relates the entity to itself")
		return ""
	}
	id, err := stix.RelationshipID(m.opts.Policy, typ, src, tgt, first, time.Time{})
	if err != nil {
		m.skip(item, err.Error())
		return ""
	}
	r := &stix.Relationship{
		Common:           m.common(id, first, last),
		RelationshipType: typ, Description: desc, SourceRef: src, TargetRef: tgt,
	}
	if !first.IsZero() {
		stop := last
		if !stop.After(first) {
			stop = first.Add(time.Second) // STIX wants stop_time after start_time
		}
		r.StartTime, r.StopTime = stix.Time(first), stix.Time(stop)
	}
	return m.add(item, r)
}

// common returns the SDO properties of a new object created at first (the
// observation time when zero) and modified at last.
func (m *hostMapper) common(id string, first, last time.Time) stix.Common {
	if first.IsZero() {
		first, last = m.observed, m.observed
	}
	if last.Before(first) {
		last = first
	}
	return stix.Common{ID: id, CreatedByRef: m.author.ID, Created: stix.Time(first), Modified: stix.Time(last), ObjectMarkingRefs: m.refs}
}

// note adds a note about refs, created at created (the observation time
// when zero).
func (m *hostMapper) note(item, abstract, content string, created time.Time, refs ...string) string {
	if created.IsZero() || !inRange(created) {
		created = m.observed
	}
	abstract, content = noteText(abstract), noteText(content)
	id, err := stix.NoteID(m.opts.Policy, content, created)
	if err != nil {
		m.skip(item, err.Error())
		return ""
	}
	n := &stix.Note{Common: m.common(id, created, created), Abstract: abstract, Content: content, ObjectRefs: refs}
	return m.add(item, n)
}

// result returns the mapped objects.
func (m *hostMapper) result() *Result {
	if m.cut > 0 {
		limit := m.opts.MaxRecords
		if limit == 0 {
			limit = DefaultMaxRecords
		}
		m.skip(strconv.Itoa(m.cut)+" rows", fmt.Sprintf("over the cap of %d rows per answer", limit))
	}
	return &Result{Objects: m.objs, Author: m.author, Markings: m.used.definitions(), Skips: m.skips, Cut: m.cut}
}

// mapped runs fill on a new mapper and returns its result; a nil answer
// maps to the entity alone.
func mapped(entity Entity, fallback string, opts HostOptions, fill func(m *hostMapper)) (*Result, error) {
	m, err := newHostMapper(entity, fallback, opts)
	if err != nil {
		return nil, err
	}
	fill(m)
	return m.result(), nil
}

// maxNoteText bounds the text a note repeats from an answer (a banner, a
// raw WHOIS record).
const maxNoteText = 64 << 10

// noteText makes server text safe for a note: invalid UTF-8 replaced,
// NUL and other control characters but tab and newline dropped, cut to
// maxNoteText bytes.
func noteText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < ' ' && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if len(s) > maxNoteText {
		cut := maxNoteText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + " [cut]"
	}
	return s
}
