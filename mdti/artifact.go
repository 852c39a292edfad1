package mdti

import (
	"net/netip"
	"strings"
)

// Artifact kinds, the PassiveTotal indicator types they become, and the
// passive DNS resolve types. Graph's artifact @odata.type decides the type;
// an unclassifiedArtifact's kind decides it in turn. A kind with no
// PassiveTotal equivalent keeps a "graph:" prefixed name, which the mapping
// records as a skip with that name rather than guessing.
const (
	typeDomain  = "domain"
	typeIP      = "ip"
	typeEmail   = "email"
	typeCertSHA = "certificate_sha1"
)

// unclassifiedKinds maps an unclassifiedArtifact kind (lower-cased, without
// spaces, '-' or '_') to the PassiveTotal indicator type.
var unclassifiedKinds = map[string]string{
	"url": "url", "uri": "url",
	"email": typeEmail, "emailaddress": typeEmail, "mail": typeEmail,
	"md5": "hash_md5", "sha1": "hash_sha1", "sha256": "hash_sha256", "sha512": "hash_sha512",
	"hash": "hash", "filehash": "hash",
	"filename": "filename", "file": "filename",
	"filepath": "filepath", "path": "filepath",
	"mutex":  "mutex",
	"domain": typeDomain, "hostname": typeDomain, "host": typeDomain,
	"ip": typeIP, "ipaddress": typeIP, "ipv4": typeIP, "ipv6": typeIP,
	"certificatesha1": typeCertSHA, "sslcertificatesha1": typeCertSHA,
}

// ArtifactType returns the PassiveTotal indicator type ("domain", "ip",
// "url", "hash_sha256", ...) and value of a Graph artifact, given its
// @odata.type ("#microsoft.graph.security.hostname"), id, and for an
// unclassifiedArtifact its kind and value. An artifact without @odata.type
// is a host: an IP address when its id parses as one, else a domain. A kind
// this package does not know gives "graph:<type>" or "graph:<kind>".
func ArtifactType(odataType, id, kind, value string) (indicatorType, indicatorValue string) {
	a := artifactWire{ODataType: text(odataType), ID: text(id), Kind: text(kind), Value: text(value)}
	return a.indicator()
}

func (a *artifactWire) indicator() (string, string) {
	id := strings.TrimSpace(string(a.ID))
	switch t := graphType(a.ODataType); t {
	case "hostname":
		return typeDomain, id
	case "ipAddress":
		return typeIP, id
	case "":
		if _, err := netip.ParseAddr(id); err == nil {
			return typeIP, id
		}
		return typeDomain, id
	case "sslCertificate":
		if sha := strings.TrimSpace(string(a.SHA1)); sha != "" {
			return typeCertSHA, sha
		}
		return typeCertSHA, id
	case "unclassifiedArtifact":
		v := strings.TrimSpace(string(a.Value))
		if v == "" {
			v = id
		}
		k := strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.ToLower(strings.TrimSpace(string(a.Kind))))
		if pt, ok := unclassifiedKinds[k]; ok {
			return pt, v
		}
		return "graph:" + strings.TrimSpace(string(a.Kind)), v
	default:
		return "graph:" + t, id
	}
}
