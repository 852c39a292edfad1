package stix

import (
	"encoding/json"
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

// Validate checks the identity; see [Validate].
func (o *Identity) Validate() error {
	var v validator
	v.common(&o.Common, TypeIdentity)
	v.required("name", o.Name)
	v.custom(o.Custom)
	return v.result()
}

// Validate checks the report; see [Validate].
func (o *Report) Validate() error {
	var v validator
	v.common(&o.Common, TypeReport)
	v.required("name", o.Name)
	v.ts("published", o.Published, true)
	if len(o.ObjectRefs) == 0 {
		v.add("object_refs", "required (at least one)")
	}
	v.refs("object_refs", o.ObjectRefs)
	v.custom(o.Custom)
	return v.result()
}

// Validate checks the indicator; see [Validate].
func (o *Indicator) Validate() error {
	var v validator
	v.common(&o.Common, TypeIndicator)
	v.required("pattern", o.Pattern)
	v.required("pattern_type", o.PatternType)
	if o.PatternType == "stix" && o.Pattern != "" {
		if err := CheckPattern(o.Pattern); err != nil {
			v.add("pattern", "%v", err)
		}
	}
	v.ts("valid_from", o.ValidFrom, true)
	v.ts("valid_until", o.ValidUntil, false)
	v.after("valid_until", o.ValidUntil, "valid_from", o.ValidFrom, true)
	for _, k := range o.KillChainPhases {
		if k.KillChainName == "" || k.PhaseName == "" {
			v.add("kill_chain_phases", "kill_chain_name and phase_name required")
		}
	}
	if o.XOpenCTIScore != nil && (*o.XOpenCTIScore < 0 || *o.XOpenCTIScore > 100) {
		v.add("x_opencti_score", "must be 0..100")
	}
	v.custom(o.Custom)
	return v.result()
}

// Validate checks the relationship; see [Validate].
func (o *Relationship) Validate() error {
	var v validator
	v.common(&o.Common, TypeRelationship)
	v.required("relationship_type", o.RelationshipType)
	v.required("source_ref", o.SourceRef)
	v.required("target_ref", o.TargetRef)
	v.ref("source_ref", o.SourceRef)
	v.ref("target_ref", o.TargetRef)
	v.ts("start_time", o.StartTime, false)
	v.ts("stop_time", o.StopTime, false)
	v.after("stop_time", o.StopTime, "start_time", o.StartTime, true)
	v.custom(o.Custom)
	return v.result()
}

// Validate checks the note; see [Validate].
func (o *Note) Validate() error {
	var v validator
	v.common(&o.Common, TypeNote)
	v.required("content", o.Content)
	if len(o.ObjectRefs) == 0 {
		v.add("object_refs", "required (at least one)")
	}
	v.refs("object_refs", o.ObjectRefs)
	v.custom(o.Custom)
	return v.result()
}

// Validate checks the attack pattern; see [Validate].
func (o *AttackPattern) Validate() error {
	var v validator
	v.common(&o.Common, TypeAttackPattern)
	v.required("name", o.Name)
	v.custom(o.Custom)
	return v.result()
}

// Validate checks the vulnerability; see [Validate].
func (o *Vulnerability) Validate() error {
	var v validator
	v.common(&o.Common, TypeVulnerability)
	v.required("name", o.Name)
	v.custom(o.Custom)
	return v.result()
}

// Validate checks the marking definition; see [Validate].
func (o *MarkingDefinition) Validate() error {
	v := validator{id: o.ID}
	v.checkID(TypeMarkingDefinition)
	v.ts("created", o.Created, true)
	v.ref("created_by_ref", o.CreatedByRef, TypeIdentity)
	v.refs("object_marking_refs", o.ObjectMarkingRefs, TypeMarkingDefinition)
	v.extRefs(o.ExternalReferences)
	v.required("definition_type", o.DefinitionType)
	if len(o.Definition) == 0 {
		v.add("definition", "required")
	}
	v.custom(o.Custom)
	return v.result()
}

func validateValueSCO(c *ObservableCommon, typ, value string) error {
	var v validator
	v.observable(c, typ)
	v.required("value", value)
	v.custom(c.Custom)
	return v.result()
}

// Validate checks the domain name; see [Validate].
func (o *DomainName) Validate() error {
	return validateValueSCO(&o.ObservableCommon, TypeDomainName, o.Value)
}

// Validate checks the address; see [Validate].
func (o *IPv4Addr) Validate() error {
	return validateValueSCO(&o.ObservableCommon, TypeIPv4Addr, o.Value)
}

// Validate checks the address; see [Validate].
func (o *IPv6Addr) Validate() error {
	return validateValueSCO(&o.ObservableCommon, TypeIPv6Addr, o.Value)
}

// Validate checks the URL; see [Validate].
func (o *URL) Validate() error { return validateValueSCO(&o.ObservableCommon, TypeURL, o.Value) }

// Validate checks the e-mail address; see [Validate].
func (o *EmailAddr) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeEmailAddr)
	v.required("value", o.Value)
	v.ref("belongs_to_ref", o.BelongsToRef, "user-account")
	v.custom(o.Custom)
	return v.result()
}

// Validate checks the file; see [Validate].
func (o *File) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeFile)
	if len(o.Hashes) == 0 && o.Name == "" {
		v.add("", "hashes or name required")
	}
	v.hashes(o.Hashes)
	if o.Size != nil && *o.Size < 0 {
		v.add("size", "must not be negative")
	}
	v.ref("parent_directory_ref", o.ParentDirectoryRef, TypeDirectory)
	v.custom(o.Custom)
	return v.result()
}

func (v *validator) hashes(h Hashes) {
	for k, val := range h {
		if k == "" || len(k) > 250 || val == "" {
			v.add("hashes", "empty or oversized hash name or value")
		}
	}
}

// Validate checks the directory; see [Validate].
func (o *Directory) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeDirectory)
	v.required("path", o.Path)
	v.custom(o.Custom)
	return v.result()
}

// Validate checks the certificate; see [Validate].
func (o *X509Certificate) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeX509Certificate)
	if len(o.Hashes) == 0 && o.SerialNumber == "" && o.Issuer == "" && o.Subject == "" &&
		o.Version == "" && o.ValidityNotBefore.IsZero() && o.ValidityNotAfter.IsZero() {
		v.add("", "at least one certificate property required")
	}
	v.hashes(o.Hashes)
	v.ts("validity_not_before", o.ValidityNotBefore, false)
	v.ts("validity_not_after", o.ValidityNotAfter, false)
	v.after("validity_not_after", o.ValidityNotAfter, "validity_not_before", o.ValidityNotBefore, false)
	v.custom(o.Custom)
	return v.result()
}

// Validate checks the mutex; see [Validate].
func (o *Mutex) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeMutex)
	v.required("name", o.Name)
	v.custom(o.Custom)
	return v.result()
}

// Validate checks the autonomous system; see [Validate].
func (o *AutonomousSystem) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeAutonomousSystem)
	if o.Number < 0 || o.Number > 1<<32-1 {
		v.add("number", "out of range")
	}
	v.custom(o.Custom)
	return v.result()
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

// ValidateBundle validates every object, checks the bundle ID, rejects
// duplicate IDs, and checks that every *_ref and *_refs property (custom
// ones included, at any depth) points to an object in the bundle or to a
// fixed TLP marking. It returns nil or a *[ValidationError].
func ValidateBundle(b *Bundle) error {
	if b == nil {
		return &ValidationError{Problems: []Problem{{Message: "nil bundle"}}}
	}
	var all []Problem
	if b.ID != "" {
		v := validator{id: b.ID}
		v.checkID(TypeBundle)
		all = append(all, v.problems...)
	}
	ids := make(map[string]bool, len(b.Objects))
	for _, o := range b.Objects {
		if o == nil {
			all = append(all, Problem{Message: "nil object in bundle"})
			continue
		}
		if ids[o.StixID()] {
			all = append(all, Problem{ObjectID: o.StixID(), Message: "duplicate id in bundle"})
		}
		ids[o.StixID()] = true
	}
	var scratch []byte
	for _, o := range b.Objects {
		if o == nil {
			continue
		}
		if err := o.Validate(); err != nil {
			var ve *ValidationError
			if asValidation(err, &ve) {
				all = append(all, ve.Problems...)
			} else {
				all = append(all, Problem{ObjectID: o.StixID(), Message: err.Error()})
			}
		}
		var resolved bool
		if resolved, scratch = refsResolve(o, ids, scratch); resolved {
			continue // the usual case: nothing for the generic walk to report
		}
		data, err := o.AppendJSON(nil)
		if err != nil {
			all = append(all, Problem{ObjectID: o.StixID(), Message: "marshal: " + err.Error()})
			continue
		}
		var tree any
		if err := json.Unmarshal(data, &tree); err != nil {
			all = append(all, Problem{ObjectID: o.StixID(), Message: "marshal: " + err.Error()})
			continue
		}
		walkRefs(tree, "", func(prop, ref string) {
			if !ids[ref] && !IsTLPID(ref) {
				all = append(all, Problem{ObjectID: o.StixID(), Property: prop, Message: fmt.Sprintf("%q is not in the bundle", ref)})
			}
		})
	}
	if len(all) == 0 {
		return nil
	}
	return &ValidationError{Problems: all}
}

func asValidation(err error, target **ValidationError) bool {
	ve, ok := err.(*ValidationError)
	if ok {
		*target = ve
	}
	return ok
}

// walkRefs calls fn for every string under a key ending in _ref and every
// string in a list under a key ending in _refs, in sorted key order.
func walkRefs(node any, key string, fn func(prop, ref string)) {
	switch x := node.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			walkRefs(x[k], k, fn)
		}
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok && strings.HasSuffix(key, "_refs") {
				fn(key, s)
				continue
			}
			walkRefs(e, key, fn)
		}
	case string:
		if strings.HasSuffix(key, "_ref") {
			fn(key, x)
		}
	}
}
