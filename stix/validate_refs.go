package stix

import "strings"

// refsResolve is ValidateBundle's fast path for the reference check. For
// the object types of this package it lists every *_ref and *_refs value
// the object's JSON carries straight from the struct (each type's
// refsResolve method), instead of marshalling the object and decoding it
// into map[string]any (which cost most of the time of validating a bundle
// of 200k objects). It reports true only when it is certain that every
// reference resolves (to an object of ids or a TLP marking) and the object
// marshals; in any other case (an unknown type, a custom value it does not
// model, a map key ending in _ref, a dangling or empty reference, a
// marshal error) it reports false and the caller runs the generic walk,
// which then finds and words the problems. The marshal check is [marshals]
// when it can be sure, else an AppendJSON into buf, scratch space returned
// for reuse. c holds the bundle's IDs.
func refsResolve(o Object, c refCheck, buf []byte) (bool, []byte) {
	if !marshals(o) {
		var err error
		if buf, err = o.AppendJSON(buf[:0]); err != nil {
			return false, buf
		}
	}
	m, ok := o.(model)
	if !ok {
		return false, buf
	}
	return m.refsResolve(c), buf
}

// refCheck answers, for one bundle's set of IDs, whether references
// resolve: the helpers of the types' refsResolve methods. It is passed by
// value: a pointer passed through an interface method escapes, which cost
// an allocation per object.
type refCheck struct {
	ids map[string]bool
}

// ok checks a reference that is written.
func (c refCheck) ok(ref string) bool { return ref != "" && (c.ids[ref] || IsTLPID(ref)) }

// opt checks a property written only when set.
func (c refCheck) opt(ref string) bool { return ref == "" || c.ok(ref) }

func (c refCheck) all(refs []string) bool {
	for _, r := range refs {
		if !c.ok(r) {
			return false
		}
	}
	return true
}

func (c refCheck) common(cm *Common, typ string) bool {
	return c.opt(cm.CreatedByRef) && c.all(cm.ObjectMarkingRefs) &&
		extRefsPlain(cm.ExternalReferences) && customResolves(cm.Custom, typ, c)
}

func (c refCheck) observable(cm *ObservableCommon, typ string) bool {
	return c.all(cm.ObjectMarkingRefs) && customResolves(cm.Custom, typ, c)
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
func customResolves(m map[string]any, typ string, c refCheck) bool {
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
			if strings.HasSuffix(k, "_ref") && !c.ok(x) {
				return false
			}
		case []string:
			if isRef {
				for _, s := range x {
					if !c.ok(s) {
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
