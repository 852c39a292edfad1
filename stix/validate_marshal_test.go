package stix

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// marshalTypes has one value of every object type marshals knows.
func marshalTypes() []Object {
	return []Object{
		&Identity{}, &Report{}, &Indicator{}, &Relationship{}, &Note{}, &AttackPattern{},
		&Vulnerability{}, &MarkingDefinition{}, &DomainName{}, &IPv4Addr{}, &IPv6Addr{},
		&EmailAddr{}, &URL{}, &File{}, &Directory{}, &X509Certificate{}, &Mutex{},
		&AutonomousSystem{}, &Software{}, &Text{}, &Location{}, &IntrusionSet{}, &ThreatActor{},
		&Malware{}, &Tool{},
	}
}

var timestampType = reflect.TypeFor[Timestamp]()

// fill sets every string the object can hold (fields, list elements, map
// keys and values, custom property names and values) to valid text, and
// the one numbered corrupt (counting in *n) to invalid UTF-8.
func fill(v reflect.Value, corrupt int, n *int) {
	text := func() string {
		defer func() { *n++ }()
		if *n == corrupt {
			return "x_\xff"
		}
		return "x_a"
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(text())
	case reflect.Struct:
		if v.Type() == timestampType {
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), corrupt, n)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), corrupt, n)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.ValueOf(text()).Convert(v.Type().Key())
		e := reflect.New(v.Type().Elem()).Elem()
		if e.Kind() == reflect.Interface {
			e.Set(reflect.ValueOf(text()))
		} else {
			fill(e, corrupt, n)
		}
		m.SetMapIndex(k, e)
		v.Set(m)
	}
}

// TestMarshalsIsSound checks that marshals never vouches for an object
// AppendJSON fails on: every string of every type is made invalid UTF-8 in
// turn (which must make AppendJSON fail: every string is written), and
// custom values of every troublesome kind are tried.
func TestMarshalsIsSound(t *testing.T) {
	t.Parallel()
	for _, proto := range marshalTypes() {
		typ := reflect.TypeOf(proto).Elem()
		fresh := func(corrupt int) (Object, int) {
			o := reflect.New(typ)
			n := 0
			fill(o.Elem(), corrupt, &n)
			return o.Interface().(Object), n
		}
		clean, count := fresh(-1)
		if _, err := clean.AppendJSON(nil); err != nil {
			t.Fatalf("%s: clean object: %v", typ.Name(), err)
		}
		if !marshals(clean) {
			t.Errorf("%s: marshals = false for a clean object (the fast path is not taken)", typ.Name())
		}
		for i := range count {
			o, _ := fresh(i)
			if _, err := o.AppendJSON(nil); err == nil {
				t.Errorf("%s: string %d: AppendJSON accepted invalid UTF-8 (not written?)", typ.Name(), i)
			}
			if marshals(o) {
				t.Errorf("%s: string %d is invalid UTF-8 but marshals = true", typ.Name(), i)
			}
		}
		for _, bad := range []any{math.NaN(), math.Inf(1), make(chan int), json.RawMessage("{"),
			[]any{"\xff"}, map[string]any{"a": "\xff"}, map[string]string{"a": "\xff"}, []string{"\xff"}, "\xff"} {
			o, _ := fresh(-1)
			custom := reflect.ValueOf(o).Elem().FieldByName("Custom")
			custom.Set(reflect.ValueOf(map[string]any{"x_bad": bad}))
			if _, err := o.AppendJSON(nil); err != nil && marshals(o) {
				t.Errorf("%s: custom value %#v: AppendJSON fails (%v) but marshals = true", typ.Name(), bad, err)
			}
		}
	}
}
