package stix

import (
	"errors"
	"fmt"
	"time"

	"github.com/ptstix/passivetotal/internal/canonjson"
)

// IDPolicy chooses how SDO and relationship IDs are computed. SCO IDs do
// not depend on it: they always follow STIX 2.1 section 2.9.
type IDPolicy uint8

// ID policies; see the package documentation.
const (
	// PolicyOpenCTI gives the standard_id the OpenCTI platform computes.
	PolicyOpenCTI IDPolicy = iota
	// PolicyLegacy gives the IDs the retired Python connectors produced.
	PolicyLegacy
	// PolicyStrict hashes the OpenCTI properties in [StrictNamespace].
	PolicyStrict
)

// String returns "opencti", "legacy" or "strict".
func (p IDPolicy) String() string {
	switch p {
	case PolicyOpenCTI:
		return "opencti"
	case PolicyLegacy:
		return "legacy"
	case PolicyStrict:
		return "strict"
	}
	return fmt.Sprintf("IDPolicy(%d)", uint8(p))
}

// ParseIDPolicy parses "opencti", "legacy" or "strict".
func ParseIDPolicy(s string) (IDPolicy, error) {
	for _, p := range []IDPolicy{PolicyOpenCTI, PolicyLegacy, PolicyStrict} {
		if s == p.String() {
			return p, nil
		}
	}
	return 0, fmt.Errorf("stix: unknown ID policy %q (want opencti, legacy or strict)", s)
}

// Namespaces of the deterministic IDs.
const (
	// SCONamespace is the STIX 2.1 namespace for SCO IDs (section 2.9),
	// which pycti and the OpenCTI platform also use for everything else.
	SCONamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7"
	// StrictNamespace is this SDK's namespace for SDO and SRO IDs under
	// PolicyStrict: UUIDv5(NameSpace_URL,
	// "https://github.com/ptstix/passivetotal/stix#strict"). Never changes.
	StrictNamespace = "4842b38b-3e0b-5ed7-8586-6953bde8d03e"
	// BundleNamespace is the namespace of content-derived bundle IDs:
	// UUIDv5(NameSpace_URL, "https://github.com/ptstix/passivetotal/stix#bundle").
	BundleNamespace = "2f87c142-bd7c-540e-a911-e88f88913b34"
)

var (
	scoNS    = mustUUID(SCONamespace)
	strictNS = mustUUID(StrictNamespace)
	bundleNS = mustUUID(BundleNamespace)
)

// ErrNoContributingProperties is returned for an SCO that has none of the
// properties its deterministic ID is computed from.
var ErrNoContributingProperties = errors.New("stix: no ID contributing properties")

func (p IDPolicy) namespace() uuid {
	if p == PolicyStrict {
		return strictNS
	}
	return scoNS
}

// formatTime renders a contributing timestamp the way the policy's
// reference implementation hashed it. aware applies to PolicyLegacy only.
func (p IDPolicy) formatTime(dst []byte, t time.Time, aware bool) []byte {
	if p == PolicyLegacy {
		return formatPythonISO(dst, t, aware)
	}
	return formatOpenCTI(dst, t)
}

// idBuilder builds "namespace || canonical JSON" in a stack buffer. The
// keys are written by the callers in RFC 8785 order (they are fixed ASCII
// literals, so the order is checked once by hand and by the vectors).
//
// Methods take and return the builder by value: a builder stored through
// a pointer would make the escape analysis move the stack buffer to the
// heap, and IDs are computed hundreds of thousands of times per run.
type idBuilder struct {
	buf   []byte
	first bool
	// bad records invalid UTF-8 (the encoder's only failure); a bool
	// rather than the error value because an error interface escapes.
	bad bool
}

// idBufSize fits the contributing properties of typical objects; longer
// ones grow onto the heap transparently.
const idBufSize = 512

func newIDBuilder(arr *[idBufSize]byte, ns uuid) idBuilder {
	b := idBuilder{buf: append(arr[:0], ns[:]...), first: true}
	b.buf = append(b.buf, '{')
	return b
}

func (b idBuilder) key(k string) idBuilder {
	if !b.first {
		b.buf = append(b.buf, ',')
	}
	b.first = false
	b.buf = append(b.buf, '"')
	b.buf = append(b.buf, k...)
	b.buf = append(b.buf, '"', ':')
	return b
}

func (b idBuilder) str(k, v string) idBuilder {
	b = b.key(k)
	b = b.quote(v)
	return b
}

func (b idBuilder) quote(v string) idBuilder {
	var err error
	b.buf, err = canonjson.AppendString(b.buf, v)
	b.bad = b.bad || err != nil
	return b
}

// lowerStr writes Python's v.strip().lower() (same as .lower().strip():
// lower never creates or removes whitespace).
func (b idBuilder) lowerStr(k, v string) idBuilder {
	b = b.key(k)
	b = b.lowerQuote(pyStrip(v))
	return b
}

// lowerQuote quotes Python's v.lower(), lowering into a stack buffer so
// that the common case allocates nothing.
func (b idBuilder) lowerQuote(v string) idBuilder {
	var tmp [256]byte
	low := appendPyLower(tmp[:0], v)
	var err error
	b.buf, err = canonjson.AppendBytes(b.buf, low)
	b.bad = b.bad || err != nil
	return b
}

func (b idBuilder) time(k string, p IDPolicy, t time.Time, aware bool) idBuilder {
	b = b.key(k)
	b.buf = append(b.buf, '"')
	b.buf = p.formatTime(b.buf, t, aware)
	b.buf = append(b.buf, '"')
	return b
}

func (b idBuilder) null(k string) idBuilder {
	b = b.key(k)
	b.buf = append(b.buf, "null"...)
	return b
}

func (b idBuilder) id(typ string) (string, error) { return finishID(typ, b.buf, b.bad) }

// finishID closes the JSON object and hashes it.
func finishID(typ string, buf []byte, bad bool) (string, error) {
	if bad {
		return "", fmt.Errorf("stix: %s id: %w", typ, canonjson.ErrInvalidUTF8)
	}
	buf = append(buf, '}')
	return formatID(typ, uuid5(buf)), nil
}

// canonical returns the JSON text hashed so far (for tests).
func (b idBuilder) canonical() string { return string(b.buf[16:]) }

// ReportID returns the report ID for name and published: {name:
// lower(strip(name)), published}. A zero published is hashed as null, as
// pycti does for None.
func ReportID(p IDPolicy, name string, published time.Time) (string, error) {
	if !TimeInRange(published) {
		return "", fmt.Errorf("stix: %s id: %w", TypeReport, ErrTimestampRange)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.lowerStr("name", name)
	if published.IsZero() {
		b = b.null("published")
	} else {
		b = b.time("published", p, published, true)
	}
	return finishID(TypeReport, b.buf, b.bad)
}

// IndicatorID returns the indicator ID for pattern: {pattern: strip(pattern)}.
func IndicatorID(p IDPolicy, pattern string) (string, error) {
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.str("pattern", pyStrip(pattern))
	return finishID(TypeIndicator, b.buf, b.bad)
}

// IdentityID returns the identity ID: {identity_class: lower(class), name:
// lower(strip(name))}. pycti does not strip the class.
func IdentityID(p IDPolicy, name, identityClass string) (string, error) {
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.key("identity_class")
	b = b.lowerQuote(identityClass)
	b = b.lowerStr("name", name)
	return finishID(TypeIdentity, b.buf, b.bad)
}

// NoteID returns the note ID: {content: strip(content)}, plus created when
// it is not zero.
func NoteID(p IDPolicy, content string, created time.Time) (string, error) {
	if !TimeInRange(created) {
		return "", fmt.Errorf("stix: %s id: %w", TypeNote, ErrTimestampRange)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.str("content", pyStrip(content))
	if !created.IsZero() {
		b = b.time("created", p, created, true)
	}
	return finishID(TypeNote, b.buf, b.bad)
}

// RelationshipID returns the relationship ID: {relationship_type,
// source_ref, target_ref}, plus start_time when it is not zero, plus
// stop_time when both are set (pycti ignores a stop without a start).
// Under PolicyLegacy start_time is a naive Python isoformat and stop_time
// never contributes, as in the retired passive-DNS connector.
func RelationshipID(p IDPolicy, relationshipType, sourceRef, targetRef string, start, stop time.Time) (string, error) {
	if !TimeInRange(start) || !TimeInRange(stop) {
		return "", fmt.Errorf("stix: %s id: %w", TypeRelationship, ErrTimestampRange)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.str("relationship_type", relationshipType)
	b = b.str("source_ref", sourceRef)
	if !start.IsZero() {
		b = b.time("start_time", p, start, false)
		if !stop.IsZero() && p != PolicyLegacy {
			b = b.time("stop_time", p, stop, false)
		}
	}
	b = b.str("target_ref", targetRef)
	return finishID(TypeRelationship, b.buf, b.bad)
}

// AttackPatternID returns the attack-pattern ID: {x_mitre_id:
// strip(mitreID)} when mitreID is set, else {name: lower(strip(name))}.
func AttackPatternID(p IDPolicy, name, mitreID string) (string, error) {
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	if mitreID != "" {
		b = b.str("x_mitre_id", pyStrip(mitreID))
	} else {
		b = b.lowerStr("name", name)
	}
	return finishID(TypeAttackPattern, b.buf, b.bad)
}

// nameID is the {name: lower(strip(name))} rule of several SDOs.
func nameID(p IDPolicy, typ, name string) (string, error) {
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.lowerStr("name", name)
	return finishID(typ, b.buf, b.bad)
}

// VulnerabilityID returns the vulnerability ID: {name: lower(strip(name))}.
func VulnerabilityID(p IDPolicy, name string) (string, error) {
	return nameID(p, TypeVulnerability, name)
}

// MalwareID returns the malware ID: {name: lower(strip(name))}.
func MalwareID(p IDPolicy, name string) (string, error) { return nameID(p, TypeMalware, name) }

// ToolID returns the tool ID: {name: lower(strip(name))}.
func ToolID(p IDPolicy, name string) (string, error) { return nameID(p, TypeTool, name) }

// IntrusionSetID returns the intrusion-set ID: {name: lower(strip(name))}.
func IntrusionSetID(p IDPolicy, name string) (string, error) {
	return nameID(p, TypeIntrusionSet, name)
}

// LocationID returns the location ID for a named location: {name:
// lower(strip(name)), x_opencti_location_type: locationType} (null when
// locationType is empty, as pycti hashes None).
func LocationID(p IDPolicy, name, locationType string) (string, error) {
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.lowerStr("name", name)
	if locationType == "" {
		b = b.null("x_opencti_location_type")
	} else {
		b = b.str("x_opencti_location_type", locationType)
	}
	return finishID(TypeLocation, b.buf, b.bad)
}

// MarkingDefinitionID returns the fixed ID of a TLP marking when
// definitionType is "TLP" (case-sensitive, as pycti) and definition names
// one ("TLP:AMBER", ...), else {definition, definition_type} hashed.
func MarkingDefinitionID(p IDPolicy, definitionType, definition string) (string, error) {
	if definitionType == "TLP" {
		for _, t := range allTLPs {
			if definition == t.Name() {
				return t.ID(), nil
			}
		}
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.str("definition", definition)
	b = b.str("definition_type", definitionType)
	return finishID(TypeMarkingDefinition, b.buf, b.bad)
}

// DeterministicID hashes props, exactly as given (no normalisation), as
// TYPE--UUIDv5(policy namespace, canonical JSON of props). Use it for SDO
// types without a dedicated function; props values must be JSON data
// (string, bool, numbers, nil, map[string]any, []any).
func DeterministicID(p IDPolicy, typ string, props map[string]any) (string, error) {
	ns := p.namespace()
	buf, err := canonjson.Append(ns[:], props)
	if err != nil {
		return "", fmt.Errorf("stix: %s id: %w", typ, err)
	}
	return formatID(typ, uuid5(buf)), nil
}

// SCO IDs (STIX 2.1 section 2.9, python-stix2).

func valueID(typ, value string) (string, error) {
	if value == "" {
		return "", fmt.Errorf("%w: %s without value", ErrNoContributingProperties, typ)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, scoNS)
	b = b.str("value", value)
	return finishID(typ, b.buf, b.bad)
}

// DomainNameID returns the domain-name ID: {value}.
func DomainNameID(value string) (string, error) { return valueID(TypeDomainName, value) }

// IPv4AddrID returns the ipv4-addr ID: {value}.
func IPv4AddrID(value string) (string, error) { return valueID(TypeIPv4Addr, value) }

// IPv6AddrID returns the ipv6-addr ID: {value}.
func IPv6AddrID(value string) (string, error) { return valueID(TypeIPv6Addr, value) }

// EmailAddrID returns the email-addr ID: {value}.
func EmailAddrID(value string) (string, error) { return valueID(TypeEmailAddr, value) }

// URLID returns the url ID: {value}.
func URLID(value string) (string, error) { return valueID(TypeURL, value) }

// MutexID returns the mutex ID: {name}.
func MutexID(name string) (string, error) {
	if name == "" {
		return "", fmt.Errorf("%w: mutex without name", ErrNoContributingProperties)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, scoNS)
	b = b.str("name", name)
	return finishID(TypeMutex, b.buf, b.bad)
}

// DirectoryID returns the directory ID: {path}.
func DirectoryID(path string) (string, error) {
	if path == "" {
		return "", fmt.Errorf("%w: directory without path", ErrNoContributingProperties)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, scoNS)
	b = b.str("path", path)
	return finishID(TypeDirectory, b.buf, b.bad)
}

// AutonomousSystemID returns the autonomous-system ID: {number} (a JSON
// number).
func AutonomousSystemID(number int64) (string, error) {
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, scoNS)
	b = b.key("number")
	b.buf = canonjson.AppendInt(b.buf, number)
	return finishID(TypeAutonomousSystem, b.buf, b.bad)
}

// FileID returns the file ID from hashes (one of them, see [ChooseHash]),
// name and parentDirectoryRef, whichever are set.
func FileID(hashes Hashes, name, parentDirectoryRef string) (string, error) {
	algo, value, hasHash := ChooseHash(hashes)
	if !hasHash && name == "" && parentDirectoryRef == "" {
		return "", fmt.Errorf("%w: file without hashes, name or parent_directory_ref", ErrNoContributingProperties)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, scoNS)
	if hasHash {
		b = b.hash(algo, value)
	}
	if name != "" {
		b = b.str("name", name)
	}
	if parentDirectoryRef != "" {
		b = b.str("parent_directory_ref", parentDirectoryRef)
	}
	return finishID(TypeFile, b.buf, b.bad)
}

// X509CertificateID returns the x509-certificate ID from hashes (one of
// them, see [ChooseHash]) and serialNumber, whichever are set. Issuer and
// subject do not contribute (STIX 2.1), so a certificate known only by
// them has no deterministic ID.
func X509CertificateID(hashes Hashes, serialNumber string) (string, error) {
	algo, value, hasHash := ChooseHash(hashes)
	if !hasHash && serialNumber == "" {
		return "", fmt.Errorf("%w: x509-certificate without hashes or serial_number", ErrNoContributingProperties)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, scoNS)
	if hasHash {
		b = b.hash(algo, value)
	}
	if serialNumber != "" {
		b = b.str("serial_number", serialNumber)
	}
	return finishID(TypeX509Certificate, b.buf, b.bad)
}

func (b idBuilder) hash(algo, value string) idBuilder {
	b = b.key("hashes")
	b.buf = append(b.buf, '{')
	b = b.quote(algo)
	b.buf = append(b.buf, ':')
	b = b.quote(value)
	b.buf = append(b.buf, '}')
	return b
}

// ChooseHash picks the one hash that contributes to an SCO ID, as
// python-stix2 does: MD5, else SHA-1, else SHA-256, else SHA-512, else the
// first other algorithm (in sorted order: Go maps have no order, where
// Python would take the first inserted). Algorithm names are normalised
// with [NormalizeHashName] first. ok is false when hashes is empty.
func ChooseHash(hashes Hashes) (algo, value string, ok bool) {
	if len(hashes) == 0 {
		return "", "", false
	}
	best, bestRank := "", 5
	for k := range hashes {
		n := NormalizeHashName(k)
		rank := 4
		switch n {
		case HashMD5:
			rank = 0
		case HashSHA1:
			rank = 1
		case HashSHA256:
			rank = 2
		case HashSHA512:
			rank = 3
		}
		if rank < bestRank || rank == bestRank && k < best {
			best, bestRank = k, rank
		}
	}
	return NormalizeHashName(best), hashes[best], true
}

// NormalizeHashName returns the STIX 2.1 spelling of a hash algorithm name
// ("sha256", "SHA256", "sha-256" -> "SHA-256"); unknown names are returned
// unchanged.
func NormalizeHashName(name string) string {
	var key [16]byte
	k := key[:0]
	for i := 0; i < len(name) && len(k) < len(key); i++ {
		c := name[i]
		if c == '-' || c == '_' {
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		k = append(k, c)
	}
	if len(name) > 20 {
		return name
	}
	switch string(k) {
	case "md5":
		return HashMD5
	case "sha1":
		return HashSHA1
	case "sha256":
		return HashSHA256
	case "sha512":
		return HashSHA512
	case "sha3256":
		return "SHA3-256"
	case "sha3512":
		return "SHA3-512"
	case "ssdeep":
		return "SSDEEP"
	case "tlsh":
		return "TLSH"
	}
	return name
}

// ObservableID computes the deterministic ID of an SCO from its
// contributing properties (section 2.9): value, name, path, number, or
// hashes/name/parent_directory_ref for files and hashes/serial_number for
// certificates. It ignores o's current ID.
func ObservableID(o Object) (string, error) {
	switch x := o.(type) {
	case *DomainName:
		return DomainNameID(x.Value)
	case *IPv4Addr:
		return IPv4AddrID(x.Value)
	case *IPv6Addr:
		return IPv6AddrID(x.Value)
	case *EmailAddr:
		return EmailAddrID(x.Value)
	case *URL:
		return URLID(x.Value)
	case *Mutex:
		return MutexID(x.Name)
	case *Directory:
		return DirectoryID(x.Path)
	case *AutonomousSystem:
		return AutonomousSystemID(x.Number)
	case *File:
		return FileID(x.Hashes, x.Name, x.ParentDirectoryRef)
	case *X509Certificate:
		return X509CertificateID(x.Hashes, x.SerialNumber)
	case nil:
		return "", errors.New("stix: ObservableID(nil)")
	}
	return "", fmt.Errorf("stix: %s is not an observable with a deterministic ID", o.Type())
}
