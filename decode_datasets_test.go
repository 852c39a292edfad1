package passivetotal

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDecodeDatasets reads every host dataset fixture through SniffBody,
// Decode and its own Decode function, and checks what the lenient models
// made of the quirks in it (N/A, null, numbers as strings, a string for a
// list, epoch milliseconds, the address key of IP rows).
func TestDecodeDatasets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file   string
		kind   BodyKind
		decode func(io.Reader) (any, error)
		check  func(t *testing.T, v any)
	}{
		{"whois.json", KindWhois, anyOf(DecodeWhois), func(t *testing.T, v any) {
			r := v.(*WhoisRecord)
			want := []WhoisContact{
				{Role: "registrant", Email: "owner@example-shop.com", Name: "Jane Doe", Organization: "Example Shop Ltd", Country: "GB"},
				{Role: "admin", Email: "admin@example-shop.com", Organization: "Example Shop Ltd"},
				{Role: "tech", Email: "hostmaster@example-dns.net", Organization: "Example DNS"},
			}
			if diff := cmp.Diff(want, r.Contacts); diff != "" {
				t.Errorf("contacts (-want +got):\n%s", diff)
			}
			if r.Name != "" || r.Telephone != "" {
				t.Errorf("N/A placeholders kept: %q %q", r.Name, r.Telephone)
			}
			if got := r.Registered.UTC().Format("2006-01-02T15:04:05Z"); got != "2014-04-14T20:00:56Z" {
				t.Errorf("registered = %s", got)
			}
			if len(r.NameServers) != 3 {
				t.Errorf("name servers = %q", r.NameServers)
			}
		}},
		{"whois_history.json", KindWhoisHistory, anyOf(DecodeWhoisHistory), func(t *testing.T, v any) {
			h := v.(*WhoisHistory)
			if len(h.Results) != 2 || h.Results[1].Contacts != nil || h.Results[1].ContactEmail != "" {
				t.Fatalf("history = %+v", h.Results)
			}
			if diff := cmp.Diff([]string{"ns1.old-registrar.example"}, h.Results[1].NameServers); diff != "" {
				t.Errorf("single name server (-want +got):\n%s", diff)
			}
		}},
		{"ssl_certificate.json", KindCertificates, anyOf(DecodeCertificates), func(t *testing.T, v any) {
			c := v.(*SSLCertificates).Results[0]
			if c.Issuer != (CertificateName{CommonName: "Example Issuing CA G2", Organization: "Example Trust Services", Country: "US"}) {
				t.Errorf("issuer = %+v", c.Issuer)
			}
			if c.Subject != (CertificateName{CommonName: "www.example-shop.com"}) {
				t.Errorf("subject = %+v", c.Subject)
			}
			if len(c.SubjectAlternativeNames) != 3 || c.FirstSeen.Year() != 2025 || c.ExpirationDate.Year() != 2026 {
				t.Errorf("certificate = %+v", c)
			}
		}},
		{"ssl_certificate_history.json", KindCertificateHistory, anyOf(DecodeCertificateHistory), func(t *testing.T, v any) {
			h := v.(*CertificateHistory)
			if len(h.Results) != 2 || len(h.Results[0].IPAddresses) != 2 || h.Results[1].IPAddresses != nil || h.Results[1].FirstSeen.Year() != 2023 {
				t.Errorf("history = %+v", h.Results)
			}
		}},
		{"subdomains.json", KindSubdomains, anyOf(DecodeSubdomains), func(t *testing.T, v any) {
			s := v.(*Subdomains)
			want := []string{"www.example-shop.com", "api.example-shop.com", "mail.example-shop.com", "203.0.113.9\x1aexample-shop.com.example-shop.com", "www.example-shop.com"}
			if diff := cmp.Diff(want, s.Names()); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
		}},
		{"enrichment_ip.json", KindHostSummary, anyOf(DecodeHostSummary), func(t *testing.T, v any) {
			h := v.(*HostSummary)
			if h.AutonomousSystemNumber != 64500 || h.Country != "NL" || h.Latitude == nil || *h.Longitude != 4.89 || h.PrimaryDomain != "" {
				t.Errorf("summary = %+v", h)
			}
		}},
		{"enrichment_domain.json", KindHostSummary, anyOf(DecodeHostSummary), func(t *testing.T, v any) {
			if h := v.(*HostSummary); !h.EverCompromised || h.TLD != ".com" {
				t.Errorf("summary = %+v", h)
			}
		}},
		{"components.json", KindComponents, anyOf(DecodeComponents), func(t *testing.T, v any) {
			c := v.(*Components)
			if c.TotalRecords != 3 || c.Results[1].Version != "" || c.Results[2].Host != "203.0.113.10" {
				t.Errorf("components = %+v", c)
			}
		}},
		{"trackers.json", KindTrackers, anyOf(DecodeTrackers), func(t *testing.T, v any) {
			if tr := v.(*Trackers); tr.Results[0].Type != "GoogleAnalyticsTrackingId" || tr.Results[0].Value != "UA-12345678-1" {
				t.Errorf("trackers = %+v", tr)
			}
		}},
		{"cookies.json", KindCookies, anyOf(DecodeCookies), func(t *testing.T, v any) {
			if c := v.(*Cookies); c.Results[1].Name != "SESSIONID" || c.Results[1].Domain != "www.example-shop.com" {
				t.Errorf("cookies = %+v", c)
			}
		}},
		{"hostpairs.json", KindHostPairs, anyOf(DecodeHostPairs), func(t *testing.T, v any) {
			if p := v.(*HostPairs); len(p.Results) != 3 || p.Results[1].Cause != "redirect" {
				t.Errorf("pairs = %+v", p)
			}
		}},
		{"services.json", KindServices, anyOf(DecodeServices), func(t *testing.T, v any) {
			s := v.(*Services)
			if s.Results[1].Port != 22 || s.Results[0].MostRecentSSLCertSHA1 == "" || s.Results[0].CurrentServices[0].Label != "nginx" {
				t.Errorf("services = %+v", s)
			}
		}},
		{"reputation.json", KindReputation, anyOf(DecodeReputation), func(t *testing.T, v any) {
			r := v.(*Reputation)
			if r.Score != 87 || !r.Malicious() || r.Rules[1].Severity != 5 {
				t.Errorf("reputation = %+v", r)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			name := "datasets/" + tt.file
			kind, err := SniffBody(openFixture(t, name))
			if err != nil || kind != tt.kind {
				t.Fatalf("SniffBody = %v, %v; want %v", kind, err, tt.kind)
			}
			k, generic, err := Decode(openFixture(t, name))
			if err != nil || k != tt.kind {
				t.Fatalf("Decode = %v, %v", k, err)
			}
			tt.check(t, generic)
			own, err := tt.decode(openFixture(t, name))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, own)
		})
	}
}

func anyOf[T any](f func(io.Reader) (*T, error)) func(io.Reader) (any, error) {
	return func(r io.Reader) (any, error) { return f(r) }
}

// TestDecodeDatasetsBadInput: a body of another kind is a *BodyError, an
// error body matches the package's sentinels, a malformed or mistyped
// value is an error naming the kind, and a date out of range or an
// invalid value decodes to a zero value without failing the body.
func TestDecodeDatasetsBadInput(t *testing.T) {
	t.Parallel()
	t.Run("wrong kind", func(t *testing.T) {
		t.Parallel()
		_, err := DecodeWhois(openFixture(t, "datasets/services.json"))
		var be *BodyError
		if !errors.As(err, &be) || be.Got != KindServices || be.Want != KindWhois {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("error body", func(t *testing.T) {
		t.Parallel()
		_, err := DecodeReputation(strings.NewReader(`{"error":{"http_code":429,"message":"Quota has been exceeded!"}}`))
		if !errors.Is(err, ErrQuotaExceeded) {
			t.Fatalf("err = %v", err)
		}
	})
	bad := []struct {
		name string
		body string
		dec  func(io.Reader) (any, error)
	}{
		{"port not a number", `{"results":[{"portNumber":"eighty","banners":[]}]}`, anyOf(DecodeServices)},
		{"contact a list", `{"registrar":"x","registrant":[1,2]}`, anyOf(DecodeWhois)},
		{"truncated", `{"results":[{"parent":"a.example","child":`, anyOf(DecodeHostPairs)},
		{"rules an object", `{"score":1,"rules":{"name":{}}}`, anyOf(DecodeReputation)},
		{"not JSON", `<html>`, anyOf(DecodeCertificates)},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if v, err := tt.dec(strings.NewReader(tt.body)); err == nil {
				t.Fatalf("decoded %+v, want an error", v)
			}
		})
	}
	t.Run("dates out of range", func(t *testing.T) {
		t.Parallel()
		r, err := DecodeWhois(strings.NewReader(`{"registrar":"x","registered":"0000-00-00T00:00:00.000-0700","expiresAt":"99999-01-01","lastLoadedAt":-1e300}`))
		if err != nil {
			t.Fatal(err)
		}
		if r.Registered.Valid() || r.ExpiresAt.Valid() || r.LastLoadedAt.Valid() {
			t.Errorf("out-of-range dates read as valid: %+v", r)
		}
		if r.Registered.Raw == "" {
			t.Error("the unreadable text was not kept in Raw")
		}
	})
	t.Run("score out of range", func(t *testing.T) {
		t.Parallel()
		r, err := DecodeReputation(strings.NewReader(`{"score":1000,"classification":"unkown","rules":[{"severity":"high"},{"severity":9}]}`))
		if err != nil {
			t.Fatal(err)
		}
		if r.Score != -1 || r.Classification != "UNKNOWN" || r.Rules[0].Severity != 5 || r.Rules[1].Severity != 0 {
			t.Errorf("reputation = %+v", r)
		}
	})
	t.Run("bare certificate and nested names", func(t *testing.T) {
		t.Parallel()
		c, err := DecodeCertificates(strings.NewReader(`{"sha1":"ab","fingerprint":"x","issuer":{"commonName":"Nested CA"},"subjectCommonname":"drift.example"}`))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Results) != 1 || c.Results[0].Issuer.CommonName != "Nested CA" || c.Results[0].Subject.CommonName != "drift.example" {
			t.Errorf("certificates = %+v", c)
		}
	})
}

// TestDecodeCertificateDeterministic: a body with two spellings of one
// field decodes the same way every time.
func TestDecodeCertificateDeterministic(t *testing.T) {
	t.Parallel()
	body := `{"sha1":"ab","fingerprint":"x","issuerCommonName":"First","issuerCommonname":"Second","issuercommonname":"Third"}`
	var first string
	for i := range 50 {
		c, err := DecodeCertificates(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		got := c.Results[0].Issuer.CommonName
		if i == 0 {
			first = got
		} else if got != first {
			t.Fatalf("decode %d: issuer %q, first time %q", i, got, first)
		}
	}
}
