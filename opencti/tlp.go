package opencti

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/ptstix/passivetotal/stix"
)

// parseTLP reads a TLP name as markings and operators write it: "TLP:AMBER",
// "amber", "TLP:WHITE", "AMBER+STRICT" or "AMBER_STRICT".
func parseTLP(name string) (stix.TLP, bool) {
	return stix.TLPByName(strings.ReplaceAll(strings.TrimSpace(name), "_", "+"))
}

// EntityTLP returns the highest TLP marking on the request's entity, 0 when it has
// none. Each id in its object_marking_refs is resolved from the fixed TLP ids
// (stix.TLPByID), the
// marking-definition objects in stix_objects, or the markings the platform
// showed (the entity's objectMarking, or Markings read through the API). A
// marking that is not a TLP (a statement, PAP) does not count. An id nothing
// resolves, and a TLP marking whose name is not a TLP, count as TLP:RED: the
// most restrictive, never as unmarked. Several TLPs count as the strictest.
func EntityTLP(req *EnrichmentRequest) stix.TLP {
	defs := map[string]stix.TLP{} // marking id -> its TLP; 0 for a marking that is not a TLP
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
		defs[m.ID] = 0
		isTLP := strings.EqualFold(m.DefinitionType, "tlp") || strings.EqualFold(m.XDefinitionType, "tlp")
		for _, n := range []string{m.XDefinition, m.Name, m.Definition.TLP} {
			if t, ok := parseTLP(n); ok && n != "" {
				defs[m.ID], isTLP = t, false
				break
			}
		}
		if isTLP {
			defs[m.ID] = stix.TLPRed // a TLP we cannot name
		}
	}
	var level stix.TLP
	shown := slices.Concat(req.Markings)
	if req.Entity != nil {
		shown = append(shown, req.Entity.ObjectMarking...)
	}
	for _, m := range shown {
		var t stix.TLP
		if strings.EqualFold(m.DefinitionType, "TLP") {
			var ok bool
			if t, ok = parseTLP(m.Definition); !ok {
				t = stix.TLPRed
			}
		}
		if m.ID != "" {
			defs[m.ID] = t
		}
		level = stix.HighestTLP(level, t)
	}
	for _, id := range unresolvedOrAll(req, defs, true) {
		t, ok := stix.TLPByID(id)
		if !ok {
			if t, ok = defs[id]; !ok {
				t = stix.TLPRed
			}
		}
		level = stix.HighestTLP(level, t)
	}
	return level
}

// unresolvedOrAll lists the entity's marking ids (all), or those neither fixed
// nor in defs.
func unresolvedOrAll(req *EnrichmentRequest, defs map[string]stix.TLP, all bool) []string {
	if req.Entity == nil {
		return nil
	}
	var out []string
	for _, id := range req.Entity.ObjectMarkingRefs {
		fixed := stix.IsTLPID(id)
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
	defs := map[string]stix.TLP{}
	for _, m := range req.Entity.ObjectMarking {
		defs[m.ID] = 0
	}
	return len(unresolvedOrAll(req, defs, false)) > 0
}

// allowedTLP reports whether the entity may be sent out under maxTLP (0 means
// no maximum), with the entity's TLP (EntityTLP). Markings compare by
// stix.TLP.Rank, so TLP:WHITE and TLP:CLEAR are equal.
func allowedTLP(req *EnrichmentRequest, maxTLP stix.TLP) (ok bool, entity stix.TLP) {
	entity = EntityTLP(req)
	return maxTLP == 0 || entity.Rank() <= maxTLP.Rank(), entity
}
