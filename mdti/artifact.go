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
// spaces, '-' or '_') to the PassiveTotal indicator type. Graph does not
// document the kinds: the table covers the usual ways of naming the types
// PassiveTotal has. It is the one table of these rules: article indicators
// (ArtifactType) and profile indicators (ProfileArtifact.IndicatorType)
// both read it.
var unclassifiedKinds = map[string]string{
	"url": "url", "uri": "url",
	"email": typeEmail, "emailaddress": typeEmail, "mail": typeEmail,
	"md5": "hash_md5", "sha1": "hash_sha1", "sha256": "hash_sha256", "sha512": "hash_sha512",
	"md5hash": "hash_md5", "sha1hash": "hash_sha1", "sha256hash": "hash_sha256", "sha512hash": "hash_sha512",
	"hashmd5": "hash_md5", "hashsha1": "hash_sha1", "hashsha256": "hash_sha256", "hashsha512": "hash_sha512",
	"hash": "hash", "filehash": "hash",
	"filename": "filename", "file": "filename",
	"filepath": "filepath", "path": "filepath",
	"mutex": "mutex", "mutexname": "mutex",
	"domain": typeDomain, "hostname": typeDomain, "host": typeDomain, "domainname": typeDomain, "fqdn": typeDomain,
	"ip": typeIP, "ipaddress": typeIP, "ipv4": typeIP, "ipv6": typeIP, "ipv4address": typeIP, "ipv6address": typeIP, "cidr": typeIP,
	"certificatesha1": typeCertSHA, "sslcertificatesha1": typeCertSHA,
	"certificateserialnumber": "certificate_serialnumber",
}

// ArtifactType returns the PassiveTotal indicator type ("domain", "ip",
// "url", "hash_sha256", ...) and value of a Graph artifact, given its
// @odata.type ("#microsoft.graph.security.hostname"), id, and for an
// unclassifiedArtifact its kind and value. An artifact without @odata.type
// is unclassified when it has a kind, else a host: an IP address when its
// id parses as one, else a domain. A kind this package does not know gives
// "graph:<type>" or "graph:<kind>".
func ArtifactType(odataType, id, kind, value string) (indicatorType, indicatorValue string) {
	a := artifactWire{ODataType: text(odataType), ID: text(id), Kind: text(kind), Value: text(value)}
	return a.indicator()
}

// IndicatorType returns the PassiveTotal indicator type and value of a
// profile indicator's artifact, by the rules of ArtifactType; an
// sslCertificate's value is its SHA-1.
func (a ProfileArtifact) IndicatorType() (indicatorType, indicatorValue string) {
	w := artifactWire{ODataType: text(a.Type), ID: text(a.ID), Kind: text(a.Kind), Value: text(a.Value), SHA1: text(a.SHA1)}
	return w.indicator()
}

func (a *artifactWire) indicator() (string, string) {
	id := strings.TrimSpace(string(a.ID))
	host := id
	if host == "" {
		host = strings.TrimSpace(string(a.Value))
	}
	t := graphType(a.ODataType)
	if t == "" && strings.TrimSpace(string(a.Kind)) != "" {
		t = "unclassifiedArtifact"
	}
	switch t {
	case "hostname":
		return typeDomain, host
	case "ipAddress":
		return typeIP, host
	case "":
		if _, err := netip.ParseAddr(host); err == nil {
			return typeIP, host
		}
		return typeDomain, host
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
