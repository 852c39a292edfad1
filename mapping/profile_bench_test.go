package mapping_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
)

// profileIndicatorsBody is a saved /intelProfiles/{id}/indicators body of
// n indicators: hosts, addresses and SHA-256 hashes in turn.
func profileIndicatorsBody(b *testing.B, n int) []byte {
	b.Helper()
	page := mdti.IntelProfileIndicatorList{}
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		a := mdti.ProfileArtifact{Type: "hostname", ID: fmt.Sprintf("host-%d.example.net", i)}
		switch i % 3 {
		case 1:
			a = mdti.ProfileArtifact{Type: "ipAddress", ID: fmt.Sprintf("198.51.%d.%d", i/256%256, i%256)}
		case 2:
			a = mdti.ProfileArtifact{Type: "unclassifiedArtifact", Kind: "hash_sha256", Value: fmt.Sprintf("%064x", i)}
		}
		page.Indicators = append(page.Indicators, mdti.IntelProfileIndicator{
			ID: fmt.Sprint(i), Source: "microsoft", Artifact: a,
			FirstSeen: passivetotal.NewTime(start.Add(time.Duration(i) * time.Hour)),
			LastSeen:  passivetotal.NewTime(start.Add(time.Duration(i+24) * time.Hour)),
		})
	}
	body, err := json.Marshal(page)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkProfile measures the importer's path for one profile with 1,000
// indicators: decode the saved indicator page, map the profile, build its
// validated bundle and marshal it.
func BenchmarkProfile(b *testing.B) {
	body := profileIndicatorsBody(b, 1000)
	profile := mdti.ProfileSimulation().Profiles[0]
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		page, err := mdti.DecodeIntelProfileIndicators(bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		bundle, _, err := mapping.ProfileBundle(profile, page.Indicators, mapping.ProfileOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := bundle.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}
