package mapping

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// DNSStream is a passive DNS mapping whose bundle is built as it is
// written: see [PassiveDNSStream].
type DNSStream struct {
	m        *pdnsMapper
	f        *pdnsFrame
	capacity int
	entries  []*relEntry
	fixed    []stix.Object // author, markings and entity, deduplicated
	counts   map[string]int
	bundleID string
	written  bool
}

// PassiveDNSStream maps passive DNS records as [PassiveDNSRecords] does,
// for output too large to hold: it keeps only what deduplication needs
// (one entry per distinct relationship, one per observable), never the
// records or the objects. [DNSStream.WriteBundle] then builds, validates
// and writes the objects one at a time; its bytes are exactly those of
// marshalling [Result.Bundle] of PassiveDNSRecords on the same input.
func PassiveDNSStream(entity Entity, records iter.Seq2[passivetotal.DNSRecord, error], opts PassiveDNSOptions) (*DNSStream, error) {
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
	m := &pdnsMapper{e: e, opts: opts, tn: newTopN(capacity, 0)}
	if records != nil {
		for r, err := range records {
			if err != nil {
				return nil, fmt.Errorf("mapping: passive DNS records: %w", err)
			}
			m.record(&r)
		}
	}
	return &DNSStream{m: m, f: m.frame(author), capacity: capacity}, nil
}

// Cut is the number of records dropped by the record cap.
func (s *DNSStream) Cut() int { return s.m.tn.cut }

// Skips are the records and relationships that produced no object, in the
// order [Result.Skips] lists them (empty when PassiveDNSOptions.OnSkip took
// them). The relationships that cannot be built and the records cut by
// the cap are only known once WriteBundle has run.
func (s *DNSStream) Skips() []Skip { return s.m.skips }

// Counts returns the number of objects WriteBundle wrote, by STIX type.
func (s *DNSStream) Counts() map[string]int { return s.counts }

// errWritten is returned by a second WriteBundle.
var errWritten = errors.New("mapping: DNSStream.WriteBundle called twice")

// Output bits of a relEntry in a stream.
const (
	outSCO uint8 = 1 << iota // write the observable (first entry of its value)
	outRel                   // write the relationship
)

// WriteBundle writes the complete bundle (the author identity, the
// marking definitions, the entity, the observables and relationships) to
// w, with the content-derived ID first, and no newline. Each object is
// validated as it is built; an invalid one stops the write with an error
// (what was written is then not a bundle). Up to workers goroutines
// compute IDs and build and marshal objects while the caller's goroutine
// writes; the bytes do not depend on workers. Wrap w in a bufio.Writer.
// WriteBundle can be called once.
func (s *DNSStream) WriteBundle(w io.Writer, workers int) error {
	if s.written {
		return errWritten
	}
	s.written = true
	s.prepare(workers)
	const perPart = 256
	parts := 1 + (len(s.entries)+perPart-1)/perPart
	return orderedWrite(w, parts, workers, func(i int, dst []byte) ([]byte, error) {
		if i == 0 {
			return s.appendHead(dst)
		}
		lo := (i - 1) * perPart
		dst, err := s.appendEntries(dst, s.entries[lo:min(lo+perPart, len(s.entries))])
		if err == nil && i == parts-1 {
			dst = append(dst, "]}"...)
		}
		return dst, err
	})
}

// prepare sorts the entries, computes every ID (in parallel), reports the
// relationships that cannot be built and the cut as Result does, and
// derives the bundle ID.
func (s *DNSStream) prepare(workers int) {
	m := s.m
	s.entries = m.tn.sorted()
	firsts := make([]*relEntry, 0, len(s.entries))
	for _, en := range s.entries {
		if en.node.id == "" && en.out&outSCO == 0 && !nodeClaimed(en) {
			en.out |= outSCO
			firsts = append(firsts, en)
		}
	}
	// An observable ID fails for every entry of its value, as in Result.
	scoErr := make([]string, len(firsts))
	parallelFor(workers, len(firsts), func(lo, hi int) {
		for i, en := range firsts[lo:hi] {
			id, err := scoID(scoTypes[en.key.sco], en.key.value)
			if err != nil {
				scoErr[lo+i] = err.Error()
				continue
			}
			en.node.id = id
		}
	})
	relErr := make([]string, len(s.entries))
	parallelFor(workers, len(s.entries), func(lo, hi int) {
		for i, en := range s.entries[lo:hi] {
			if en.node.id == "" {
				continue
			}
			id, err := m.relationshipID(en)
			if err != nil {
				relErr[lo+i] = err.Error()
				continue
			}
			en.relID, en.out = id, en.out|outRel
		}
	})
	failedSCO := map[*valueNode]string{}
	for i, en := range firsts {
		if scoErr[i] != "" {
			failedSCO[en.node] = scoErr[i]
		}
	}
	for i, en := range s.entries {
		switch {
		case en.node.id == "":
			en.out = 0
			m.skipEntry(en, failedSCO[en.node])
		case relErr[i] != "":
			m.skipEntry(en, relErr[i])
		}
	}
	m.cutSkip(s.capacity)
	s.index()
}

// nodeClaimed reports whether an earlier entry of en's value already
// writes the observable.
func nodeClaimed(en *relEntry) bool {
	for _, o := range en.node.rels {
		if o != en && o.out&outSCO != 0 {
			return true
		}
	}
	return false
}

// index lists the objects to write, drops the later of two objects with
// one ID (a bundle keeps the first), counts them and derives the bundle ID.
func (s *DNSStream) index() {
	ids := make([]string, 0, 2+len(s.f.markings)+2*len(s.entries))
	var nSCO [len(scoTypes)]int
	nRel := 0
	fixed := []stix.Object{s.f.author}
	for _, d := range s.f.markings {
		fixed = append(fixed, d)
	}
	for _, o := range append(fixed, s.f.entity) {
		if !slices.Contains(ids, o.StixID()) {
			ids = append(ids, o.StixID())
			s.fixed = append(s.fixed, o)
		}
	}
	nFixed := len(ids)
	// Generated IDs are distinct (distinct values, distinct relationship
	// keys): only a caller-given entity ID could equal one of them, so
	// they are checked against the few fixed IDs alone.
	add := func(id string) bool {
		if slices.Contains(ids[:nFixed], id) {
			return false
		}
		ids = append(ids, id)
		return true
	}
	for _, en := range s.entries {
		if en.out&outSCO != 0 {
			if add(en.node.id) {
				nSCO[en.key.sco]++
			} else {
				en.out &^= outSCO
			}
		}
		if en.out&outRel != 0 {
			if add(en.relID) {
				nRel++
			} else {
				en.out &^= outRel
			}
		}
	}
	s.counts = map[string]int{}
	for _, o := range s.fixed {
		s.counts[o.Type()]++
	}
	for k, n := range nSCO {
		if n > 0 {
			s.counts[scoTypes[k]] += n
		}
	}
	if nRel > 0 {
		s.counts[stix.TypeRelationship] += nRel
	}
	s.bundleID = stix.ContentIDOf(ids)
}

// appendHead appends the bundle's head and its fixed objects.
func (s *DNSStream) appendHead(dst []byte) ([]byte, error) {
	dst = append(dst, `{"type":"bundle","id":"`...)
	dst = append(dst, s.bundleID...)
	dst = append(dst, `","objects":[`...)
	for i, o := range s.fixed {
		if i > 0 {
			dst = append(dst, ',')
		}
		var err error
		if dst, err = appendValid(dst, o); err != nil {
			return dst, err
		}
	}
	if len(s.entries) == 0 {
		dst = append(dst, "]}"...)
	}
	return dst, nil
}

// appendEntries appends the objects of entries, each after a comma (the
// head always holds the author).
func (s *DNSStream) appendEntries(dst []byte, entries []*relEntry) ([]byte, error) {
	var sco scoScratch
	var rel stix.Relationship
	var err error
	for _, en := range entries {
		if en.out&outSCO != 0 {
			dst = append(dst, ',')
			if dst, err = appendValid(dst, sco.build(en.key.scoRef, en.node.id, s.f.refs, s.f.custom)); err != nil {
				return dst, err
			}
		}
		if en.out&outRel != 0 {
			s.m.relationship(s.f, en, en.relID, &rel)
			dst = append(dst, ',')
			if dst, err = appendValid(dst, &rel); err != nil {
				return dst, err
			}
		}
	}
	return dst, nil
}

// appendValid validates o and appends its JSON.
func appendValid(dst []byte, o stix.Object) ([]byte, error) {
	if err := o.Validate(); err != nil {
		return dst, fmt.Errorf("mapping: bundle: %w", err)
	}
	return o.AppendJSON(dst)
}

// scoScratch holds one observable of each type, rebuilt for every object
// a stream writes: it is marshalled at once and never kept.
type scoScratch struct {
	domain stix.DomainName
	ipv4   stix.IPv4Addr
	ipv6   stix.IPv6Addr
	email  stix.EmailAddr
}

func (s *scoScratch) build(ref scoRef, id string, marks []string, custom map[string]any) stix.Object {
	c := stix.ObservableCommon{ID: id, ObjectMarkingRefs: marks, Custom: custom}
	switch ref.sco {
	case scoIPv4:
		s.ipv4 = stix.IPv4Addr{ObservableCommon: c, Value: ref.value}
		return &s.ipv4
	case scoIPv6:
		s.ipv6 = stix.IPv6Addr{ObservableCommon: c, Value: ref.value}
		return &s.ipv6
	case scoEmail:
		s.email = stix.EmailAddr{ObservableCommon: c, Value: ref.value}
		return &s.email
	}
	s.domain = stix.DomainName{ObservableCommon: c, Value: ref.value}
	return &s.domain
}
