package mdtitest_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

// TestHostDatasetsDeterministic: every dataset route answers 200 with a Graph
// body, the same bytes from two servers of one seed, and other data under
// another seed.
func TestHostDatasetsDeterministic(t *testing.T) {
	t.Parallel()
	servers := []*mdtitest.Server{mdtitest.StartTB(t, mdtitest.Config{Seed: 7}), mdtitest.StartTB(t, mdtitest.Config{Seed: 7}), mdtitest.StartTB(t, mdtitest.Config{Seed: 8})}
	toks := make([]string, len(servers))
	for i, s := range servers {
		_, tok := token(t, s, goodForm(s.Config()))
		toks[i] = tok["access_token"].(string)
	}
	paths := []string{
		"/hosts/shop.example.com/whois", "/hosts/shop.example.com/reputation",
		"/hosts/shop.example.com/sslCertificates?$expand=sslCertificate", "/hosts/shop.example.com/subdomains",
		"/hosts/shop.example.com/hostPairs", "/hosts/shop.example.com/parentHostPairs", "/hosts/shop.example.com/childHostPairs",
		"/hosts/shop.example.com/components", "/hosts/shop.example.com/trackers", "/hosts/shop.example.com/cookies",
		"/hosts/203.0.113.10/ports?$expand=mostRecentSslCertificate", "/whoisRecords/c2hvcC5leGFtcGxlLmNvbSQkMA==/history",
	}
	for _, p := range paths {
		var bodies [][]byte
		for i, s := range servers {
			status, body := get(t, s, p, toks[i])
			if status != 200 {
				t.Fatalf("%s: %d %s", p, status, body)
			}
			var v map[string]any
			if err := json.Unmarshal(body, &v); err != nil || (v["id"] == nil && v["value"] == nil) {
				t.Errorf("%s: not a Graph entity or collection: %s", p, body)
			}
			bodies = append(bodies, body)
		}
		if !bytes.Equal(bodies[0], bodies[1]) {
			t.Errorf("%s: two servers of one seed differ", p)
		}
		if bytes.Equal(bodies[0], bodies[2]) {
			t.Errorf("%s: the same under another seed", p)
		}
	}
}
