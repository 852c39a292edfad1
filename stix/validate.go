package stix

import (
	"fmt"
	"slices"
	"strings"
)

// Problem is one validation finding.
type Problem struct {
	ObjectID string // the object's id ("" when it has none)
	Property string // the property concerned ("" for the object as a whole)
	Message  string
}

func (p Problem) String() string {
	s := p.ObjectID
	if s == "" {
		s = "(no id)"
	}
	if p.Property != "" {
		s += " " + p.Property
	}
	return s + ": " + p.Message
}

// ValidationError lists every problem [Validate] or [ValidateBundle]
// found.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	const maxShown = 5
	parts := make([]string, 0, maxShown+1)
	for i, p := range e.Problems {
		if i == maxShown {
			parts = append(parts, fmt.Sprintf("and %d more", len(e.Problems)-maxShown))
			break
		}
		parts = append(parts, p.String())
	}
	return "stix: invalid: " + strings.Join(parts, "; ")
}

// Validate checks one object: required properties present, id prefix
// matching the type and a well-formed RFC 4122 UUID, timestamps set and ordered
// (modified >= created, stop_time > start_time, valid_until >
// valid_from), reference properties holding well-formed IDs of the right
// type, STIX patterns parsing, custom property names well formed. It
// returns nil or a *[ValidationError].
func Validate(o Object) error {
	if o == nil {
		return &ValidationError{Problems: []Problem{{Message: "nil object"}}}
	}
	return o.Validate()
}

// validator collects problems for one object.
type validator struct {
	id       string
	problems []Problem
}

func (v *validator) add(prop, format string, args ...any) {
	v.problems = append(v.problems, Problem{ObjectID: v.id, Property: prop, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) result() error {
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

func (v *validator) checkID(typ string) {
	if v.id == "" {
		v.add("id", "missing")
		return
	}
	t, u, err := splitID(v.id)
	if err != nil {
		v.add("id", "%v", err)
		return
	}
	if !rfc4122(u) {
		v.add("id", "%s", errNotRFC4122)
	}
	if t != typ {
		v.add("id", "prefix %q does not match type %q", t, typ)
	}
}

// errNotRFC4122 words the problem rfc4122 finds.
const errNotRFC4122 = "UUID is not RFC 4122 (version 1..5, variant 10xx)"

// rfc4122 reports whether u is an RFC 4122 UUID, as STIX 2.1 section 2.9
// requires of the UUID part of an identifier (and the OASIS identifier
// schema checks): version 1 to 5, variant bits 10. An all-zero or random
// 16-byte value is well formed but not a STIX ID.
func rfc4122(u uuid) bool {
	ver := u[6] >> 4
	return ver >= 1 && ver <= 5 && u[8]&0xc0 == 0x80
}

func (v *validator) required(prop, val string) {
	if strings.TrimSpace(val) == "" {
		v.add(prop, "required")
	}
}

func (v *validator) ref(prop, ref string, types ...string) {
	if ref == "" {
		return
	}
	t := TypeMarkingDefinition
	// Nearly every object references a fixed TLP marking, whose ID was
	// checked once at start-up: parsing it again was a quarter of the
	// UUID parsing of a bundle's validation.
	if !tlpIDsWellFormed || len(ref) != len(TLPRedID) || !IsTLPID(ref) {
		typ, u, err := splitID(ref)
		if err != nil {
			v.add(prop, "%q: %v", ref, err)
			return
		}
		if !rfc4122(u) {
			v.add(prop, "%q: %s", ref, errNotRFC4122)
		}
		t = typ
	}
	if len(types) > 0 && !slices.Contains(types, t) {
		v.add(prop, "%q must reference %s", ref, strings.Join(types, " or "))
	}
}

// tlpIDsWellFormed reports whether every fixed TLP ID is a well-formed
// RFC 4122 marking-definition ID, so that validator.ref may skip parsing
// them with the same outcome.
var tlpIDsWellFormed = func() bool {
	for _, t := range allTLPs {
		typ, u, err := splitID(t.ID())
		if err != nil || !rfc4122(u) || typ != TypeMarkingDefinition || len(t.ID()) != len(TLPRedID) {
			return false
		}
	}
	return true
}()

func (v *validator) refs(prop string, refs []string, types ...string) {
	for _, r := range refs {
		v.ref(prop, r, types...)
	}
}

func (v *validator) ts(prop string, t Timestamp, required bool) {
	if t.IsZero() {
		if required {
			v.add(prop, "required")
		}
		return
	}
	if !TimeInRange(t.Time) {
		v.add(prop, "year %d out of range", t.UTC().Year())
	}
}

func (v *validator) after(laterProp string, later Timestamp, earlierProp string, earlier Timestamp, strict bool) {
	if later.IsZero() || earlier.IsZero() {
		return
	}
	if strict && !later.After(earlier.Time) {
		v.add(laterProp, "must be later than %s", earlierProp)
	} else if !strict && later.Before(earlier.Time) {
		v.add(laterProp, "must not be earlier than %s", earlierProp)
	}
}

func (v *validator) custom(m map[string]any) {
	// Sorted keys keep the problem list deterministic despite map order.
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !validPropertyName(k) {
			v.add(k, "invalid custom property name (want 3..250 of a-z, 0-9, _)")
		}
	}
}

func validPropertyName(k string) bool {
	if len(k) < 3 || len(k) > 250 {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func (v *validator) common(c *Common, typ string) {
	v.id = c.ID
	v.checkID(typ)
	v.ts("created", c.Created, true)
	v.ts("modified", c.Modified, true)
	// Compare at the written (millisecond) precision.
	v.after("modified", Time(c.Modified.Truncate(1e6)), "created", Time(c.Created.Truncate(1e6)), false)
	v.ref("created_by_ref", c.CreatedByRef, TypeIdentity)
	v.refs("object_marking_refs", c.ObjectMarkingRefs, TypeMarkingDefinition)
	if c.Confidence != nil && (*c.Confidence < 0 || *c.Confidence > 100) {
		v.add("confidence", "must be 0..100")
	}
	for _, l := range c.Labels {
		if l == "" {
			v.add("labels", "empty label")
		}
	}
	v.extRefs(c.ExternalReferences)
}

func (v *validator) extRefs(refs []ExternalReference) {
	for _, r := range refs {
		if r.SourceName == "" {
			v.add("external_references", "source_name required")
		}
	}
}

func (v *validator) observable(c *ObservableCommon, typ string) {
	v.id = c.ID
	v.checkID(typ)
	v.refs("object_marking_refs", c.ObjectMarkingRefs, TypeMarkingDefinition)
}

// validateValueSCO checks an SCO whose value is required and, when check
// is not nil, follows a grammar.
func validateValueSCO(c *ObservableCommon, typ, value string, check func(string) error) error {
	var v validator
	v.observable(c, typ)
	v.required("value", value)
	if check != nil && strings.TrimSpace(value) != "" {
		if err := check(value); err != nil {
			v.add("value", "%v", err)
		}
	}
	v.custom(c.Custom)
	return v.result()
}

func (v *validator) hashes(h Hashes) {
	if len(h) == 0 {
		return
	}
	// Sorted names keep the problem list deterministic despite map order.
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if err := checkHash(k, h[k]); err != nil {
			v.add("hashes", "%q: %v", k, err)
		}
	}
}

// Validate checks that the unknown object has a type and a well-formed id.
func (u *Unknown) Validate() error {
	v := validator{id: u.ID}
	if !validTypeName(u.ObjectType) {
		v.add("type", "invalid type %q", u.ObjectType)
	} else {
		v.checkID(u.ObjectType)
	}
	return v.result()
}

// killChain checks that each phase names its kill chain and phase.
func (v *validator) killChain(phases []KillChainPhase) {
	for _, k := range phases {
		if k.KillChainName == "" || k.PhaseName == "" {
			v.add("kill_chain_phases", "kill_chain_name and phase_name required")
		}
	}
}

// seen checks first_seen and last_seen: well formed, and last_seen not
// before first_seen (STIX 2.1: greater than or equal).
func (v *validator) seen(first, last Timestamp) {
	v.ts("first_seen", first, false)
	v.ts("last_seen", last, false)
	v.after("last_seen", last, "first_seen", first, false)
}

// nonEmpty reports empty strings in a list property (an open-vocabulary
// or free-text list whose entries must say something).
func (v *validator) nonEmpty(prop string, list []string) {
	for _, s := range list {
		if s == "" {
			v.add(prop, "empty entry")
			return
		}
	}
}
