// Package gen generates large, realistic PassiveTotal v2 response bodies
// deterministically from a seed, for benchmarks, fuzz seeds and the
// simulator in internal/pttest.
//
// Every generated item is a pure function of (seed, options, index): record
// i of a passive DNS answer can be produced without producing records 0..i-1,
// which is what lets [WritePassiveDNS] stream a million records in constant
// memory and lets the simulator page and filter answers without storing them.
// Nothing here reads the clock: all timestamps are derived from an explicit
// Epoch.
//
// The data deliberately carries the quirks seen in real answers: every
// record type including "TXT (SPF1)", SOA rows with an email or a domain,
// trailing dots, exact and partial duplicates, equal firstSeen/lastSeen, and
// for IP queries the reversed A (or AAAA) rows whose resolve side is a
// hostname.
package gen
