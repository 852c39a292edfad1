package mapping

import (
	"fmt"
	"slices"

	"github.com/ptstix/passivetotal/stix"
)

// Result is what one mapping call produced.
type Result struct {
	// Objects are the mapped objects in a stable order. They name Author
	// in created_by_ref and the Markings in object_marking_refs, but do not
	// include them (see AllObjects and Bundle).
	//
	// Treat them as read-only: to keep large answers cheap, objects of one
	// result may share slices and maps (the observables' custom properties,
	// their marking lists), so a change to one may show in others. Copy an
	// object before changing it.
	Objects []stix.Object
	// Author is the identity the objects name as their creator.
	Author *stix.Identity
	// Markings are the definitions of every marking the objects reference,
	// least restrictive first.
	Markings []*stix.MarkingDefinition
	// Skips are the input items that produced no object, in input order
	// (empty when a PassiveDNSOptions.OnSkip callback took them).
	Skips []Skip
	// Cut is the number of passive DNS records dropped by the record cap.
	Cut int
}

// AllObjects returns the author identity, the marking definitions and the
// objects: everything a self-contained bundle needs, in the order a
// streaming writer should write it.
func (r *Result) AllObjects() []stix.Object {
	out := make([]stix.Object, 0, 1+len(r.Markings)+len(r.Objects))
	if r.Author != nil {
		out = append(out, r.Author)
	}
	for _, m := range r.Markings {
		out = append(out, m)
	}
	return append(out, r.Objects...)
}

// Bundle returns the objects in a complete bundle (author identity and
// every referenced marking definition included) with a content-derived ID,
// after checking it with [stix.ValidateBundle]: no reference dangles.
func (r *Result) Bundle() (*stix.Bundle, error) {
	b := stix.NewBundle(r.AllObjects()...)
	if err := stix.ValidateBundle(b); err != nil {
		return nil, fmt.Errorf("mapping: bundle: %w", err)
	}
	return b, nil
}

// tlpSet collects the TLP markings a result references.
type tlpSet [8]bool

func (s *tlpSet) add(t stix.TLP) {
	if t.Valid() {
		s[t] = true
	}
}

// definitions returns the marking definitions, least restrictive first.
// CLEAR and WHITE share one ID: only one definition is written for it
// (TLP:CLEAR when both are used, the current name).
func (s *tlpSet) definitions() []*stix.MarkingDefinition {
	var ts []stix.TLP
	for t := range stix.TLP(len(s)) {
		if s[t] && t.Valid() {
			ts = append(ts, t)
		}
	}
	slices.SortStableFunc(ts, func(a, b stix.TLP) int { return a.Rank() - b.Rank() })
	var out []*stix.MarkingDefinition
	seen := map[string]bool{}
	for _, t := range ts {
		if seen[t.ID()] {
			continue
		}
		seen[t.ID()] = true
		out = append(out, t.Definition())
	}
	return out
}

// markingRefs returns the object_marking_refs of an object of a type the
// stix package models (caller-resolved objects may be of any type; an
// unmodelled one has none this package can read).
func markingRefs(o stix.Object) []string {
	if m, ok := o.(interface{ MarkingRefs() []string }); ok {
		return m.MarkingRefs()
	}
	return nil
}

// tlpRefs returns the marking refs of t (none for zero).
func tlpRefs(t stix.TLP) []string {
	if !t.Valid() {
		return nil
	}
	return []string{t.ID()}
}
