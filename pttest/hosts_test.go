package pttest

import (
	"bytes"
	"net/http"
	"testing"

	pt "github.com/ptstix/passivetotal"
)

// TestHostDatasets: every dataset endpoint answers a body the SDK sniffs as
// that endpoint's kind, the same request gets the same bytes from two
// servers of one Config, a search is spent per request, and bad queries
// are 400 without spending.
func TestHostDatasets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		kind pt.BodyKind
	}{
		{"/whois?query=shop.example.com", pt.KindWhois},
		{"/whois?query=shop.example.com&history=true", pt.KindWhoisHistory},
		{"/ssl-certificate?query=e7d95a6a1b1cd8a5c2d4a0f4c1f1b3a6e3c0b2d1", pt.KindCertificates},
		{"/ssl-certificate/search?query=shop.example.com&field=name", pt.KindCertificates},
		{"/ssl-certificate/history?query=203.0.113.10", pt.KindCertificateHistory},
		{"/ssl-certificate/history?query=e7d95a6a1b1cd8a5c2d4a0f4c1f1b3a6e3c0b2d1", pt.KindCertificateHistory},
		{"/enrichment?query=203.0.113.10", pt.KindHostSummary},
		{"/enrichment?query=shop.example.com", pt.KindHostSummary},
		{"/enrichment/subdomains?query=example.com", pt.KindSubdomains},
		{"/host-attributes/components?query=shop.example.com", pt.KindComponents},
		{"/host-attributes/trackers?query=shop.example.com", pt.KindTrackers},
		{"/host-attributes/cookies?query=203.0.113.10", pt.KindCookies},
		{"/host-attributes/pairs?query=shop.example.com&direction=parents", pt.KindHostPairs},
		{"/services?query=203.0.113.10", pt.KindServices},
		{"/reputation?query=shop.example.com", pt.KindReputation},
	}
	a, b := StartTB(t, Config{}), StartTB(t, Config{})
	for i, tt := range tests {
		body := mustOK(t, get(t, a, nil, tt.path))
		if again := mustOK(t, get(t, b, nil, tt.path)); !bytes.Equal(body, again) {
			t.Errorf("%s: two servers answered differently", tt.path)
		}
		if k, err := pt.SniffBody(bytes.NewReader(body)); err != nil || k != tt.kind {
			t.Errorf("%s: sniffed %v, %v; want %v", tt.path, k, err, tt.kind)
		}
		if used, _ := a.Quota(); used != i+1 {
			t.Errorf("%s: %d searches spent after %d requests", tt.path, used, i+1)
		}
	}
	for _, path := range []string{
		"/services?query=example.com", "/host-attributes/pairs?query=example.com",
		"/ssl-certificate?query=abc", "/whois?query=a%20b", "/host-attributes/components?query=example.com&page=-1",
	} {
		if r := get(t, a, nil, path); r.status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", path, r.status)
		}
	}
	if used, _ := a.Quota(); used != len(tests) {
		t.Errorf("bad requests spent searches: %d", used-len(tests))
	}
	if r := get(t, a, nil, "/reputation?query=nodata.example.com"); r.status != http.StatusNotFound {
		t.Errorf("unknown host: status %d, want 404", r.status)
	}
}

// TestHostAttributesWindow: start and end keep the rows seen inside them,
// and totalRecords counts what was kept.
func TestHostAttributesWindow(t *testing.T) {
	t.Parallel()
	s := StartTB(t, Config{})
	var all, none, recent struct {
		TotalRecords int              `json:"totalRecords"`
		Results      []map[string]any `json:"results"`
	}
	base := "/host-attributes/components?query=shop.example.com"
	unmarshal(t, mustOK(t, get(t, s, nil, base)), &all)
	unmarshal(t, mustOK(t, get(t, s, nil, base+"&end=2000-01-01")), &none)
	unmarshal(t, mustOK(t, get(t, s, nil, base+"&start=2021-05-01")), &recent)
	if all.TotalRecords == 0 || all.TotalRecords != len(all.Results) {
		t.Fatalf("all: total %d, %d rows", all.TotalRecords, len(all.Results))
	}
	if none.TotalRecords != 0 || len(none.Results) != 0 {
		t.Errorf("end before every row: total %d, %d rows", none.TotalRecords, len(none.Results))
	}
	if recent.TotalRecords != len(recent.Results) || recent.TotalRecords > all.TotalRecords {
		t.Errorf("start: total %d, %d rows of %d", recent.TotalRecords, len(recent.Results), all.TotalRecords)
	}
	for _, r := range recent.Results {
		if r["lastSeen"].(string) < "2021-05-01" {
			t.Errorf("row last seen %v kept by start=2021-05-01", r["lastSeen"])
		}
	}
	if r := get(t, s, nil, base+"&start=yesterday"); r.status != http.StatusBadRequest {
		t.Errorf("bad start: status %d", r.status)
	}
}
