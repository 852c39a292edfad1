package mapping

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ptstix/passivetotal/stix"
)

// DefaultAuthorName is the organization named as author by default.
const DefaultAuthorName = "PassiveTotal"

// Under [stix.PolicyLegacy] the default authors are the retired
// connectors' own, so their identity IDs match too.
const (
	// LegacyArticleAuthorName is the author of the old articles connector.
	LegacyArticleAuthorName = "RiskIQ"
	// LegacyPassiveDNSAuthorName is the author of the old enrichment connector.
	LegacyPassiveDNSAuthorName = "RiskIQ PassiveTotal"
)

// DefaultMaxRecords is the default cap on passive DNS relationships per
// entity: enough for any real domain, small enough that a CDN address does
// not produce a bundle of a million objects.
const DefaultMaxRecords = 1000

const (
	defaultAuthorIdentityClass = "organization"
	defaultAuthorDescription   = "RiskIQ PassiveTotal (now Microsoft Defender Threat Intelligence): passive DNS and threat intelligence articles."
	defaultPublicTLP           = stix.TLPClear
	defaultNonPublicTLP        = stix.TLPAmber
)

// authorCreated is the created/modified time of the default author
// identity. It is a constant (nothing in mapping reads the clock): the day
// RiskIQ launched PassiveTotal's API v2 is as good as any and never moves.
var authorCreated = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)

// A TagResolver turns an article tag into STIX objects the report should
// reference, for example the intrusion set or malware a platform already
// knows by that name. It lets a caller plug in its own lookup (an OpenCTI
// query behind a cache, a static table) while the mapping itself does no
// I/O. Returning no objects and no error means "not resolved": the
// built-in MITRE technique and CVE rules then apply. An error becomes a
// [Skip] for the tag. Objects that fail [stix.Validate] become skips too,
// and so do objects that reference anything but the author identity and
// the TLP markings (a created_by_ref to an identity the bundle does not
// carry, say): the bundle must not dangle. Return objects without such
// references, or with created_by_ref left empty.
type TagResolver interface {
	ResolveTag(tag string) ([]stix.Object, error)
}

// TagResolverFunc adapts a function to [TagResolver].
type TagResolverFunc func(tag string) ([]stix.Object, error)

// ResolveTag calls f(tag).
func (f TagResolverFunc) ResolveTag(tag string) ([]stix.Object, error) { return f(tag) }

// ArticleOptions configure [Article]. The zero value is ready to use.
type ArticleOptions struct {
	// Author is the identity named in created_by_ref. nil means the
	// organization "PassiveTotal" ("RiskIQ" under PolicyLegacy). An Author
	// without ID gets the deterministic identity ID of its name and class;
	// one without created time gets a fixed one.
	Author *stix.Identity
	// Policy chooses how SDO and relationship IDs are computed.
	Policy stix.IDPolicy
	// PublicTLP marks indicators whose source is "public" or Graph's
	// "osint" (zero: TLP:CLEAR). NonPublicTLP marks the others, such as
	// "riskiq" or Graph's "microsoft" (zero: TLP:AMBER).
	PublicTLP, NonPublicTLP stix.TLP
	// NoObservables turns off the observable and based-on relationship
	// created for each indicator.
	NoObservables bool
	// TagResolver, when set, is asked about every tag first.
	TagResolver TagResolver
}

// PassiveDNSOptions configure [PassiveDNS] and [PassiveDNSRecords]. The
// zero value is ready to use.
type PassiveDNSOptions struct {
	// Author is as in [ArticleOptions]; the default is the organization
	// "PassiveTotal" ("RiskIQ PassiveTotal" under PolicyLegacy).
	Author *stix.Identity
	// Policy chooses how relationship IDs are computed. Whatever the
	// policy, a relationship ID is computed from its type, source, target
	// and start_time only, so a later enrichment that moves lastSeen
	// updates the same relationship.
	Policy stix.IDPolicy
	// TLP is the lowest marking of the new objects. They get the highest
	// of this and the queried entity's TLP markings, so they are never
	// marked lower than the entity. Zero with an unmarked entity: no
	// marking.
	TLP stix.TLP
	// RelatedTo uses related-to instead of resolves-to for NS, MX and SOA
	// records (a name server or mail host is not a resolution).
	RelatedTo bool
	// MaxRecords caps the relationships kept per entity, the most recent
	// lastSeen first (records that collapse into one relationship count
	// once). Zero means DefaultMaxRecords (1000); negative means no cap.
	// What the cap cuts is counted in [Result].Cut and reported as a skip.
	MaxRecords int
	// OnSkip, when set, receives each skip instead of [Result].Skips, so a
	// stream of a million unusable records does not grow memory.
	OnSkip func(Skip)
}

// resolveAuthor returns the author identity: a copy of given (ID and
// created filled in when missing) or the default identity for the policy.
func resolveAuthor(given *stix.Identity, p stix.IDPolicy, legacyName string) (*stix.Identity, error) {
	var a stix.Identity
	if given != nil {
		a = *given
		a.Labels = append([]string(nil), given.Labels...)
		a.ObjectMarkingRefs = append([]string(nil), given.ObjectMarkingRefs...)
	} else {
		name := DefaultAuthorName
		if p == stix.PolicyLegacy {
			name = legacyName
		}
		a = stix.Identity{Name: name, IdentityClass: defaultAuthorIdentityClass, Description: defaultAuthorDescription}
	}
	if strings.TrimSpace(a.Name) == "" {
		return nil, errors.New("mapping: author identity has no name")
	}
	if a.ID == "" {
		class := a.IdentityClass
		if class == "" {
			class = defaultAuthorIdentityClass
		}
		id, err := stix.IdentityID(p, a.Name, class)
		if err != nil {
			return nil, fmt.Errorf("mapping: author identity: %w", err)
		}
		a.ID = id
	}
	if a.Created.IsZero() {
		a.Created = stix.Time(authorCreated)
	}
	if a.Modified.IsZero() {
		a.Modified = a.Created
	}
	if err := stix.Validate(&a); err != nil {
		return nil, fmt.Errorf("mapping: author identity: %w", err)
	}
	return &a, nil
}

// checkTLP accepts zero (use def) or a valid marking.
func checkTLP(name string, t, def stix.TLP) (stix.TLP, error) {
	if t == 0 {
		return def, nil
	}
	if !t.Valid() {
		return 0, fmt.Errorf("mapping: %s: invalid %v", name, t)
	}
	return t, nil
}

// Validate reports what is wrong with the options (an author without a name
// or with an ID that is not an identity's, an unknown TLP), the same error
// Article would return, so a program can refuse its configuration before it
// maps anything.
func (o ArticleOptions) Validate() error {
	_, err := newArticleMapper(o)
	return err
}

// Validate reports what is wrong with the options, the same error
// PassiveDNS would return, so a program can refuse its configuration before
// it maps anything.
func (o PassiveDNSOptions) Validate() error {
	_, err := o.resolve()
	return err
}

// resolve checks the options and returns the author identity to use.
func (o PassiveDNSOptions) resolve() (*stix.Identity, error) {
	author, err := resolveAuthor(o.Author, o.Policy, LegacyPassiveDNSAuthorName)
	if err != nil {
		return nil, err
	}
	if o.TLP != 0 && !o.TLP.Valid() {
		return nil, fmt.Errorf("mapping: TLP: invalid %v", o.TLP)
	}
	return author, nil
}
