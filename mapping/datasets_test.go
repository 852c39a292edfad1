package mapping

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// observedAt is the fixed observation time of the dataset goldens.
var observedAt = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// decodeDataset decodes a saved dataset body of the root package's
// testdata.
func decodeDataset(t testing.TB, name string) any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "datasets", name))
	if err != nil {
		t.Fatal(err)
	}
	_, v, err := passivetotal.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustEntity(t testing.TB, v string, markings ...string) Entity {
	t.Helper()
	e, err := NewEntity(v, markings...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestGoldenDatasets maps each dataset fixture (their quirks: N/A, junk
// subdomains, a self-pair, a single name server, "N/A" addresses) and
// compares the bundle and skips with testdata/golden/dataset_*.
func TestGoldenDatasets(t *testing.T) {
	t.Parallel()
	const domain, ip = "example-shop.com", "203.0.113.10"
	tests := []struct {
		golden, file, entity string
		tlp                  stix.TLP
	}{
		{"dataset_whois", "whois.json", "", stix.TLPGreen},
		{"dataset_whois_history", "whois_history.json", domain, 0},
		{"dataset_certificates", "ssl_certificate.json", "www." + domain, 0},
		{"dataset_certificate_history", "ssl_certificate_history.json", ip, stix.TLPAmber},
		{"dataset_subdomains", "subdomains.json", "", 0},
		{"dataset_summary_ip", "enrichment_ip.json", "", 0},
		{"dataset_summary_domain", "enrichment_domain.json", "", 0},
		{"dataset_components", "components.json", "www." + domain, 0},
		{"dataset_trackers", "trackers.json", "", 0},
		{"dataset_cookies", "cookies.json", "www." + domain, 0},
		{"dataset_hostpairs", "hostpairs.json", "www." + domain, 0},
		{"dataset_services", "services.json", ip, 0},
		{"dataset_reputation", "reputation.json", domain, stix.TLPAmber},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			var e Entity
			if tt.entity != "" {
				e = mustEntity(t, tt.entity)
			}
			r, err := Dataset(e, decodeDataset(t, tt.file), HostOptions{TLP: tt.tlp, Observed: observedAt})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Objects) < 2 && tt.file != "enrichment_domain.json" { // a domain's summary has no AS or country
				t.Errorf("only %d objects", len(r.Objects))
			}
			golden(t, tt.golden, checkResult(t, r), r.Skips)
		})
	}
}

// TestDatasetsBadInput feeds each mapper the bad inputs the issue names
// and checks the recorded skips: nothing panics, every bundle validates.
func TestDatasetsBadInput(t *testing.T) {
	t.Parallel()
	host := mustEntity(t, "bad.example")
	addr := mustEntity(t, "198.51.100.7")
	hostile := "evil\x00\n'\"\\" + strings.Repeat("x", 70_000) + "\xff"
	far := passivetotal.Time{Time: time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC)}
	day := func(s string) passivetotal.Time { return passivetotal.NewTime(mustParse(t, s)) }
	tests := []struct {
		name      string
		run       func() (*Result, error)
		wantSkips []string // reasons that must appear
		wantTypes []string // object types that must appear
	}{
		{"invalid certificates", func() (*Result, error) {
			return Certificates(host, &passivetotal.SSLCertificates{Results: []passivetotal.SSLCertificate{
				{SHA1: "abc"},
				{SHA1: strings.Repeat("z", 40)},
				{SHA1: strings.Repeat("a", 40), IssueDate: day("2026-01-01"), ExpirationDate: day("2025-01-01")},
				{SHA1: strings.Repeat("b", 40), SerialNumber: hostile, Subject: passivetotal.CertificateName{CommonName: hostile}},
			}}, &passivetotal.CertificateHistory{Results: []passivetotal.CertificateSighting{{SHA1: "nothex", FirstSeen: day("2025-01-01"), LastSeen: day("2024-01-01")}}}, HostOptions{})
		}, []string{"invalid certificate: SHA-1 is not 40 hex digits", "invalid certificate: expirationDate is before issueDate"}, nil},
		{"WHOIS with no contacts", func() (*Result, error) {
			return Whois(host, &passivetotal.WhoisRecord{Domain: "bad.example", Registrar: "R", Registered: far}, HostOptions{})
		}, nil, []string{stix.TypeIdentity, stix.TypeNote}},
		{"WHOIS hostile strings", func() (*Result, error) {
			return Whois(host, &passivetotal.WhoisRecord{Registrar: hostile, ContactEmail: hostile, NameServers: []string{hostile, "ns1.bad.example"},
				Contacts: []passivetotal.WhoisContact{{Role: "admin", Email: "a@" + hostile}}, RawText: hostile}, HostOptions{})
		}, []string{"not a valid e-mail address", "not a valid hostname"}, []string{stix.TypeDomainName}},
		{"dates out of range", func() (*Result, error) {
			return Components(host, &passivetotal.Components{Results: []passivetotal.Component{
				{Label: "nginx", FirstSeen: far, LastSeen: far},
				{Label: "apache", FirstSeen: day("2025-01-02"), LastSeen: day("2025-01-01")},
			}}, HostOptions{})
		}, []string{"lastSeen is before firstSeen"}, []string{stix.TypeSoftware}},
		{"hostile pivots", func() (*Result, error) {
			return Trackers(host, &passivetotal.Trackers{Results: []passivetotal.Tracker{{Type: "GoogleAnalyticsTrackingId", Value: hostile}, {Type: "", Value: "UA-1"}, {Type: "X", Value: ""}}}, HostOptions{})
		}, []string{"no type", "no value"}, nil},
		{"self pair and strangers", func() (*Result, error) {
			return HostPairs(host, &passivetotal.HostPairs{Results: []passivetotal.HostPair{
				{Parent: "bad.example", Child: "BAD.example."}, {Parent: "a.example", Child: "b.example"}, {Parent: hostile, Child: "bad.example"},
			}}, HostOptions{})
		}, []string{"a host paired with itself", "neither host is the entity", "not a valid hostname"}, nil},
		{"ports out of range", func() (*Result, error) {
			return Services(addr, &passivetotal.Services{Results: []passivetotal.ServicePort{{Port: 0}, {Port: 70000}, {Port: 8443, Banners: []passivetotal.ServiceBanner{{Banner: hostile}}}}}, HostOptions{})
		}, []string{"port number out of range"}, []string{stix.TypeNote}},
		{"summary junk", func() (*Result, error) {
			return HostSummary(addr, &passivetotal.HostSummary{AutonomousSystemNumber: 0, Country: "Nowhere"}, HostOptions{})
		}, []string{"not an ISO 3166-1 alpha-2 country code"}, nil},
		{"subdomain junk", func() (*Result, error) {
			return Subdomains(Entity{}, &passivetotal.Subdomains{QueryValue: "*.bad.example", Subdomains: []string{"203.0.113.9\x1abad.example", hostile, "ok"}}, HostOptions{})
		}, []string{"not a valid hostname"}, []string{stix.TypeDomainName}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := tt.run()
			if err != nil {
				t.Fatal(err)
			}
			b := checkResult(t, r)
			reasons := map[string]bool{}
			for _, s := range r.Skips {
				reasons[s.Reason] = true
				if len(s.Item) > 400 {
					t.Errorf("skip item not shortened: %d bytes", len(s.Item))
				}
			}
			for _, want := range tt.wantSkips {
				if !reasons[want] {
					t.Errorf("no skip %q in %v", want, r.Skips)
				}
			}
			types := map[string]bool{}
			for _, o := range b.Objects {
				types[o.Type()] = true
			}
			for _, want := range tt.wantTypes {
				if !types[want] {
					t.Errorf("no %s in the bundle", want)
				}
			}
		})
	}
}

func mustParse(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := passivetotal.ParseTime(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestMerge: the results of several datasets about one entity merge into
// one valid bundle with every ID once, the entity carrying the reputation
// score, the markings of both and the skips of both.
func TestMerge(t *testing.T) {
	t.Parallel()
	e := mustEntity(t, "example-shop.com")
	rep, err := Dataset(e, decodeDataset(t, "reputation.json"), HostOptions{TLP: stix.TLPAmber, Observed: observedAt})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := Dataset(e, decodeDataset(t, "subdomains.json"), HostOptions{Observed: observedAt})
	if err != nil {
		t.Fatal(err)
	}
	m := Merge(sub, nil, rep)
	b := checkResult(t, m)
	seen := map[string]bool{}
	for _, o := range b.Objects {
		if seen[o.StixID()] {
			t.Errorf("%s twice", o.StixID())
		}
		seen[o.StixID()] = true
	}
	if len(m.Objects) != len(sub.Objects)+len(rep.Objects)-1 {
		t.Errorf("%d objects from %d and %d sharing the entity", len(m.Objects), len(sub.Objects), len(rep.Objects))
	}
	if d, ok := m.Objects[0].(*stix.DomainName); !ok || d.Custom["x_opencti_score"] != 87 {
		t.Errorf("entity = %#v, want the scored one", m.Objects[0])
	}
	if len(m.Markings) != 1 || m.Markings[0].ID != stix.TLPAmber.ID() {
		t.Errorf("markings = %v", m.Markings)
	}
	if len(m.Skips) != len(sub.Skips)+len(rep.Skips) {
		t.Errorf("skips = %v", m.Skips)
	}
}

// TestHostSummaryCountry: a country code becomes the location OpenCTI
// holds for that country (its English name, its ID); an unassigned code
// is a skip.
func TestHostSummaryCountry(t *testing.T) {
	t.Parallel()
	addr := mustEntity(t, "198.51.100.7")
	for _, tt := range []struct{ code, name string }{{"nl", "Netherlands"}, {"KR", "South Korea"}, {"XX", ""}} {
		r, err := HostSummary(addr, &passivetotal.HostSummary{Country: tt.code}, HostOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, r)
		var loc *stix.Location
		for _, o := range r.Objects {
			if l, ok := o.(*stix.Location); ok {
				loc = l
			}
		}
		if tt.name == "" {
			if loc != nil || len(r.Skips) != 1 {
				t.Errorf("%s: location %v, skips %v", tt.code, loc, r.Skips)
			}
			continue
		}
		want, _ := stix.LocationID(stix.PolicyOpenCTI, tt.name, stix.LocationTypeCountry)
		if loc == nil || loc.Name != tt.name || loc.ID != want || loc.Country != strings.ToUpper(tt.code) {
			t.Errorf("%s: location %+v, want %s %s", tt.code, loc, tt.name, want)
		}
	}
}
