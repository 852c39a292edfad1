package stix

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

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
	rc := refCheck{ids: ids}
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
		if resolved, scratch = refsResolve(o, rc, scratch); resolved {
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
