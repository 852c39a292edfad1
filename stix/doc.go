// Package stix is a small, exact STIX 2.1 model of what the SDK emits:
// typed objects, deterministic IDs, TLP markings, a pattern builder,
// bundles (in memory and streaming) and validation.
//
// # Objects
//
// Every object is a plain struct with JSON tags. SDOs and SROs embed
// [Common] (id, created, modified, created_by_ref, labels, markings, ...);
// SCOs embed [ObservableCommon] (no created/modified, as the spec says).
// The `type` and `spec_version` ("2.1") properties are implied by the Go
// type and always written. Custom properties (x_opencti_*, x_passivetotal_*)
// are typed fields where the SDK knows them, and otherwise go in the
// Custom map, which is always marshalled, keys in sorted order. Reading an
// object back ([DecodeObject], [Bundle.UnmarshalJSON]) keeps every property
// the struct does not know in Custom as json.RawMessage, so an object
// survives a round trip unchanged.
//
// Marshalling is deterministic (the same object always gives the same
// bytes) and append-based rather than reflective, because mappings emit
// hundreds of thousands of objects. Known properties are written in a fixed
// order, custom properties after them in sorted order. Strings are written
// raw (no HTML escaping); a string that is not valid UTF-8 is an error.
//
// # Timestamps
//
// [Timestamp] is always written in UTC with a "Z". created and modified are
// always written with exactly three fractional digits (milliseconds,
// truncated). Other timestamps keep their [Precision]: milliseconds by
// default, or whatever number of digits they were read with.
//
// # Deterministic IDs
//
// All deterministic IDs are TYPE--UUIDv5(namespace, canonical JSON of a few
// contributing properties), with RFC 8785 canonical JSON
// (internal/canonjson). SCO IDs ([DomainNameID], [FileID], ...) follow
// STIX 2.1 section 2.9 exactly, like python-stix2, in the namespace
// [SCONamespace] (00abedb4-aa42-466c-9c01-fed23315a9b7).
//
// SDO and relationship IDs take an [IDPolicy]:
//
//   - [PolicyOpenCTI] (the zero value): the standard_id the OpenCTI platform
//     computes (SCO namespace, timestamps as "YYYY-MM-DDTHH:MM:SS.sssZ"),
//     so objects merge with what the platform already holds.
//   - [PolicyLegacy]: byte-identical to the retired Python RiskIQ connectors
//     (pycti hashing Python datetime.isoformat() strings: report published
//     "2021-03-05T08:00:00+00:00", relationship start_time naive
//     "2017-06-14T11:22:21" and no stop_time).
//   - [PolicyStrict]: the OpenCTI contributing properties, hashed in this
//     SDK's own namespace [StrictNamespace], because STIX 2.1 section 2.9
//     says the SCO namespace MUST NOT be used for other objects.
//
// StrictNamespace is 4842b38b-3e0b-5ed7-8586-6953bde8d03e, which is
// UUIDv5(NameSpace_URL, "https://github.com/ptstix/passivetotal/stix#strict").
// It is part of the public contract and never changes.
//
// A few types hash OpenCTI's own properties, as pycti does:
// [ThreatActorID] hashes the opencti_type (group or individual),
// [LocationID] the x_opencti_location_type, and a Position with
// coordinates is hashed by them alone ([PositionID]). OpenCTI's custom
// "text" observable ([Text]) is an SCO with the ID {value}.
//
// Names are normalised as pycti does with Python's str.lower() and
// str.strip(), which differ from Go's strings.ToLower/TrimSpace: capital
// dotted I (U+0130) lowers to "i̇" (i + U+0307), a final capital sigma
// lowers to "ς", and strip also removes U+001C..U+001F.
//
// # Markings
//
// [TLP] enumerates TLP 1.0 (WHITE, GREEN, AMBER, RED, as in the STIX 2.1
// spec) and TLP 2.0 (CLEAR, AMBER+STRICT, as OpenCTI defines them) with
// their fixed IDs and an order (CLEAR = WHITE < GREEN < AMBER <
// AMBER+STRICT < RED) so the most restrictive of several is one call to
// [HighestTLP].
//
// # Bundles
//
// [Bundle] holds objects in memory, deduplicated by ID. Its ID is either
// given by the caller or derived from its content, so the same objects
// always give the same bundle ID and stix never reads a clock or a random
// source. The content ID is bundle--UUIDv5([BundleNamespace], the sorted,
// distinct 16-byte keys of the object IDs concatenated), where an ID's key
// is its UUID with the FNV-1a 64-bit hash of its type XORed into the first
// eight bytes (so "tool--X" and "malware--X" differ); it does not depend on
// object order.
//
// [BundleWriter] streams objects to an io.Writer one at a time. It
// deduplicates by ID with a set of those 16-byte keys, so its memory is
// about 16 bytes plus map overhead per distinct object and nothing else
// grows with the bundle. With a caller-given ID the output is
// {"type":"bundle","id":...,"objects":[...]}; without one, the content ID
// is only known at the end and is written after the objects.
//
// # Patterns
//
// [Equals], [And] and [Pattern] build STIX patterns with validated object
// paths and correctly escaped string literals; [CheckPattern] parses the
// subset the SDK emits and is used by tests to prove patterns are balanced.
//
// # Validation
//
// [Validate] checks one object (required properties, ID prefix and UUID,
// timestamps, stop_time after start_time); [ValidateBundle] also checks that
// every *_ref and *_refs resolves inside the bundle or to a fixed TLP
// marking. Both return a *[ValidationError] listing every problem.
package stix
