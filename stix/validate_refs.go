package stix

import "strings"

// refsResolve is ValidateBundle's fast path for the reference check. For
// the object types of this package it lists every *_ref and *_refs value
// the object's JSON carries straight from the struct, instead of
// marshalling the object and decoding it into map[string]any (which cost
// most of the time of validating a bundle of 200k objects). It reports
// true only when it is certain that every reference resolves (to an
// object of ids or a TLP marking) and the object marshals; in any other
// case (an unknown type, a custom value it does not model, a map key
// ending in _ref, a dangling or empty reference, a marshal error) it
// reports false and the caller runs the generic walk, which then finds and
// words the problems exactly as before. The marshal check is [marshals]
// when it can be sure, else an AppendJSON into buf, scratch space
// returned for reuse.
func refsResolve(o Object, ids map[string]bool, buf []byte) (bool, []byte) {
	if !marshals(o) {
		var err error
		if buf, err = o.AppendJSON(buf[:0]); err != nil {
			return false, buf
		}
	}
	ok := func(ref string) bool { return ref != "" && (ids[ref] || IsTLPID(ref)) }
	all := func(refs []string) bool {
		for _, r := range refs {
			if !ok(r) {
				return false
			}
		}
		return true
	}
	// opt checks a property written only when set.
	opt := func(ref string) bool { return ref == "" || ok(ref) }
	common := func(c *Common, typ string) bool {
		return opt(c.CreatedByRef) && all(c.ObjectMarkingRefs) &&
			extRefsPlain(c.ExternalReferences) && customResolves(c.Custom, typ, ok)
	}
	observable := func(c *ObservableCommon, typ string) bool {
		return all(c.ObjectMarkingRefs) && customResolves(c.Custom, typ, ok)
	}
	switch x := o.(type) {
	case *Relationship:
		return common(&x.Common, TypeRelationship) && ok(x.SourceRef) && ok(x.TargetRef), buf
	case *Report:
		return common(&x.Common, TypeReport) && all(x.ObjectRefs), buf
	case *Note:
		return common(&x.Common, TypeNote) && all(x.ObjectRefs), buf
	case *Identity:
		return common(&x.Common, TypeIdentity), buf
	case *Indicator:
		return common(&x.Common, TypeIndicator), buf
	case *AttackPattern:
		return common(&x.Common, TypeAttackPattern), buf
	case *Vulnerability:
		return common(&x.Common, TypeVulnerability), buf
	case *MarkingDefinition:
		return opt(x.CreatedByRef) && all(x.ObjectMarkingRefs) && extRefsPlain(x.ExternalReferences) &&
			mapPlain(x.Definition) && customResolves(x.Custom, TypeMarkingDefinition, ok), buf
	case *DomainName:
		return observable(&x.ObservableCommon, TypeDomainName), buf
	case *IPv4Addr:
		return observable(&x.ObservableCommon, TypeIPv4Addr), buf
	case *IPv6Addr:
		return observable(&x.ObservableCommon, TypeIPv6Addr), buf
	case *URL:
		return observable(&x.ObservableCommon, TypeURL), buf
	case *EmailAddr:
		return observable(&x.ObservableCommon, TypeEmailAddr) && opt(x.BelongsToRef), buf
	case *File:
		return observable(&x.ObservableCommon, TypeFile) && mapPlain(x.Hashes) && opt(x.ParentDirectoryRef), buf
	case *Directory:
		return observable(&x.ObservableCommon, TypeDirectory), buf
	case *X509Certificate:
		return observable(&x.ObservableCommon, TypeX509Certificate) && mapPlain(x.Hashes), buf
	case *Mutex:
		return observable(&x.ObservableCommon, TypeMutex), buf
	case *AutonomousSystem:
		return observable(&x.ObservableCommon, TypeAutonomousSystem), buf
	case *Software:
		return observable(&x.ObservableCommon, TypeSoftware), buf
	case *Text:
		return observable(&x.ObservableCommon, TypeText), buf
	case *Location:
		return common(&x.Common, TypeLocation), buf
	case *IntrusionSet:
		return common(&x.Common, TypeIntrusionSet), buf
	case *ThreatActor:
		return common(&x.Common, TypeThreatActor), buf
	case *Malware:
		return common(&x.Common, TypeMalware) && all(x.OperatingSystemRefs) && all(x.SampleRefs), buf
	case *Tool:
		return common(&x.Common, TypeTool), buf
	}
	return false, buf
}

// mapPlain reports whether no key of a string map would be taken for a
// reference by the generic walk.
func mapPlain[M ~map[string]string](m M) bool {
	for k := range m {
		if strings.HasSuffix(k, "_ref") {
			return false
		}
	}
	return true
}

func extRefsPlain(refs []ExternalReference) bool {
	for _, r := range refs {
		if !mapPlain(r.Hashes) {
			return false
		}
	}
	return true
}

// customResolves checks the references among custom properties of the
// simple kinds (strings, string lists, scalars); any other value makes it
// give up. Keys the type knows are not marshalled, so they are skipped.
func customResolves(m map[string]any, typ string, ok func(string) bool) bool {
	if len(m) == 0 {
		return true
	}
	known := knownKeys[typ]
	for k, v := range m {
		if known[k] {
			continue
		}
		isRef := strings.HasSuffix(k, "_ref") || strings.HasSuffix(k, "_refs")
		switch x := v.(type) {
		case nil, bool, float64, int, int64:
		case string:
			if strings.HasSuffix(k, "_ref") && !ok(x) {
				return false
			}
		case []string:
			if isRef {
				for _, s := range x {
					if !ok(s) {
						return false
					}
				}
			}
		default:
			return false
		}
	}
	return true
}
