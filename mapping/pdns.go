package mapping

import (
	"fmt"
	"iter"
	"net/netip"
	"strconv"
	"strings"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// PassiveDNS maps a passive DNS answer about entity to observables and
// relationships; see [PassiveDNSRecords]. When entity is the zero value it
// is taken from answer.QueryValue. A nil answer maps to nothing.
func PassiveDNS(entity Entity, answer *passivetotal.PassiveDNS, opts PassiveDNSOptions) (*Result, error) {
	if entity.Type == "" && entity.Value == "" && answer != nil {
		e, err := NewEntity(answer.QueryValue, entity.Markings...)
		if err != nil {
			return nil, err
		}
		e.ID = entity.ID
		entity = e
	}
	hint := 0
	if answer != nil {
		hint = len(answer.Results)
	}
	return passiveDNS(entity, hint, func(yield func(passivetotal.DNSRecord, error) bool) {
		if answer == nil {
			return
		}
		for _, r := range answer.Results {
			if !yield(r, nil) {
				return
			}
		}
	}, opts)
}

// PassiveDNSBundle maps a passive DNS answer and returns its complete
// bundle (see [Result.Bundle]): the queried entity, the new observables and
// relationships, the author and the marking definitions.
func PassiveDNSBundle(entity Entity, answer *passivetotal.PassiveDNS, opts PassiveDNSOptions) (*stix.Bundle, []Skip, error) {
	r, err := PassiveDNS(entity, answer, opts)
	if err != nil {
		return nil, nil, err
	}
	b, err := r.Bundle()
	return b, r.Skips, err
}

// PassiveDNSRecords maps passive DNS records about entity, read from a
// stream, to observables and relationships:
//
//	A/AAAA + ip              entity resolves-to ipv4-addr / ipv6-addr
//	A/AAAA + domain          domain-name resolves-to entity (the entity is an IP)
//	CNAME/NS/MX/SOA + domain entity resolves-to domain-name (related-to for NS/MX/SOA with opts.RelatedTo)
//	SOA + email              entity related-to email-addr
//
// Other record types are skipped. Values are normalised (domains trimmed,
// lower-cased, without trailing dot; IPs in canonical form) and invalid
// ones skipped. start_time is firstSeen and stop_time lastSeen (one second
// later when they are equal); a record whose lastSeen is before its
// firstSeen is skipped. Records that give the same relationship collapse
// into one with the widest time range and the union of sources; one
// observable is made per value. The relationship ID is computed from type,
// source, target and start_time only, under every policy.
//
// Memory is bounded by the record cap (opts.MaxRecords): only the most
// recent relationships are kept while the stream is read, so a million
// records can be mapped. The first element of Objects is the entity itself.
// A non-nil error from the stream stops the mapping and is returned.
func PassiveDNSRecords(entity Entity, records iter.Seq2[passivetotal.DNSRecord, error], opts PassiveDNSOptions) (*Result, error) {
	return passiveDNS(entity, 0, records, opts)
}

// passiveDNS is PassiveDNSRecords with a hint of the number of records.
func passiveDNS(entity Entity, hint int, records iter.Seq2[passivetotal.DNSRecord, error], opts PassiveDNSOptions) (*Result, error) {
	e, err := entity.normalize()
	if err != nil {
		return nil, err
	}
	author, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	capacity := opts.MaxRecords
	if capacity == 0 {
		capacity = DefaultMaxRecords
	}
	m := &pdnsMapper{e: e, opts: opts, tn: newTopN(capacity, hint)}
	if records != nil {
		for r, err := range records {
			if err != nil {
				return nil, fmt.Errorf("mapping: passive DNS records: %w", err)
			}
			m.record(&r)
		}
	}
	return m.result(author, capacity), nil
}

// pdnsMapper holds the state of one passive DNS mapping.
type pdnsMapper struct {
	e     Entity
	opts  PassiveDNSOptions
	tn    *topN
	skips []Skip
}

func (m *pdnsMapper) skip(r *passivetotal.DNSRecord, reason string) {
	s := Skip{Item: "record " + label(r.RecordType) + " " + quoteValue(r.Resolve), Reason: reason}
	if m.opts.OnSkip != nil {
		m.opts.OnSkip(s)
		return
	}
	m.skips = append(m.skips, s)
}

// label returns a short name as is when it is plain printable ASCII, else
// quoted.
func label(s string) string {
	if len(s) == 0 || len(s) > 32 {
		return quoteValue(s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' || s[i] == '"' {
			return quoteValue(s)
		}
	}
	return s
}

// record checks one record and feeds it to the accumulator.
func (m *pdnsMapper) record(r *passivetotal.DNSRecord) {
	rule, relatedOK := lookupRecordRule(r.RecordType, r.ResolveType)
	if rule == ruleNone {
		m.skip(r, "unsupported record type "+strconv.Quote(r.RecordType)+" with resolve type "+strconv.Quote(r.ResolveType))
		return
	}
	if !r.FirstSeen.Valid() {
		m.skip(r, "no valid firstSeen")
		return
	}
	if !r.LastSeen.Valid() {
		m.skip(r, "no valid lastSeen")
		return
	}
	first, last := r.FirstSeen.Time, r.LastSeen.Time
	if last.Before(first) {
		m.skip(r, "lastSeen is before firstSeen")
		return
	}
	// The relationship's times are built from milliseconds; check the
	// instants it will carry, stop_time included (one second after
	// start_time when they are equal), not the raw ones.
	firstMS, lastMS := toMillis(first), toMillis(last)
	if start, stop := fromMillis(firstMS), stopTime(firstMS, lastMS); !stix.TimeInRange(start) || !stix.TimeInRange(stop) {
		m.skip(r, "firstSeen or lastSeen gives a time STIX cannot hold (start_time "+start.Format(time.RFC3339)+", stop_time "+stop.Format(time.RFC3339)+")")
		return
	}
	if r.Value != "" && r.Value != m.e.Value && !m.sameAsEntity(r.Value) {
		m.skip(r, "record value "+quoteValue(r.Value)+" is not the queried entity")
		return
	}
	var k relKey
	switch rule {
	case ruleIP:
		if m.e.isIP() {
			m.skip(r, "an A or AAAA record with an IP answer needs a domain entity")
			return
		}
		a, ok := NormalizeIP(r.Resolve)
		if !ok {
			m.skip(r, "not a valid IP address")
			return
		}
		k.sco, k.value = scoIPv4, ipText(a, r.Resolve)
		if a.Is6() {
			k.sco = scoIPv6
		}
	case ruleReverseA:
		if !m.e.isIP() {
			m.skip(r, "an A or AAAA record with a domain answer needs an IP entity")
			return
		}
		v, ok := NormalizeDomain(r.Resolve)
		if !ok {
			m.skip(r, "not a valid hostname")
			return
		}
		k.sco, k.value, k.reversed = scoDomain, v, true
	case ruleDomain:
		v, ok := NormalizeDomain(r.Resolve)
		if !ok {
			m.skip(r, "not a valid hostname")
			return
		}
		if !m.e.isIP() && v == m.e.Value {
			m.skip(r, "resolves to the queried entity itself")
			return
		}
		k.sco, k.value = scoDomain, v
		if relatedOK && m.opts.RelatedTo {
			k.relType = relRelatedTo
		}
	case ruleSOAEmail:
		v, ok := normalizeEmail(r.Resolve)
		if !ok {
			m.skip(r, "not a valid e-mail address")
			return
		}
		k.sco, k.value, k.relType = scoEmail, v, relRelatedTo
	}
	sources, hash := provenance(r.Source, r.RecordHash)
	m.tn.add(k, firstMS, lastMS, recordTypeBit(r.RecordType), sources, hash)
}

// stopTime is the stop_time of a relationship seen from first to last
// (Unix milliseconds): last, or one second after first when they are
// equal, since STIX wants stop_time after start_time.
func stopTime(first, last int64) time.Time {
	if last <= first {
		return fromMillis(first).Add(time.Second)
	}
	return fromMillis(last)
}

// ipText returns a.String(), reusing orig (the text a was parsed from)
// when it is already canonical, as it nearly always is: no allocation.
func ipText(a netip.Addr, orig string) string {
	var buf [64]byte
	if b := a.AppendTo(buf[:0]); string(b) == orig {
		return orig
	}
	return a.String()
}

// recordTypeBit returns the bit of a record type the rules accepted,
// without allocating in the usual (already canonical) case.
func recordTypeBit(s string) uint8 {
	if b, ok := recordTypeBits[s]; ok {
		return b
	}
	return recordTypeBits[strings.ToUpper(strings.TrimSpace(s))]
}

// sameAsEntity compares a record's value with the entity after
// normalisation (the fast path, equal strings, is taken by the caller).
func (m *pdnsMapper) sameAsEntity(v string) bool {
	if m.e.isIP() {
		a, ok := NormalizeIP(v)
		return ok && a.String() == m.e.Value
	}
	d, ok := NormalizeDomain(v)
	return ok && d == m.e.Value
}

// scoTypes maps scoKind to its STIX type.
var scoTypes = [...]string{
	scoDomain: stix.TypeDomainName,
	scoIPv4:   stix.TypeIPv4Addr,
	scoIPv6:   stix.TypeIPv6Addr,
	scoEmail:  stix.TypeEmailAddr,
}

// result builds the objects of the kept relationships.
func (m *pdnsMapper) result(author *stix.Identity, capacity int) *Result {
	f := m.frame(author)
	entries := m.tn.sorted(1)
	objs := make([]stix.Object, 0, 1+2*len(entries))
	objs = append(objs, f.entity)
	var slabs objectSlabs
	rels := make([]stix.Relationship, len(entries)) // at most one per entry
	for _, en := range entries {
		// The observable goes out with the first entry of its value; the
		// others hash its ID again (a value rarely has two relationships).
		id, err := scoID(scoTypes[en.key.sco], en.key.value)
		if err != nil {
			m.skipEntry(en, err.Error())
			continue
		}
		if !ringClaimed(en) {
			en.out |= outSCO
			objs = append(objs, slabs.newSCO(en.key.ref(), id, f.refs, f.custom))
		}
		relID, err := m.relationshipID(en, id)
		if err != nil {
			m.skipEntry(en, err.Error())
			continue
		}
		rel := &rels[0]
		rels = rels[1:]
		m.relationship(f, en, id, relID, rel)
		objs = append(objs, rel)
	}
	m.cutSkip(capacity)
	return &Result{Objects: objs, Author: author, Markings: f.markings, Cut: m.tn.cut, Skips: m.skips}
}

// cutSkip reports the records the cap dropped, if any.
func (m *pdnsMapper) cutSkip(capacity int) {
	if m.tn.cut == 0 {
		return
	}
	s := Skip{
		Item:   strconv.Itoa(m.tn.cut) + " records",
		Reason: "over the cap of " + strconv.Itoa(capacity) + " relationships per entity (the most recent by lastSeen were kept)",
	}
	if m.opts.OnSkip != nil {
		m.opts.OnSkip(s)
	} else {
		m.skips = append(m.skips, s)
	}
}

// skipEntry reports a relationship that could not be built.
func (m *pdnsMapper) skipEntry(en *relEntry, reason string) {
	r := passivetotal.DNSRecord{RecordType: strings.TrimSuffix(en.description(), " record"), Resolve: en.key.value}
	m.skip(&r, reason)
}
