package mdti_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

// BenchmarkPassiveDNSGraph reads 10,000 passive DNS records through the
// client (token, shared stack, 10 pages of 1,000) from the simulator.
func BenchmarkPassiveDNSGraph(b *testing.B) {
	sim := mdtitest.StartTB(b, mdtitest.Config{PageSize: 1000})
	c := newClientTB(b, sim)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range c.PassiveDNS(b.Context(), "records-10000.example.com", nil) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 10000 {
			b.Fatalf("%d records", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10000, "ns/record")
}

// BenchmarkDecodeGraphPassiveDNS decodes a saved page of 1,000 records.
func BenchmarkDecodeGraphPassiveDNS(b *testing.B) {
	sim := mdtitest.StartTB(b, mdtitest.Config{PageSize: 1000})
	cfg := sim.Config()
	tok := fetchToken(b, sim, cfg)
	req, _ := http.NewRequest(http.MethodGet, sim.BaseURL()+"/hosts/records-1000.example.com/passiveDns", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := sim.Client().Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || !strings.Contains(string(body), `"value"`) {
		b.Fatalf("%v %.100s", err, body)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		recs, err := mdti.DecodePassiveDNS(bytes.NewReader(body), "records-1000.example.com")
		if err != nil || len(recs) != 1000 {
			b.Fatal(len(recs), err)
		}
	}
}
