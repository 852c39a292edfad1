package passivetotal

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestPTSamplesDatasets sniffs and decodes every reference body: the dataset
// ones must be told as their endpoint and decode, and no other body may be
// taken for a dataset (the actions endpoints send lone keys such as
// {"sinkhole": false}, an organisation has "registered", intel indicators
// have "category"). CI sets PTSTIX_PT_SAMPLES; elsewhere the test skips.
func TestPTSamplesDatasets(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("PTSTIX_PT_SAMPLES")
	if dir == "" {
		t.Skip("PTSTIX_PT_SAMPLES is not set (.ci/run sets it to ../shared/reference/pt-samples)")
	}
	want := map[string]BodyKind{
		"whois_history.json":            KindWhoisHistory,
		"services.json":                 KindServices,
		"reputation.json":               KindReputation,
		"mdti_host_reputation.json":     KindReputation,
		"enrichment_domain.json":        KindHostSummary,
		"enrichment_ip.json":            KindHostSummary,
		"enrichment_subdomains.json":    KindSubdomains,
		"host_attributes_trackers.json": KindTrackers,
		"host_attributes_cookies.json":  KindCookies,
		"cookies_domain_hosts.json":     KindCookies,
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples in %s: %v", dir, err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		kind, v, err := Decode(bytes.NewReader(data))
		w, isDataset := want[name]
		switch {
		case isDataset && (kind != w || err != nil || v == nil):
			t.Errorf("%s: %v, %v; want %v", name, kind, err, w)
		case !isDataset && newDatasetValue(kind) != nil:
			t.Errorf("%s taken for %v", name, kind)
		}
	}
}
