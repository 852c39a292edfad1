package mapping

import "strings"

// mitreTag parses a MITRE ATT&CK technique tag: "T1566", "T1566.002" or
// "T1566.002 - Spearphishing Link" (a lower-case t, and ":" instead of " - ",
// are accepted). It returns the technique ID (upper-case T) and a name: the
// text after the separator, else the ID itself (attack-pattern requires a
// name; the OpenCTI ID is computed from x_mitre_id only, so the name never
// changes the ID).
func mitreTag(tag string) (id, name string, ok bool) {
	tag = strings.TrimSpace(tag)
	n := 0
	switch {
	case len(tag) >= 9 && isTechniqueID(tag[:9]):
		n = 9
	case len(tag) >= 5 && isTechniqueID(tag[:5]):
		n = 5
	default:
		return "", "", false
	}
	id, rest := "T"+tag[1:n], tag[n:]
	if rest != "" {
		// The ID must end at a separator: "T15660" or "T1566.0021" are not techniques.
		if rest[0] != ' ' && rest[0] != '-' && rest[0] != ':' {
			return "", "", false
		}
		rest = strings.TrimSpace(rest)
		rest = strings.TrimLeft(rest, "-:")
		rest = strings.TrimSpace(rest)
	}
	if rest == "" {
		rest = id
	}
	return id, rest, true
}

// isTechniqueID matches T\d{4} or T\d{4}.\d{3} (T or t).
func isTechniqueID(s string) bool {
	if len(s) != 5 && len(s) != 9 {
		return false
	}
	if s[0] != 'T' && s[0] != 't' || !allDigits(s[1:5]) {
		return false
	}
	return len(s) == 5 || s[5] == '.' && allDigits(s[6:])
}

// cveTag parses a CVE tag in any case ("cve-2021-44228") and returns it in
// upper case: CVE-YYYY-NNNN with at least four digits in the sequence number.
func cveTag(tag string) (string, bool) {
	tag = strings.TrimSpace(tag)
	if len(tag) < 13 || !strings.EqualFold(tag[:4], "CVE-") || !allDigits(tag[4:8]) || tag[8] != '-' || !allDigits(tag[9:]) {
		return "", false
	}
	return "CVE-" + tag[4:], true
}

// allDigits reports whether s is non-empty and only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cleanTags trims tags, drops empty ones and duplicates, keeping order.
func cleanTags(tags []string) []string {
	var out []string
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}
