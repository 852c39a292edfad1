package opencti

import (
	"encoding/json"
	"fmt"
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

// EntityTLP returns the highest TLP marking on the request's entity, from
// its object_marking_refs (fixed ids, or marking-definition objects in
// stix_objects) and from objectMarking when present. Several TLPs on one
// entity count as the strictest, not the last one as in the old connector.
func EntityTLP(req *EnrichmentRequest) int {
	if req.Entity == nil {
		return TLPNone
	}
	defs := map[string]int{}
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
		if json.Unmarshal(raw, &m) != nil || m.Type != "marking-definition" {
			continue
		}
		for _, n := range []string{m.XDefinition, m.Name, m.Definition.TLP} {
			if l, err := ParseTLP(n); err == nil && n != "" {
				defs[m.ID] = l
				break
			}
		}
	}
	level := TLPNone
	for _, id := range req.Entity.ObjectMarkingRefs {
		l, ok := tlpByID[id]
		if !ok {
			l = defs[id]
		}
		level = max(level, l)
	}
	for _, m := range req.Entity.ObjectMarking {
		if strings.EqualFold(m.DefinitionType, "TLP") {
			if l, err := ParseTLP(m.Definition); err == nil {
				level = max(level, l)
			}
		}
	}
	return level
}

// AllowedTLP reports whether the entity may be sent out under maxTLP
// (TLPNone means no maximum).
func AllowedTLP(req *EnrichmentRequest, maxTLP int) (ok bool, entity int) {
	entity = EntityTLP(req)
	return maxTLP == TLPNone || entity <= maxTLP, entity
}
