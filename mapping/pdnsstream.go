package mapping

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"runtime"
	"slices"
	"sync"

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

// collectAfterPrepare is the number of entries from which WriteBundle
// collects garbage before writing: below it, the heap is too small for its
// peak to matter.
const collectAfterPrepare = 1 << 17

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
	if len(s.entries) >= collectAfterPrepare {
		// The value index and the keys of the bundle ID are garbage at this
		// point, and the entries are all that stays live while the bundle
		// is written. Without a collection here, the next heap goal would
		// be twice the heap measured during the accumulation or prepare,
		// index and keys included: 1M uncapped records peak at 225-245 MB
		// of RSS without it, 190-200 MB with it. One mark of the entries
		// costs far less than writing them.
		runtime.GC()
	}
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

// prepare sorts the entries, computes every ID (in parallel) for the
// bundle ID, reports the relationships that cannot be built and the cut as
// Result does, and counts the objects. IDs are not kept: a million of them
// would cost more memory than the entries; they are computed again, on
// every core, as the objects are written.
func (s *DNSStream) prepare(workers int) {
	m := s.m
	s.entries = m.tn.sorted(workers)
	for _, en := range s.entries {
		if en.out&outSCO == 0 && !ringClaimed(en) {
			en.out |= outSCO
		}
	}
	s.fixed = s.fixed[:0]
	var fixedIDs []string
	fixed := []stix.Object{s.f.author}
	for _, d := range s.f.markings {
		fixed = append(fixed, d)
	}
	for _, o := range append(fixed, s.f.entity) {
		if !slices.Contains(fixedIDs, o.StixID()) {
			fixedIDs = append(fixedIDs, o.StixID())
			s.fixed = append(s.fixed, o)
		}
	}
	// One result per range of entries, merged in order afterwards. The
	// keys of range [lo, hi) go to keys[base+2*lo:base+2*hi] (an entry has
	// at most two objects), packed to the front; the ranges are then moved
	// together in place, so the keys of a million objects are held once.
	type failure struct {
		at  int
		msg string
	}
	type part struct {
		nKeys    int
		failures []failure
		nSCO     [len(scoTypes)]int
		nRel     int
	}
	base := len(fixedIDs)
	keys := make([]stix.IDKey, base+2*len(s.entries))
	for i, id := range fixedIDs {
		keys[i] = stix.KeyOfID(id)
	}
	parts := make([]part, (len(s.entries)+parallelStep-1)/parallelStep)
	parallelFor(workers, len(s.entries), func(lo, hi int) {
		p := &parts[lo/parallelStep]
		pk := keys[base+2*lo : base+2*lo : base+2*hi]
		for i := lo; i < hi; i++ {
			en := s.entries[i]
			sco, err := scoID(scoTypes[en.key.sco], en.key.value)
			if err != nil {
				// As in Result: every entry of the value is skipped.
				en.out = 0
				p.failures = append(p.failures, failure{i, err.Error()})
				continue
			}
			// Generated IDs are distinct (distinct values, distinct
			// relationship keys): only a caller-given entity ID could equal
			// one, so they are checked against the few fixed IDs alone.
			if en.out&outSCO != 0 {
				if slices.Contains(fixedIDs, sco) {
					en.out &^= outSCO
				} else {
					pk = append(pk, stix.KeyOfID(sco))
					p.nSCO[en.key.sco]++
				}
			}
			rel, err := m.relationshipID(en, sco)
			if err != nil {
				p.failures = append(p.failures, failure{i, err.Error()})
				continue
			}
			if !slices.Contains(fixedIDs, rel) {
				en.out |= outRel
				pk = append(pk, stix.KeyOfID(rel))
				p.nRel++
			}
		}
		p.nKeys = len(pk)
	})
	n := base
	s.counts = map[string]int{}
	for _, o := range s.fixed {
		s.counts[o.Type()]++
	}
	for i := range parts {
		p := &parts[i]
		lo := base + 2*i*parallelStep
		n += copy(keys[n:], keys[lo:lo+p.nKeys])
		for _, f := range p.failures {
			m.skipEntry(s.entries[f.at], f.msg)
		}
		for k, n := range p.nSCO {
			if n > 0 {
				s.counts[scoTypes[k]] += n
			}
		}
		if p.nRel > 0 {
			s.counts[stix.TypeRelationship] += p.nRel
		}
	}
	m.cutSkip(s.capacity)
	keys = keys[:n]
	sortKeys(keys, workers)
	s.bundleID = stix.ContentIDOfKeys(keys) // in order already: its sort checks and goes
}

// sortKeys sorts keys in byte order, as stix.ContentIDOfKeys does, in two
// parts at once with workers > 1: the keys with the top bit clear, then the
// others (keys are hashes, so the parts are about equal). The keys of a
// 1M-record uncapped stream take 0.2 s to sort on one core.
func sortKeys(keys []stix.IDKey, workers int) {
	if workers < 2 || len(keys) < 2*parallelSortMin {
		slices.SortFunc(keys, compareKeys)
		return
	}
	i, j := 0, len(keys)
	for i < j {
		if keys[i][0] < 0x80 {
			i++
		} else {
			j--
			keys[i], keys[j] = keys[j], keys[i]
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() { slices.SortFunc(keys[:i], compareKeys) })
	slices.SortFunc(keys[i:], compareKeys)
	wg.Wait()
}

// compareKeys orders keys as bytes.Compare does, with two integer
// comparisons (calling bytes.Compare costs most of the sorting time).
func compareKeys(a, b stix.IDKey) int {
	if c := cmp.Compare(binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(b[:8])); c != 0 {
		return c
	}
	return cmp.Compare(binary.BigEndian.Uint64(a[8:]), binary.BigEndian.Uint64(b[8:]))
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
	for _, en := range entries {
		if en.out == 0 {
			continue
		}
		// The IDs computed by prepare, again (deterministic: they cannot
		// fail now).
		id, err := scoID(scoTypes[en.key.sco], en.key.value)
		if err != nil {
			return dst, err
		}
		if en.out&outSCO != 0 {
			dst = append(dst, ',')
			if dst, err = appendValid(dst, sco.build(en.key.ref(), id, s.f.refs, s.f.custom)); err != nil {
				return dst, err
			}
		}
		if en.out&outRel != 0 {
			relID, err := s.m.relationshipID(en, id)
			if err != nil {
				return dst, err
			}
			s.m.relationship(s.f, en, id, relID, &rel)
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
