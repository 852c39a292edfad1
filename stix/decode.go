package stix

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// knownKeys lists, per type, every property the Go struct carries (plus
// type and spec_version). Unmarshalling keeps the rest in Custom;
// marshalling ignores Custom keys found here.
var knownKeys = map[string]map[string]bool{}

func init() {
	for _, o := range []Object{
		&Identity{}, &Report{}, &Indicator{}, &Relationship{}, &Note{},
		&AttackPattern{}, &Vulnerability{}, &MarkingDefinition{},
		&DomainName{}, &IPv4Addr{}, &IPv6Addr{}, &EmailAddr{}, &URL{},
		&File{}, &Directory{}, &X509Certificate{}, &Mutex{}, &AutonomousSystem{},
		&Software{}, &Text{}, &Location{}, &IntrusionSet{}, &ThreatActor{}, &Malware{}, &Tool{},
	} {
		keys := map[string]bool{"type": true, "spec_version": true}
		collectKeys(reflect.TypeOf(o).Elem(), keys)
		knownKeys[o.Type()] = keys
	}
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

// newObject returns an empty object of a known type, or nil.
func newObject(typ string) Object {
	switch typ {
	case TypeIdentity:
		return &Identity{}
	case TypeReport:
		return &Report{}
	case TypeIndicator:
		return &Indicator{}
	case TypeRelationship:
		return &Relationship{}
	case TypeNote:
		return &Note{}
	case TypeAttackPattern:
		return &AttackPattern{}
	case TypeVulnerability:
		return &Vulnerability{}
	case TypeMarkingDefinition:
		return &MarkingDefinition{}
	case TypeDomainName:
		return &DomainName{}
	case TypeIPv4Addr:
		return &IPv4Addr{}
	case TypeIPv6Addr:
		return &IPv6Addr{}
	case TypeEmailAddr:
		return &EmailAddr{}
	case TypeURL:
		return &URL{}
	case TypeFile:
		return &File{}
	case TypeDirectory:
		return &Directory{}
	case TypeX509Certificate:
		return &X509Certificate{}
	case TypeMutex:
		return &Mutex{}
	case TypeAutonomousSystem:
		return &AutonomousSystem{}
	case TypeSoftware:
		return &Software{}
	case TypeText:
		return &Text{}
	case TypeLocation:
		return &Location{}
	case TypeIntrusionSet:
		return &IntrusionSet{}
	case TypeThreatActor:
		return &ThreatActor{}
	case TypeMalware:
		return &Malware{}
	case TypeTool:
		return &Tool{}
	}
	return nil
}

// DecodeObject decodes one STIX object by its type property: a known type
// gives its typed struct (unknown properties kept in Custom), any other
// type an *[Unknown] that keeps the raw JSON.
func DecodeObject(data []byte) (Object, error) {
	var head struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("stix: decode object: %w", err)
	}
	if head.Type == "" {
		return nil, errors.New("stix: decode object: no type property")
	}
	o := newObject(head.Type)
	if o == nil {
		u := &Unknown{}
		if err := u.UnmarshalJSON(data); err != nil {
			return nil, err
		}
		return u, nil
	}
	if err := json.Unmarshal(data, o); err != nil {
		return nil, fmt.Errorf("stix: decode %s %q: %w", head.Type, head.ID, err)
	}
	return o, nil
}

// unmarshalInto decodes data into plain (a method-less copy of the object
// type) and moves every property it does not know into *custom.
func unmarshalInto(data []byte, typ string, plain any, custom *map[string]any) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	if t, ok := all["type"]; ok {
		var s string
		if err := json.Unmarshal(t, &s); err != nil || s != typ {
			return fmt.Errorf("stix: type %s, want %q", t, typ)
		}
	}
	if err := json.Unmarshal(data, plain); err != nil {
		return err
	}
	known := knownKeys[typ]
	*custom = nil
	for k, v := range all {
		if known[k] {
			continue
		}
		if *custom == nil {
			*custom = map[string]any{}
		}
		(*custom)[k] = v
	}
	return nil
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Identity) UnmarshalJSON(b []byte) error {
	type plain Identity
	return unmarshalInto(b, TypeIdentity, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Report) UnmarshalJSON(b []byte) error {
	type plain Report
	return unmarshalInto(b, TypeReport, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Indicator) UnmarshalJSON(b []byte) error {
	type plain Indicator
	return unmarshalInto(b, TypeIndicator, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Relationship) UnmarshalJSON(b []byte) error {
	type plain Relationship
	return unmarshalInto(b, TypeRelationship, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Note) UnmarshalJSON(b []byte) error {
	type plain Note
	return unmarshalInto(b, TypeNote, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *AttackPattern) UnmarshalJSON(b []byte) error {
	type plain AttackPattern
	return unmarshalInto(b, TypeAttackPattern, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Vulnerability) UnmarshalJSON(b []byte) error {
	type plain Vulnerability
	return unmarshalInto(b, TypeVulnerability, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *MarkingDefinition) UnmarshalJSON(b []byte) error {
	type plain MarkingDefinition
	return unmarshalInto(b, TypeMarkingDefinition, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *DomainName) UnmarshalJSON(b []byte) error {
	type plain DomainName
	return unmarshalInto(b, TypeDomainName, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *IPv4Addr) UnmarshalJSON(b []byte) error {
	type plain IPv4Addr
	return unmarshalInto(b, TypeIPv4Addr, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *IPv6Addr) UnmarshalJSON(b []byte) error {
	type plain IPv6Addr
	return unmarshalInto(b, TypeIPv6Addr, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *EmailAddr) UnmarshalJSON(b []byte) error {
	type plain EmailAddr
	return unmarshalInto(b, TypeEmailAddr, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *URL) UnmarshalJSON(b []byte) error {
	type plain URL
	return unmarshalInto(b, TypeURL, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *File) UnmarshalJSON(b []byte) error {
	type plain File
	return unmarshalInto(b, TypeFile, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Directory) UnmarshalJSON(b []byte) error {
	type plain Directory
	return unmarshalInto(b, TypeDirectory, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *X509Certificate) UnmarshalJSON(b []byte) error {
	type plain X509Certificate
	return unmarshalInto(b, TypeX509Certificate, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Mutex) UnmarshalJSON(b []byte) error {
	type plain Mutex
	return unmarshalInto(b, TypeMutex, (*plain)(o), &o.Custom)
}

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *AutonomousSystem) UnmarshalJSON(b []byte) error {
	type plain AutonomousSystem
	return unmarshalInto(b, TypeAutonomousSystem, (*plain)(o), &o.Custom)
}

// Unknown is an object of a type this package does not model (campaign,
// x-custom, ...). It keeps the object's JSON and writes it back
// compacted.
type Unknown struct {
	ObjectType string
	ID         string
	// Raw is the object's JSON exactly as read.
	Raw json.RawMessage
}

// Type returns the object's type property.
func (u *Unknown) Type() string { return u.ObjectType }

// StixID returns the object's id property.
func (u *Unknown) StixID() string { return u.ID }

// AppendJSON appends the raw JSON, compacted.
func (u *Unknown) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.value(u.Raw)
	return w.b, w.err
}

// MarshalJSON implements json.Marshaler.
func (u Unknown) MarshalJSON() ([]byte, error) { return u.AppendJSON(nil) }

// UnmarshalJSON keeps data as the raw object and reads its type and id.
func (u *Unknown) UnmarshalJSON(data []byte) error {
	var head struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return err
	}
	u.ObjectType, u.ID = head.Type, head.ID
	u.Raw = append(json.RawMessage(nil), data...)
	return nil
}
