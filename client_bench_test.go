package passivetotal_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	passivetotal "github.com/ptstix/passivetotal"
	"golang.org/x/time/rate"
)

// BenchmarkClientRoundTrip compares one GET /dns/passive through the whole
// client stack (request builder, retryablehttp, observer, attempt timeout,
// quota accounting, lenient decode into PassiveDNS) with a bare net/http
// GET decoded by encoding/json into the same PassiveDNS type, against the
// same loopback httptest server and payload. The ratio sdk/bare is the
// stack's overhead per call. The client-side rate limit is off (rate.Inf):
// it is a deliberate wait, not overhead.
func BenchmarkClientRoundTrip(b *testing.B) {
	sizes := []int{10, 1_000}
	for _, n := range sizes {
		body := benchPDNSBody(b, n)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body)
		}))
		b.Cleanup(srv.Close)

		b.Run(fmt.Sprintf("records=%d/sdk", n), func(b *testing.B) {
			c, err := passivetotal.NewClient("bench@example.com", "key",
				passivetotal.WithBaseURL(srv.URL+"/v2"),
				passivetotal.WithHTTPClient(srv.Client()),
				passivetotal.WithRateLimit(rate.Inf, 0))
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				answer, _, err := c.PassiveDNS(ctx, "example.com", nil)
				if err != nil {
					b.Fatal(err)
				}
				if len(answer.Results) != n {
					b.Fatalf("%d records", len(answer.Results))
				}
			}
		})
		b.Run(fmt.Sprintf("records=%d/bare", n), func(b *testing.B) {
			hc := srv.Client()
			url := srv.URL + "/v2/dns/passive?query=example.com"
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				req, err := http.NewRequest(http.MethodGet, url, nil)
				if err != nil {
					b.Fatal(err)
				}
				req.SetBasicAuth("bench@example.com", "key")
				resp, err := hc.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				var answer passivetotal.PassiveDNS
				err = json.NewDecoder(resp.Body).Decode(&answer)
				resp.Body.Close()
				if err != nil {
					b.Fatal(err)
				}
				if len(answer.Results) != n {
					b.Fatalf("%d records", len(answer.Results))
				}
			}
		})
	}
}
