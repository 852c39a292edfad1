package stix

// Relationship types the SDK emits (STIX 2.1 section 4 relationship
// tables, and OpenCTI's use of them).
const (
	RelationshipBasedOn        = "based-on"        // indicator -> what it detects
	RelationshipBelongsTo      = "belongs-to"      // ipv4-addr, ipv6-addr -> autonomous-system (OpenCTI)
	RelationshipHas            = "has"             // software -> vulnerability
	RelationshipIndicates      = "indicates"       // indicator -> threat
	RelationshipLocatedAt      = "located-at"      // observable or SDO -> location
	RelationshipOriginatesFrom = "originates-from" // threat -> location
	RelationshipRelatedTo      = "related-to"      // anything -> anything
	RelationshipResolvesTo     = "resolves-to"     // domain-name -> address or domain-name
	RelationshipTargets        = "targets"         // threat -> identity, location, vulnerability
	RelationshipUses           = "uses"            // threat -> attack-pattern, malware, tool
)

// validRelationshipType reports whether s is a well-formed relationship
// type: STIX 2.1 limits it to lowercase ASCII letters, digits and hyphens.
func validRelationshipType(s string) bool {
	if s == "" || len(s) > 250 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
