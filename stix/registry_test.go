package stix

import (
	"encoding/json"
	"testing"
)

// Every type the package documents is registered, and every registered
// type decodes, knows its properties and is reached by the fast paths.
func TestRegistry(t *testing.T) {
	t.Parallel()
	want := []string{
		"attack-pattern", "autonomous-system", "directory", "domain-name", "email-addr", "file", "identity",
		"indicator", "intrusion-set", "ipv4-addr", "ipv6-addr", "location", "malware", "marking-definition",
		"mutex", "note", "relationship", "report", "software", "text", "threat-actor", "tool", "url",
		"vulnerability", "x509-certificate",
	}
	got := registeredTypes()
	if len(got) != len(want) {
		t.Fatalf("registered %q, want %q", got, want)
	}
	for i, typ := range want {
		if got[i] != typ {
			t.Fatalf("registered %q, want %q", got, want)
		}
		o := newObject(typ)
		if o.Type() != typ {
			t.Errorf("newObject(%q).Type() = %q", typ, o.Type())
		}
		if _, ok := o.(model); !ok {
			t.Errorf("%s is not a model", typ)
		}
		if !knownKeys[typ]["id"] || !knownKeys[typ]["type"] {
			t.Errorf("%s: knownKeys %v", typ, knownKeys[typ])
		}
		raw, _ := json.Marshal(map[string]any{"type": typ, "id": typ + "--16a3672b-897e-552c-8d46-ce2fbb83618d", "x_extra": 1})
		back, err := DecodeObject(raw)
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if _, unknown := back.(*Unknown); unknown || back.StixID() == "" {
			t.Errorf("%s decoded as %T %q", typ, back, back.StixID())
		}
	}
	if newObject("campaign") != nil {
		t.Error("newObject of an unregistered type")
	}
	for name, f := range map[string]func(){
		"twice":      func() { register(TypeURL, func() Object { return &URL{} }) },
		"wrong type": func() { register("x-thing", func() Object { return &URL{} }) },
		"not model":  func() { register("x-thing", func() Object { return &Unknown{ObjectType: "x-thing"} }) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("register %s: no panic", name)
				}
			}()
			f()
		}()
	}
}
