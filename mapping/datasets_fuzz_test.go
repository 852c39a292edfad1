package mapping

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	passivetotal "github.com/ptstix/passivetotal"
)

// The dataset fuzz targets decode fuzzed bytes with one dataset's decoder
// and map what decodes about a domain and an address: the mapping never
// fails on a valid entity, never panics, and its bundle validates. Seeds:
// the dataset's fixture under ../testdata/datasets and the corpus under
// testdata/fuzz/<target>.

func fuzzDataset[T any](f *testing.F, fixture string, decode func(io.Reader) (*T, error)) {
	if data, err := os.ReadFile(filepath.Join("..", "testdata", "datasets", fixture)); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"results":[{}]}`))
	entities := []Entity{mustEntity(f, "www.example-shop.com"), mustEntity(f, "203.0.113.10")}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := decode(bytes.NewReader(body))
		if err != nil {
			return
		}
		for _, e := range entities {
			r, err := Dataset(e, v, HostOptions{Observed: observedAt, MaxRecords: 50})
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, r)
		}
	})
}

func FuzzDatasetWhois(f *testing.F) { fuzzDataset(f, "whois.json", passivetotal.DecodeWhois) }
func FuzzDatasetWhoisHistory(f *testing.F) {
	fuzzDataset(f, "whois_history.json", passivetotal.DecodeWhoisHistory)
}
func FuzzDatasetCertificates(f *testing.F) {
	fuzzDataset(f, "ssl_certificate.json", passivetotal.DecodeCertificates)
}
func FuzzDatasetCertificateHistory(f *testing.F) {
	fuzzDataset(f, "ssl_certificate_history.json", passivetotal.DecodeCertificateHistory)
}
func FuzzDatasetSubdomains(f *testing.F) {
	fuzzDataset(f, "subdomains.json", passivetotal.DecodeSubdomains)
}
func FuzzDatasetHostSummary(f *testing.F) {
	fuzzDataset(f, "enrichment_ip.json", passivetotal.DecodeHostSummary)
}
func FuzzDatasetComponents(f *testing.F) {
	fuzzDataset(f, "components.json", passivetotal.DecodeComponents)
}
func FuzzDatasetTrackers(f *testing.F) { fuzzDataset(f, "trackers.json", passivetotal.DecodeTrackers) }
func FuzzDatasetCookies(f *testing.F)  { fuzzDataset(f, "cookies.json", passivetotal.DecodeCookies) }
func FuzzDatasetHostPairs(f *testing.F) {
	fuzzDataset(f, "hostpairs.json", passivetotal.DecodeHostPairs)
}
func FuzzDatasetServices(f *testing.F) { fuzzDataset(f, "services.json", passivetotal.DecodeServices) }
func FuzzDatasetReputation(f *testing.F) {
	fuzzDataset(f, "reputation.json", passivetotal.DecodeReputation)
}
