package stix

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Each modelled type lives in a file of its own (identity.go, url.go, ...)
// holding its struct, type name, ID function, marshalling, decoding,
// validation and references, and registers itself there with one
// package-level call to register. Decoding, ValidateBundle's fast paths
// and ObservableID reach the types through the registry and the methods
// of model, never through a type switch: a new type is one new file (and
// its test).

// model is what every modelled type implements besides Object.
type model interface {
	Object
	// marshals reports whether AppendJSON is certain to succeed; see the
	// package function marshals.
	marshals() bool
	// refsResolve reports whether every *_ref and *_refs the object
	// writes surely resolves; see the package function refsResolve.
	refsResolve(c refCheck) bool
}

// Observable types with a deterministic ID (STIX 2.1 section 2.9) also
// implement observableID; see [ObservableID].
type observableIDer interface {
	observableID() (string, error)
}

var (
	// constructors returns a new empty object per registered type name.
	constructors = map[string]func() Object{}

	// knownKeys lists, per type, every property the Go struct carries (plus
	// type and spec_version). Unmarshalling keeps the rest in Custom;
	// marshalling ignores Custom keys found here.
	knownKeys = map[string]map[string]bool{}
)

// register records a modelled type. It panics on a programming error (a
// type registered twice, or a constructor of another type or of a type
// that is not a model), which the package's tests catch at start-up.
func register(typ string, newObject func() Object) bool {
	o := newObject()
	if _, ok := o.(model); !ok || o.Type() != typ || constructors[typ] != nil {
		panic(fmt.Sprintf("stix: bad registration of type %q (%T)", typ, o))
	}
	constructors[typ] = newObject
	keys := map[string]bool{"type": true, "spec_version": true}
	collectKeys(reflect.TypeOf(o).Elem(), keys)
	knownKeys[typ] = keys
	return true
}

func collectKeys(t reflect.Type, keys map[string]bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			collectKeys(f.Type, keys)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			keys[name] = true
		}
	}
}

// newObject returns an empty object of a registered type, or nil.
func newObject(typ string) Object {
	if f := constructors[typ]; f != nil {
		return f()
	}
	return nil
}

// registeredTypes returns the registered type names, sorted.
func registeredTypes() []string {
	names := make([]string, 0, len(constructors))
	for t := range constructors {
		names = append(names, t)
	}
	slices.Sort(names)
	return names
}
