package stix

import (
	"strconv"
	"strings"
	"time"
)

// TLP is a Traffic Light Protocol marking, TLP 1.0 or 2.0. The zero value
// means "no TLP".
type TLP uint8

// TLP markings. WHITE (TLP 1.0) and CLEAR (TLP 2.0) share one ID and one
// rank; the others are the same in both versions except AMBER+STRICT,
// which only TLP 2.0 has.
const (
	TLPClear TLP = iota + 1
	TLPWhite
	TLPGreen
	TLPAmber
	TLPAmberStrict
	TLPRed
)

var allTLPs = []TLP{TLPClear, TLPWhite, TLPGreen, TLPAmber, TLPAmberStrict, TLPRed}

// Fixed marking-definition IDs (STIX 2.1 section 7.2.1.4 and OpenCTI).
const (
	TLPWhiteID       = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
	TLPClearID       = TLPWhiteID
	TLPGreenID       = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
	TLPAmberID       = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
	TLPAmberStrictID = "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37"
	TLPRedID         = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
)

// tlpCreated is the created timestamp of the STIX 2.1 TLP objects; the
// TLP 2.0 additions use it too so every definition is a constant.
var tlpCreated = Timestamp{Time: time.Date(2017, 1, 20, 0, 0, 0, 0, time.UTC)}

// Valid reports whether t is one of the defined markings.
func (t TLP) Valid() bool { return t >= TLPClear && t <= TLPRed }

// Name returns "TLP:CLEAR", "TLP:WHITE", "TLP:GREEN", "TLP:AMBER",
// "TLP:AMBER+STRICT" or "TLP:RED" ("" for an invalid value).
func (t TLP) Name() string {
	switch t {
	case TLPClear:
		return "TLP:CLEAR"
	case TLPWhite:
		return "TLP:WHITE"
	case TLPGreen:
		return "TLP:GREEN"
	case TLPAmber:
		return "TLP:AMBER"
	case TLPAmberStrict:
		return "TLP:AMBER+STRICT"
	case TLPRed:
		return "TLP:RED"
	}
	return ""
}

// String returns t.Name(), or "TLP(n)" for an invalid value.
func (t TLP) String() string {
	if n := t.Name(); n != "" {
		return n
	}
	return "TLP(" + strconv.Itoa(int(t)) + ")"
}

// ID returns the fixed marking-definition ID ("" for an invalid value).
func (t TLP) ID() string {
	switch t {
	case TLPClear, TLPWhite:
		return TLPWhiteID
	case TLPGreen:
		return TLPGreenID
	case TLPAmber:
		return TLPAmberID
	case TLPAmberStrict:
		return TLPAmberStrictID
	case TLPRed:
		return TLPRedID
	}
	return ""
}

// Rank orders markings by restriction: CLEAR and WHITE 1, GREEN 2, AMBER
// 3, AMBER+STRICT 4, RED 5; 0 for an invalid value.
func (t TLP) Rank() int {
	switch t {
	case TLPClear, TLPWhite:
		return 1
	case TLPGreen:
		return 2
	case TLPAmber:
		return 3
	case TLPAmberStrict:
		return 4
	case TLPRed:
		return 5
	}
	return 0
}

// Definition returns a new marking-definition object for t (nil for an
// invalid value). WHITE, GREEN, AMBER and RED are the STIX 2.1 spec
// objects; CLEAR and AMBER+STRICT are written as OpenCTI and pycti do (a
// statement marking carrying x_opencti_definition_type "TLP" and
// x_opencti_definition "TLP:CLEAR"/"TLP:AMBER+STRICT"), which the
// platform maps onto its own TLP 2.0 markings.
func (t TLP) Definition() *MarkingDefinition {
	if !t.Valid() {
		return nil
	}
	m := &MarkingDefinition{ID: t.ID(), Created: tlpCreated, Name: t.Name()}
	switch t {
	case TLPClear, TLPAmberStrict:
		m.DefinitionType = "statement"
		m.Definition = map[string]string{"statement": "custom"}
		m.Custom = map[string]any{
			"x_opencti_definition_type": "TLP",
			"x_opencti_definition":      t.Name(),
		}
	default:
		m.DefinitionType = "tlp"
		m.Definition = map[string]string{"tlp": strings.ToLower(strings.TrimPrefix(t.Name(), "TLP:"))}
	}
	return m
}

// HighestTLP returns the most restrictive of ts (the first one given when
// CLEAR and WHITE tie), or 0 when ts holds no valid marking.
func HighestTLP(ts ...TLP) TLP {
	var best TLP
	for _, t := range ts {
		if t.Rank() > best.Rank() {
			best = t
		}
	}
	return best
}

// TLPByName looks a marking up by name, case-insensitively, with or
// without the "TLP:" prefix: "TLP:AMBER+STRICT", "amber+strict", "Red".
func TLPByName(name string) (TLP, bool) {
	n := strings.ToUpper(strings.TrimSpace(name))
	if !strings.HasPrefix(n, "TLP:") {
		n = "TLP:" + n
	}
	for _, t := range allTLPs {
		if t.Name() == n {
			return t, true
		}
	}
	return 0, false
}

// TLPByID looks a marking up by its marking-definition ID. The shared
// WHITE/CLEAR ID gives TLPClear (the TLP 2.0 name).
func TLPByID(id string) (TLP, bool) {
	for _, t := range allTLPs {
		if t.ID() == id {
			return t, true
		}
	}
	return 0, false
}

// IsTLPID reports whether id is one of the fixed TLP marking IDs.
func IsTLPID(id string) bool {
	_, ok := TLPByID(id)
	return ok
}
