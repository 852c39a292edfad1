package opencti

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// TLP levels in increasing order of restriction. TLPNone means "no TLP
// marking": the entity passes any maximum, as with pycti's check_max_tlp.
const (
	TLPNone = iota
	TLPClear
	TLPGreen
	TLPAmber
	TLPAmberStrict
	TLPRed
)

var tlpNames = [...]string{"", "TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"}

// TLPName gives "TLP:AMBER" for TLPAmber, "" for TLPNone.
func TLPName(level int) string {
	if level < 0 || level >= len(tlpNames) {
		return ""
	}
	return tlpNames[level]
}

// Fixed marking-definition ids (STIX 2.1 and OpenCTI; CLEAR and WHITE share one).
var tlpByID = map[string]int{
	"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": TLPClear,
	"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": TLPGreen,
	"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": TLPAmber,
	"marking-definition--826578e1-40ad-459f-bc73-ede076f81f37": TLPAmberStrict,
	"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": TLPRed,
}

// ParseTLP reads a TLP name: "TLP:AMBER", "amber", "TLP:WHITE" (= CLEAR),
// "AMBER+STRICT". Unknown names are an error (the old connector raised a
// KeyError only for marked entities; here a bad RISKIQ_MAX_TLP fails early).
func ParseTLP(name string) (int, error) {
	n := strings.ToUpper(strings.TrimSpace(name))
	n = strings.TrimPrefix(n, "TLP:")
	switch n {
	case "CLEAR", "WHITE":
		return TLPClear, nil
	case "GREEN":
		return TLPGreen, nil
	case "AMBER":
		return TLPAmber, nil
	case "AMBER+STRICT", "AMBER_STRICT":
		return TLPAmberStrict, nil
	case "RED":
		return TLPRed, nil
	}
	return TLPNone, fmt.Errorf("%q is not a TLP (TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED)", name)
}

// EntityTLP returns the highest TLP marking on the request's entity. Each id in
// its object_marking_refs is resolved from the fixed TLP ids, the
// marking-definition objects in stix_objects, or the markings the platform
// showed (the entity's objectMarking, or Markings read through the API). A
// marking that is not a TLP (a statement, PAP) does not count. An id nothing
// resolves, and a TLP marking whose name is not a TLP, count as TLP:RED: the
// most restrictive, never as unmarked. Several TLPs count as the strictest.
func EntityTLP(req *EnrichmentRequest) int {
	defs := map[string]int{} // marking id -> level; TLPNone for a marking that is not a TLP
	for _, raw := range req.Objects {
		var m struct {
			ID             string `json:"id"`
			Type           string `json:"type"`
			Name           string `json:"name"`
			DefinitionType string `json:"definition_type"`
			Definition     struct {
				TLP string `json:"tlp"`
			} `json:"definition"`
			XDefinition     string `json:"x_opencti_definition"`
			XDefinitionType string `json:"x_opencti_definition_type"`
		}
		if json.Unmarshal(raw, &m) != nil || m.Type != "marking-definition" || m.ID == "" {
			continue
		}
		defs[m.ID] = TLPNone
		isTLP := strings.EqualFold(m.DefinitionType, "tlp") || strings.EqualFold(m.XDefinitionType, "tlp")
		for _, n := range []string{m.XDefinition, m.Name, m.Definition.TLP} {
			if l, err := ParseTLP(n); err == nil && n != "" {
				defs[m.ID], isTLP = l, false
				break
			}
		}
		if isTLP {
			defs[m.ID] = TLPRed // a TLP we cannot name
		}
	}
	level := TLPNone
	shown := slices.Concat(req.Markings)
	if req.Entity != nil {
		shown = append(shown, req.Entity.ObjectMarking...)
	}
	for _, m := range shown {
		l := TLPNone
		if strings.EqualFold(m.DefinitionType, "TLP") {
			var err error
			if l, err = ParseTLP(m.Definition); err != nil {
				l = TLPRed
			}
		}
		if m.ID != "" {
			defs[m.ID] = l
		}
		level = max(level, l)
	}
	for _, id := range unresolvedOrAll(req, defs, true) {
		l, ok := tlpByID[id]
		if !ok {
			if l, ok = defs[id]; !ok {
				l = TLPRed
			}
		}
		level = max(level, l)
	}
	return level
}

// unresolvedOrAll lists the entity's marking ids (all), or those neither fixed
// nor in defs.
func unresolvedOrAll(req *EnrichmentRequest, defs map[string]int, all bool) []string {
	if req.Entity == nil {
		return nil
	}
	var out []string
	for _, id := range req.Entity.ObjectMarkingRefs {
		_, fixed := tlpByID[id]
		_, known := defs[id]
		if all || (!fixed && !known) {
			out = append(out, id)
		}
	}
	return out
}

// needsMarkings reports whether the request leaves a marking of the entity
// unresolved, so that the platform must be asked: no stix_objects came with
// it, and a marking id is not one of the fixed TLPs (a custom TLP marking, or
// anything else), or there is no stix_entity at all.
func needsMarkings(req *EnrichmentRequest) bool {
	if req.Objects != nil {
		return false
	}
	if req.Entity == nil {
		return true
	}
	defs := map[string]int{}
	for _, m := range req.Entity.ObjectMarking {
		defs[m.ID] = 0
	}
	return len(unresolvedOrAll(req, defs, false)) > 0
}

// AllowedTLP reports whether the entity may be sent out under maxTLP
// (TLPNone means no maximum).
func AllowedTLP(req *EnrichmentRequest, maxTLP int) (ok bool, entity int) {
	entity = EntityTLP(req)
	return maxTLP == TLPNone || entity <= maxTLP, entity
}
