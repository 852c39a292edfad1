package mdti_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
)

func vulnScoreOf(f float64) *float64 { return &f }

func TestDecodeVulnerability(t *testing.T) {
	t.Parallel()
	got, err := mdti.DecodeVulnerability(bytes.NewReader(profileFixture(t, "vulnerabilities", "vulnerability.json")))
	if err != nil {
		t.Fatal(err)
	}
	want := &mdti.Vulnerability{
		ID: "CVE-2021-44228", PriorityScore: 100, Severity: "high",
		CVSS2:  &mdti.CVSSSummary{Score: vulnScoreOf(9.3), Severity: "high", VectorString: "AV:N/AC:M/Au:N/C:C/I:C/A:C"},
		CVSS3:  &mdti.CVSSSummary{Score: vulnScoreOf(10), Severity: "critical", VectorString: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"},
		CWEIDs: []string{"CWE-20", "CWE-400", "cwe-502", "not a cwe"},
		Description: mdti.FormattedText{
			Content: "A **remote code execution** flaw in an example logging library lets an attacker run code via crafted lookups.", Format: "markdown",
		},
		Remediation: mdti.FormattedText{Content: "##### Upgrade the library", Format: "markdown"},
		Exploits:    []mdti.Hyperlink{{Name: "Example exploit write-up", URL: "https://exploits.example.com/165225"}},
		References: []mdti.Hyperlink{
			{Name: "Vendor advisory", URL: "https://advisories.example.org/2021/12/log"},
			{Name: "no url here"},
		},
		ExploitsAvailable: true, ActiveExploitsObserved: true, HasChatter: true,
		Created:      profileTimeAt("2021-11-27T13:18:28.240Z", 2021, 11, 27, 13, 18, 28, 240e6),
		LastModified: profileTimeAt("2023-02-06T18:53:00.000Z", 2023, 2, 6, 18, 53, 0, 0),
		Published:    profileTimeAt("2021-12-10T18:15:00.000Z", 2021, 12, 10, 18, 15, 0, 0),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DecodeVulnerability (-want +got):\n%s", diff)
	}
}

func TestDecodeVulnerabilityLenient(t *testing.T) {
	t.Parallel()
	got, err := mdti.DecodeVulnerability(bytes.NewReader(profileFixture(t, "vulnerabilities", "lenient.json")))
	if err != nil {
		t.Fatal(err)
	}
	want := &mdti.Vulnerability{
		ID: "CVE-2020-0001", PriorityScore: 55, Severity: "medium",
		// cvss2Summary held nothing usable: nil, not an empty summary.
		CVSS3:       &mdti.CVSSSummary{Score: vulnScoreOf(7.5), Severity: "high", VectorString: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"},
		CWEIDs:      []string{"CWE-79"},
		Description: mdti.FormattedText{Content: "plain description", Format: "text"},
		Exploits:    []mdti.Hyperlink{{URL: "https://exploits.example.com/1"}},
		HasChatter:  true,
		Created:     passivetotal.Time{Time: time.UnixMilli(1600000000000).UTC(), Raw: "1600000000000"},
		LastModified: passivetotal.Time{
			Time: time.Date(2020, 9, 13, 12, 26, 40, 0, time.UTC), Raw: "2020-09-13 12:26:40",
		},
		Published: passivetotal.Time{Raw: "garbage"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lenient vulnerability (-want +got):\n%s", diff)
	}
}

func TestCVSSScores(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want *float64
	}{
		{`{"score": 0}`, vulnScoreOf(0)},
		{`{"score": 4.3}`, vulnScoreOf(4.3)},
		{`{"score": "6.1"}`, vulnScoreOf(6.1)},
		{`{"score": 10.5}`, nil},
		{`{"score": -1}`, nil},
		{`{"score": "NaN"}`, nil},
		{`{"score": "Infinity"}`, nil},
		{`{"score": true}`, nil},
		{`{"score": [1]}`, nil},
		{`{"score": null}`, nil},
		{`{}`, nil},
	}
	for _, tc := range tests {
		var s mdti.CVSSSummary
		if err := json.Unmarshal([]byte(tc.in), &s); err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, s.Score); diff != "" {
			t.Errorf("%s: vulnScoreOf (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestDecodeVulnerabilityComponentsAndArticles(t *testing.T) {
	t.Parallel()
	comps, err := mdti.DecodeVulnerabilityComponents(bytes.NewReader(profileFixture(t, "vulnerabilities", "components.json")))
	if err != nil {
		t.Fatal(err)
	}
	wantComps := &mdti.VulnerabilityComponentList{Count: 3, Components: []mdti.VulnerabilityComponent{
		{ID: "comp-1", Name: "Example Log Library 2.14.1"}, {ID: "comp-2", Name: "Example Application Server"}, {ID: "comp-3"},
	}}
	if diff := cmp.Diff(wantComps, comps); diff != "" {
		t.Errorf("components (-want +got):\n%s", diff)
	}
	arts, err := mdti.DecodeVulnerabilityArticles(bytes.NewReader(profileFixture(t, "vulnerabilities", "articles.json")))
	if err != nil {
		t.Fatal(err)
	}
	wantArts := &mdti.VulnerabilityArticleList{Articles: []mdti.VulnerabilityArticle{
		{
			ID: "art-1", Title: "Exploitation of the logging flaw",
			Summary: mdti.FormattedText{Content: "Actors exploit CVE-2021-44228.", Format: "text"},
			Tags:    []string{"CVE-2021-44228", "Example Tempest"},
			Created: profileTimeAt("2021-12-12T00:00:00Z", 2021, 12, 12, 0, 0, 0, 0), LastUpdated: profileTimeAt("2021-12-13T00:00:00Z", 2021, 12, 13, 0, 0, 0, 0),
		},
		{ID: "art-2", Title: "Second look", Created: profileTimeAt("2022-01-02T03:04:05Z", 2022, 1, 2, 3, 4, 5, 0)},
	}}
	if diff := cmp.Diff(wantArts, arts); diff != "" {
		t.Errorf("articles (-want +got):\n%s", diff)
	}
}

func TestVulnerabilityBodyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   string
		decode func(io.Reader) error
		is     error
	}{
		{"not found", `{"error":{"code":"NotFound","message":"no such CVE"}}`, vulnDecode, passivetotal.ErrNotFound},
		{"collection for one", `{"value":[]}`, vulnDecode, passivetotal.ErrInvalidResponse},
		{"one for a collection", `{"id":"comp-1","name":"x"}`, vulnDecodeComponents, passivetotal.ErrInvalidResponse},
		{"articles: PassiveTotal shape", `{"success":true,"totalRecords":0,"articles":[]}`, vulnDecodeArticles, passivetotal.ErrInvalidResponse},
		{"vulnerability: bad member type", `{"id":"CVE-1","cvss3Summary":[1,2]}`, vulnDecode, passivetotal.ErrInvalidResponse},
		{"components: not JSON", `value: []`, vulnDecodeComponents, passivetotal.ErrInvalidResponse},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.decode(bytes.NewReader([]byte(tc.body)))
			if !errors.Is(err, tc.is) {
				t.Errorf("error %v does not match %v", err, tc.is)
			}
			var se *mdti.SavedBodyError
			if !errors.As(err, &se) {
				t.Errorf("error %T is not a *SavedBodyError", err)
			}
		})
	}
}

func vulnDecode(r io.Reader) error {
	_, err := mdti.DecodeVulnerability(r)
	return err
}

func vulnDecodeComponents(r io.Reader) error {
	_, err := mdti.DecodeVulnerabilityComponents(r)
	return err
}

func vulnDecodeArticles(r io.Reader) error {
	_, err := mdti.DecodeVulnerabilityArticles(r)
	return err
}

func TestVulnerabilityRoundTrip(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"vulnerability.json", "lenient.json"} {
		v, err := mdti.DecodeVulnerability(bytes.NewReader(profileFixture(t, "vulnerabilities", name)))
		if err != nil {
			t.Fatal(err)
		}
		profileAssertRoundTrip(t, v, mdti.DecodeVulnerability)
	}
	c, err := mdti.DecodeVulnerabilityComponents(bytes.NewReader(profileFixture(t, "vulnerabilities", "components.json")))
	if err != nil {
		t.Fatal(err)
	}
	profileAssertRoundTrip(t, c, mdti.DecodeVulnerabilityComponents)
	a, err := mdti.DecodeVulnerabilityArticles(bytes.NewReader(profileFixture(t, "vulnerabilities", "articles.json")))
	if err != nil {
		t.Fatal(err)
	}
	profileAssertRoundTrip(t, a, mdti.DecodeVulnerabilityArticles)
}

// profileAssertRoundTrip marshals v and decodes it back with decode.
func profileAssertRoundTrip[T any](t testing.TB, v *T, decode func(io.Reader) (*T, error)) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	back, err := decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	if diff := cmp.Diff(v, back); diff != "" {
		t.Errorf("round trip of %T (-first +second):\n%s\nJSON: %s", v, diff, b)
	}
}
