// Package mapping turns PassiveTotal models into STIX 2.1 objects.
//
// The functions are pure: no network, no files, no clock. Everything they need
// (author identity, ID policy, markings) comes in through an options value, and
// every call returns both the objects it produced and the input items it could
// not convert ([Skip]), so nothing is dropped in silence.
//
// Two families of inputs are supported:
//
//   - [Article] maps a threat-intelligence article to a report, indicators,
//     observables and based-on relationships, plus attack patterns and
//     vulnerabilities for MITRE technique and CVE tags.
//   - [PassiveDNS] and [PassiveDNSRecords] map passive DNS records of one
//     queried entity (a domain or an IP) to observables and resolves-to or
//     related-to relationships. [PassiveDNSRecords] takes the records as a
//     stream and keeps memory bounded by the record cap; [PassiveDNSStream]
//     also writes the bundle as it builds it, for output too large to hold.
//
// [ArticleBundle] and [PassiveDNSBundle] wrap a [Result] in a complete bundle:
// the author identity and every referenced marking definition are included,
// so no reference dangles.
//
// The behaviour follows the retired OpenCTI RiskIQ connectors, with their bugs
// fixed: IPv6 values are typed ipv6-addr, patterns are escaped, domains are
// normalised, the report carries the highest TLP of its indicators, indicator
// valid_from is the article's publication time, passive DNS output is never
// marked lower than the queried entity, and x509 issuer or subject values get
// an indicator but no observable (an observable would need a random ID).
// Under [stix.PolicyLegacy] the SDO and relationship IDs equal the ones those
// connectors produced for the same (fixed) values.
package mapping
