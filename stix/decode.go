package stix

import (
	"encoding/json"
	"errors"
	"fmt"
)

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
