package mdti_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// mapDataset maps what DecodeDataset returned: mapping.Dataset, or
// mapping.Certificates for a host's certificates.
func mapDataset(entity mapping.Entity, v any, opts mapping.HostOptions) (*mapping.Result, error) {
	if hc, ok := v.(*mdti.HostCertificates); ok {
		return mapping.Certificates(entity, &hc.Certificates, &hc.History, opts)
	}
	return mapping.Dataset(entity, v, opts)
}

// TestDecodeDatasetGolden decodes the Graph bodies under
// testdata/datasets (hand-written, one per dataset, with invalid
// certificates, a WHOIS record without contacts, hostile strings and
// dates out of range among the good rows), maps them, and compares the
// bundle and the skips with testdata/golden/datasets (-update rewrites).
func TestDecodeDatasetGolden(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file, host, kind string
		want             any
	}{
		{"components", "shop.example.com", mdti.ResourceHostComponent, &passivetotal.Components{}},
		{"trackers", "shop.example.com", mdti.ResourceHostTracker, &passivetotal.Trackers{}},
		{"cookies", "shop.example.com", mdti.ResourceHostCookie, &passivetotal.Cookies{}},
		{"hostpairs", "shop.example.com", mdti.ResourceHostPair, &passivetotal.HostPairs{}},
		{"subdomains", "shop.example.com", mdti.ResourceSubdomain, &passivetotal.Subdomains{}},
		{"ports", "203.0.113.10", mdti.ResourceHostPort, &passivetotal.Services{}},
		{"certificates", "shop.example.com", mdti.ResourceSSLCertificate, &passivetotal.SSLCertificates{}},
		{"host_certificates", "203.0.113.10", mdti.ResourceHostSSLCertificate, &mdti.HostCertificates{}},
		{"whois", "shop.example.com", mdti.ResourceWhoisRecord, &passivetotal.WhoisRecord{}},
		{"whois_history", "shop.example.com", mdti.ResourceWhoisRecord, &passivetotal.WhoisHistory{}},
		{"reputation", "shop.example.com", mdti.ResourceHostReputation, &passivetotal.Reputation{}},
		{"host", "203.0.113.10", mdti.ResourceHost, &passivetotal.HostSummary{}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(filepath.Join("testdata", "datasets", tc.file+".json"))
			if err != nil {
				t.Fatal(err)
			}
			kind, err := mdti.SniffDataset(bytes.NewReader(body))
			if err != nil || kind != tc.kind {
				t.Fatalf("SniffDataset = %q, %v; want %q", kind, err, tc.kind)
			}
			v, err := mdti.DecodeDataset(bytes.NewReader(body), tc.host)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := typeName(v), typeName(tc.want); got != want {
				t.Fatalf("decoded a %s, want a %s", got, want)
			}
			e, err := mapping.NewEntity(tc.host)
			if err != nil {
				t.Fatal(err)
			}
			r, err := mapDataset(e, v, mapping.HostOptions{})
			if err != nil {
				t.Fatal(err)
			}
			b, err := r.Bundle()
			if err != nil {
				t.Fatal(err)
			}
			bundle, err := b.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(struct {
				Skips  []mapping.Skip  `json:"skips"`
				Bundle json.RawMessage `json:"bundle"`
			}{r.Skips, bundle}, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", "datasets", tc.file+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)+"\n"); diff != "" {
				t.Errorf("golden %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// typeName names the model DecodeDataset returned.
func typeName(v any) string {
	switch v.(type) {
	case *passivetotal.Components:
		return "Components"
	case *passivetotal.Trackers:
		return "Trackers"
	case *passivetotal.Cookies:
		return "Cookies"
	case *passivetotal.HostPairs:
		return "HostPairs"
	case *passivetotal.Subdomains:
		return "Subdomains"
	case *passivetotal.Services:
		return "Services"
	case *passivetotal.SSLCertificates:
		return "SSLCertificates"
	case *mdti.HostCertificates:
		return "HostCertificates"
	case *passivetotal.WhoisRecord:
		return "WhoisRecord"
	case *passivetotal.WhoisHistory:
		return "WhoisHistory"
	case *passivetotal.Reputation:
		return "Reputation"
	case *passivetotal.HostSummary:
		return "HostSummary"
	}
	return "unknown"
}

// TestDecodeDatasetFields checks the Graph fields that the golden bundles
// show only through the mapping.
func TestDecodeDatasetFields(t *testing.T) {
	t.Parallel()
	decode := func(t *testing.T, file, host string) any {
		t.Helper()
		body, err := os.ReadFile(filepath.Join("testdata", "datasets", file+".json"))
		if err != nil {
			t.Fatal(err)
		}
		v, err := mdti.DecodeDataset(bytes.NewReader(body), host)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	hc := decode(t, "host_certificates", "203.0.113.10").(*mdti.HostCertificates)
	if diff := cmp.Diff([]string{"MDAxMTIyMzM0NDU1NjY3Nzg4OTlhYWJiY2NkZGVlZmYwMDExMjIzMw=="}, hc.Missing); diff != "" {
		t.Errorf("missing (-want +got):\n%s", diff)
	}
	if got := hc.History.Results[1].SHA1; got != "00112233445566778899aabbccddeeff00112233" {
		t.Errorf("SHA-1 from a bare id: %q", got)
	}
	ports := decode(t, "ports", "").(*passivetotal.Services)
	if p := ports.Results[0]; p.MostRecentSSLCertSHA1 != "fb96551505f1edb24dd3b36fcffdb765833b8118" || p.Count != 52 || p.Banners[0].ScanType != "tcp" {
		t.Errorf("port %+v", p)
	}
	if p := ports.Results[1]; p.Port != 70000 || p.Count != 3 {
		t.Errorf("port %+v", p)
	}
	hist := decode(t, "whois_history", "").(*passivetotal.WhoisHistory)
	if len(hist.Results) != 2 || len(hist.Results[1].Contacts) != 0 || hist.Results[1].Domain != "shop.example.com" {
		t.Errorf("history %+v", hist.Results)
	}
}

// TestDecodeDatasetBadInput: bodies that are not a Graph dataset give a
// typed error (ErrInvalidResponse, ErrResponseTooLarge, or the saved Graph
// error classified by its code), never a panic or an empty success.
func TestDecodeDatasetBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		body string
		is   error
	}{
		{"not JSON", `<html>gateway</html>`, mdti.ErrInvalidResponse},
		{"truncated", `{"value":[{"@odata.type":"#microsoft.graph.security.hostCookie"`, mdti.ErrInvalidResponse},
		{"array at the top", `[{"id":"x"}]`, mdti.ErrInvalidResponse},
		{"value is a string", `{"value":"hostPair"}`, mdti.ErrInvalidResponse},
		{"items are strings", `{"value":["a","b"]}`, mdti.ErrInvalidResponse},
		{"empty page without a context", `{"value":[]}`, mdti.ErrInvalidResponse},
		{"another resource", `{"@odata.type":"#microsoft.graph.security.article","id":"a","title":"t"}`, mdti.ErrInvalidResponse},
		{"entity without id", `{"@odata.type":"#microsoft.graph.security.hostReputation","score":5}`, mdti.ErrInvalidResponse},
		{"two reputations", `{"value":[{"classification":"malicious","id":"a"},{"classification":"neutral","id":"b"}]}`, mdti.ErrInvalidResponse},
		{"object where a string belongs", `{"value":[{"@odata.type":"#microsoft.graph.security.hostCookie","id":"k","name":{"x":1}}]}`, mdti.ErrInvalidResponse},
		{"port list where a number belongs", `{"value":[{"@odata.type":"#microsoft.graph.security.hostPort","id":"p","port":[443]}]}`, mdti.ErrInvalidResponse},
		{"PassiveTotal WHOIS body", `{"domain":"example.com","whoisServer":"whois.example","registrant":{"email":"a@example.com"}}`, mdti.ErrInvalidResponse},
		{"Graph error body", `{"error":{"code":"NotFound","message":"Host not found."}}`, mdti.ErrNotFound},
		{"forbidden error body", `{"error":{"code":"Forbidden","message":"no"}}`, mdti.ErrForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, err := mdti.DecodeDataset(strings.NewReader(tc.body), "shop.example.com")
			if !errors.Is(err, tc.is) {
				t.Fatalf("err = %v (%T), want %v", err, err, tc.is)
			}
			if v != nil {
				t.Errorf("a value with the error: %#v", v)
			}
			if len(err.Error()) > 400 {
				t.Errorf("error of %d bytes", len(err.Error()))
			}
		})
	}
	t.Run("a saved Graph error reads as the live refusal", func(t *testing.T) {
		t.Parallel()
		body := `{"error":{"code":"TooManyRequests","message":"Slow down.","innerError":{"request-id":"r-1"}}}`
		_, err := mdti.DecodeDataset(strings.NewReader(body), "")
		var er *mdti.ErrorResponse
		if !errors.Is(err, mdti.ErrThrottled) || !errors.As(err, &er) || er.RequestID != "r-1" || er.StatusCode != 429 || er.ErrorCode != "TooManyRequests" {
			t.Errorf("err = %v, as %+v", err, er)
		}
	})
	t.Run("bad rows are skips", func(t *testing.T) {
		t.Parallel()
		body := `{"value":[{"@odata.type":"#microsoft.graph.security.hostPort","id":"p","port":-1},` +
			`{"@odata.type":"#microsoft.graph.security.hostPort","id":"q","port":99999999999}]}`
		v, err := mdti.DecodeDataset(strings.NewReader(body), "203.0.113.10")
		if err != nil {
			t.Fatal(err)
		}
		e, _ := mapping.NewEntity("203.0.113.10")
		r, err := mapping.Dataset(e, v, mapping.HostOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Skips) != 2 {
			t.Errorf("skips %+v, want both ports", r.Skips)
		}
	})
}

// TestGraphDatasetSamples reads the documentation-derived Graph bodies of
// the shared reference through DecodeDataset and the mappers. CI sets
// PTSTIX_PT_SAMPLES; elsewhere the test skips.
func TestGraphDatasetSamples(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("PTSTIX_PT_SAMPLES")
	if dir == "" {
		t.Skip("PTSTIX_PT_SAMPLES is not set (.ci/run sets it to ../shared/reference/pt-samples)")
	}
	cases := []struct {
		file, host, kind string
		check            func(t *testing.T, v any)
	}{
		{"mdti_host_components.json", "contoso.com", mdti.ResourceHostComponent, func(t *testing.T, v any) {
			c := v.(*passivetotal.Components).Results
			if len(c) != 1 || c[0].Host != "c1.microsoft.com" || c[0].Label != "Microsoft-IIS" || c[0].Version != "10.0" || c[0].Category != "Server" {
				t.Errorf("%+v", c)
			}
		}},
		{"mdti_host_pairs.json", "contoso.com", mdti.ResourceHostPair, func(t *testing.T, v any) {
			p := v.(*passivetotal.HostPairs).Results
			if len(p) != 1 || p[0].Parent != "contoso.com" || p[0].Child != "contoso.com" || p[0].Cause != "finalRedirect" {
				t.Errorf("%+v", p)
			}
		}},
		{"mdti_host_reputation.json", "contoso.com", mdti.ResourceHostReputation, func(t *testing.T, v any) {
			r := v.(*passivetotal.Reputation)
			if r.Classification != "MALICIOUS" || r.Score != 100 || len(r.Rules) != 3 || r.Rules[0].Severity != 5 {
				t.Errorf("%+v", r)
			}
		}},
		{"mdti_ssl_certificates.json", "microsoft.com", mdti.ResourceSSLCertificate, func(t *testing.T, v any) {
			c := v.(*passivetotal.SSLCertificates).Results
			if len(c) != 1 || c[0].SHA1 != "fb96551505f1edb24dd3b36fcffdb765833b8118" || c[0].Subject.Organization != "Microsoft Corporation" ||
				c[0].Subject.Locality != "Redmond" || len(c[0].SubjectAlternativeNames) != 3 || !c[0].IssueDate.Valid() {
				t.Errorf("%+v", c)
			}
		}},
		{"mdti_whois_records.json", "contoso.com", mdti.ResourceWhoisRecord, func(t *testing.T, v any) {
			h := v.(*passivetotal.WhoisHistory).Results
			if len(h) != 1 || h[0].Domain != "contoso.com" || h[0].Registrar != "MarkMonitor Inc." || len(h[0].NameServers) != 2 ||
				h[0].Organization != "Contoso Corporation" || len(h[0].Contacts) != 5 {
				t.Errorf("%+v", h)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if kind, err := mdti.SniffDataset(bytes.NewReader(body)); err != nil || kind != tc.kind {
				t.Fatalf("SniffDataset = %q, %v", kind, err)
			}
			v, err := mdti.DecodeDataset(bytes.NewReader(body), tc.host)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, v)
			e, _ := mapping.NewEntity(tc.host)
			r, err := mapDataset(e, v, mapping.HostOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.Bundle(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// FuzzDecodeDataset: any body gives a typed error or a value that decodes
// the same way twice and maps to a valid bundle (or mapping's own error
// for an entity the answer cannot name).
func FuzzDecodeDataset(f *testing.F) {
	for _, name := range []string{"components", "whois", "ports", "host_certificates", "reputation", "subdomains"} {
		body, err := os.ReadFile(filepath.Join("testdata", "datasets", name+".json"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body, "shop.example.com")
	}
	f.Add([]byte(`{"value":[{"linkKind":"redirect","parentHost":{"id":"a.example"},"childHost":{"id":"a.example"}}]}`), "a.example")
	f.Add([]byte(`{"id":"x","classification":"malicious","score":"999","rules":null}`), "192.0.2.1")
	f.Fuzz(func(t *testing.T, body []byte, host string) {
		v, err := mdti.DecodeDataset(bytes.NewReader(body), host)
		if err != nil {
			if !decodeErrOK(err) && !errors.Is(err, mdti.ErrNotFound) && !errors.Is(err, mdti.ErrForbidden) &&
				!errors.Is(err, mdti.ErrUnauthorized) && !errors.Is(err, mdti.ErrThrottled) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		again, err := mdti.DecodeDataset(bytes.NewReader(body), host)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(v, again); diff != "" {
			t.Fatalf("decoding is not deterministic:\n%s", diff)
		}
		e, err := mapping.NewEntity("203.0.113.10")
		if err != nil {
			t.Fatal(err)
		}
		r, err := mapDataset(e, v, mapping.HostOptions{})
		if err != nil {
			return
		}
		if _, err := r.Bundle(); err != nil {
			t.Fatalf("invalid bundle: %v", err)
		}
	})
}
