package mapping

import "strings"

// recordRule is one row of the passive DNS record-type table.
type recordRule uint8

// The rows of MAPPING.md's passive DNS table.
const (
	ruleNone     recordRule = iota
	ruleIP                  // A/AAAA + ip: entity resolves-to ip
	ruleReverseA            // A/AAAA + domain: new domain resolves-to entity (an IP)
	ruleDomain              // CNAME/NS/MX/SOA + domain: entity resolves-to (or related-to) domain
	ruleSOAEmail            // SOA + email: entity related-to email
)

// lookupRecordRule picks the rule for a record. Record and resolve types are
// compared case-insensitively; relatedToOK reports whether the record type
// may use related-to instead of resolves-to when the option asks for it
// (NS, MX and SOA name servers or mail hosts are not resolutions).
func lookupRecordRule(recordType, resolveType string) (rule recordRule, relatedToOK bool) {
	rt := strings.ToUpper(strings.TrimSpace(recordType))
	switch strings.ToLower(strings.TrimSpace(resolveType)) {
	case "ip":
		if rt == "A" || rt == "AAAA" {
			return ruleIP, false
		}
	case "domain":
		switch rt {
		case "A", "AAAA":
			return ruleReverseA, false
		case "CNAME":
			return ruleDomain, false
		case "NS", "MX", "SOA":
			return ruleDomain, true
		}
	case "email":
		if rt == "SOA" {
			return ruleSOAEmail, false
		}
	}
	return ruleNone, false
}
