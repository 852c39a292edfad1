package opencti

// openCTITypes are the STIX types OpenCTI 6.8 imports (pycti's supported_types:
// its meta, core, internal and observable types, relationships, sightings and PIRs).
// References to other ids are not followed and objects of other types are not sent.
var openCTITypes = setOf(
	// meta and core objects
	"label", "vocabulary", "kill-chain-phase", "attack-pattern", "campaign", "case-incident",
	"x-opencti-case-incident", "case-rfi", "x-opencti-case-rfi", "case-rft", "x-opencti-case-rft",
	"channel", "course-of-action", "data-component", "x-mitre-data-component", "data-source",
	"x-mitre-data-source", "event", "external-reference", "feedback", "x-opencti-feedback",
	"grouping", "identity", "incident", "indicator", "infrastructure", "intrusion-set", "language",
	"location", "malware", "malware-analysis", "marking-definition", "narrative", "note",
	"observed-data", "opinion", "report", "task", "x-opencti-task", "threat-actor", "tool",
	"vulnerability", "security-coverage",
	// platform-internal objects
	"user", "group", "capability", "role", "settings", "notification", "work", "trash",
	"draftworkspace", "playbook", "deleteoperation", "workspace", "publicdashboard",
	// observables
	"autonomous-system", "directory", "domain-name", "email-addr", "email-message",
	"email-mime-part-type", "artifact", "file", "x509-certificate", "ipv4-addr", "ipv6-addr",
	"mac-addr", "mutex", "network-traffic", "process", "software", "url", "user-account",
	"windows-registry-key", "windows-registry-value-type", "hostname", "cryptographic-key",
	"cryptocurrency-wallet", "text", "user-agent", "bank-account", "phone-number", "credential",
	"tracking-number", "payment-card", "media-content", "simple-observable", "persona", "ssh-key",
	// relationships
	"relationship", "sighting", "pir",
)

func setOf(s ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(s))
	for _, v := range s {
		m[v] = struct{}{}
	}
	return m
}
