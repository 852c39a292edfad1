package stix_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/stix"
)

// BenchmarkDeterministicID measures one deterministic ID per object kind
// and policy. The canonical JSON is built in a stack buffer, so the only
// allocation is the returned ID string (1 alloc/op).
func BenchmarkDeterministicID(b *testing.B) {
	published := time.Date(2021, 3, 5, 8, 0, 0, 0, time.UTC)
	start := time.Date(2017, 6, 14, 11, 22, 21, 0, time.UTC)
	const (
		src = "domain-name--b665a14d-fe35-5462-a1be-574274388349"
		tgt = "ipv4-addr--7a08612a-c82b-50a7-8ad7-47aed844f017"
	)
	kinds := []struct {
		name string
		id   func(p stix.IDPolicy) (string, error)
	}{
		{"sco=domain-name", func(stix.IDPolicy) (string, error) { return stix.DomainNameID("passivetotal.org") }},
		{"sco=ipv4-addr", func(stix.IDPolicy) (string, error) { return stix.IPv4AddrID("192.0.2.1") }},
		{"sco=file", func(stix.IDPolicy) (string, error) {
			return stix.FileID(stix.Hashes{"SHA-256": "a4c9f4ecd4ff4f9d4b38be8ca8a0a8d1e2b3d1c4b5a6f7e8d9c0b1a2f3e4d5c6"}, "", "")
		}},
		{"report", func(p stix.IDPolicy) (string, error) {
			return stix.ReportID(p, "  Phishing Campaign Targets Banks  ", published)
		}},
		{"relationship", func(p stix.IDPolicy) (string, error) {
			return stix.RelationshipID(p, "resolves-to", src, tgt, start, time.Time{})
		}},
		{"indicator", func(p stix.IDPolicy) (string, error) {
			return stix.IndicatorID(p, "[domain-name:value = 'passivetotal.org']")
		}},
	}
	for _, k := range kinds {
		for _, p := range []stix.IDPolicy{stix.PolicyOpenCTI, stix.PolicyLegacy} {
			name := fmt.Sprintf("%s/policy=%s", k.name, p)
			if k.name[:4] == "sco=" {
				if p != stix.PolicyOpenCTI {
					continue // SCO IDs do not depend on the policy
				}
				name = k.name
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := k.id(p); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
