package mdti

import (
	"net/netip"
	"strconv"
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
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

// article converts a Graph article. Graph has no publication date apart
// from createdDateTime, no link and no visibility type: PublishedDate and
// CreatedDate both hold createdDateTime, Link and Type stay empty. The
// summary is its content in whatever format Graph gives (text, html or
// markdown). Indicators come from a separate call (see GroupIndicators).
func (w *articleWire) article() passivetotal.Article {
	return passivetotal.Article{
		GUID:          strings.TrimSpace(string(w.ID)),
		Title:         string(w.Title),
		Summary:       string(w.Summary.Content),
		PublishedDate: w.CreatedDateTime,
		CreatedDate:   w.CreatedDateTime,
		Tags:          []string(w.Tags),
	}
}

// indicator converts one articleIndicator of article articleID. An
// indicator without an artifact keeps its own id as the value and the type
// "graph:articleIndicator", so the mapping reports it as a skip.
func (w *indicatorWire) indicator(articleID string) passivetotal.ArticleIndicator {
	typ, val := "graph:articleIndicator", strings.TrimSpace(string(w.ID))
	if w.Artifact != nil {
		typ, val = w.Artifact.indicator()
	}
	return passivetotal.ArticleIndicator{
		Value:  val,
		Type:   typ,
		Source: strings.ToLower(strings.TrimSpace(string(w.Source))),
		GUID:   articleID,
	}
}

// GroupIndicators turns Graph's one-row-per-artifact indicator list into
// the groups of a PassiveTotal article: one group per (type, source), in
// order of first appearance, values in the order given. Nothing is dropped
// or merged, so every indicator reaches the mapping, which then converts it
// or records a skip. Graph's sources are "microsoft", "osint" and "public".
func GroupIndicators(inds []passivetotal.ArticleIndicator) []passivetotal.ArticleIndicatorGroup {
	if len(inds) == 0 {
		return nil
	}
	type key struct{ typ, src string }
	idx := map[key]int{}
	var out []passivetotal.ArticleIndicatorGroup
	for _, in := range inds {
		k := key{in.Type, in.Source}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, passivetotal.ArticleIndicatorGroup{Type: in.Type, Source: in.Source})
		}
		out[i].Values = append(out[i].Values, in.Value)
		out[i].Count++
	}
	return out
}

// record converts a passive DNS record. Value is the parent host (the
// queried side), Resolve the artifact (the other side) and ResolveType comes
// from the artifact's @odata.type; RecordHash holds Graph's opaque record id
// and Source stays empty, since Graph names no sources.
//
// queried is the host the records were asked for. When a record names it as
// the artifact and another host as the parent, the two sides are swapped, so
// Value is always the queried side whichever way a server fills a reverse
// record.
func (w *passiveDNSWire) record(queried string) passivetotal.DNSRecord {
	parent := ""
	if w.ParentHost != nil {
		parent = strings.TrimSpace(string(w.ParentHost.ID))
	}
	rtype, resolve := "", ""
	if w.Artifact != nil {
		rtype, resolve = w.Artifact.indicator()
	}
	if queried != "" && !sameHost(parent, queried) && sameHost(resolve, queried) && parent != "" {
		resolve, parent = parent, resolve
		rtype = typeDomain
		if _, err := netip.ParseAddr(resolve); err == nil {
			rtype = typeIP
		}
	}
	if parent == "" {
		parent = queried
	}
	return passivetotal.DNSRecord{
		FirstSeen:   w.FirstSeenDateTime,
		LastSeen:    w.LastSeenDateTime,
		Collected:   w.CollectedDateTime,
		Value:       parent,
		Resolve:     resolve,
		ResolveType: rtype,
		RecordType:  strings.TrimSpace(string(w.RecordType)),
		RecordHash:  strings.TrimSpace(string(w.ID)),
	}
}

// sameHost compares host names case-insensitively and without a trailing
// dot, and IP addresses by value.
func sameHost(a, b string) bool {
	if a == b {
		return a != ""
	}
	if x, err := netip.ParseAddr(a); err == nil {
		y, err := netip.ParseAddr(b)
		return err == nil && x == y
	}
	return a != "" && strings.EqualFold(strings.TrimSuffix(a, "."), strings.TrimSuffix(b, "."))
}

// Host is a Graph host (GET /hosts/{id}): a hostname or an IP address, with
// what Graph knows of it. PassiveTotal's enrichment had no model in this
// SDK, so this one is Graph's own.
type Host struct {
	// ID is the host name or IP address.
	ID string
	// Kind is "hostname" or "ipAddress" (from @odata.type), or "" when
	// the server did not say.
	Kind                string
	FirstSeen, LastSeen passivetotal.Time
	// Registrar and Registrant are set for a hostname.
	Registrar, Registrant string
	// The fields below are set for an IP address.
	CountryOrRegion  string
	HostingProvider  string
	Netblock         string
	AutonomousSystem *AutonomousSystem
}

// AutonomousSystem is the AS an IP address belongs to. Number is 0 when
// Graph sent none or not a number (Value keeps Graph's own text).
type AutonomousSystem struct {
	Number       int64
	Name         string
	Organization string
	Value        string
}

func (w *hostWire) host() Host {
	h := Host{
		ID: strings.TrimSpace(string(w.ID)), Kind: graphType(w.ODataType),
		FirstSeen: w.FirstSeenDateTime, LastSeen: w.LastSeenDateTime,
		Registrar: string(w.Registrar), Registrant: string(w.Registrant),
		CountryOrRegion: string(w.CountryOrRegion), HostingProvider: string(w.HostingProvider),
		Netblock: string(w.Netblock),
	}
	if as := w.AutonomousSystem; as != nil {
		n, _ := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(string(as.Number)), "AS"), 10, 64)
		h.AutonomousSystem = &AutonomousSystem{Number: n, Name: string(as.Name), Organization: string(as.Organization), Value: string(as.Value)}
	}
	return h
}
