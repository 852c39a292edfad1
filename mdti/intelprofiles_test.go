package mdti_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
)

func profileFixture(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// profileTimeAt is a Time as the decoder builds it from text.
func profileTimeAt(raw string, y int, mo time.Month, d, h, mi, s, ns int) passivetotal.Time {
	return passivetotal.Time{Time: time.Date(y, mo, d, h, mi, s, ns, time.UTC), Raw: raw}
}

func TestDecodeIntelProfiles(t *testing.T) {
	t.Parallel()
	got, err := mdti.DecodeIntelProfiles(bytes.NewReader(profileFixture(t, "profiles", "list.json")))
	if err != nil {
		t.Fatal(err)
	}
	want := &mdti.IntelProfileList{
		Count:    3,
		NextLink: "https://graph.microsoft.com/v1.0/security/threatIntelligence/intelProfiles?$count=true&$top=2&$skip=2",
		Profiles: []mdti.IntelProfile{
			{
				ID:      "b7c1a0f4e2d94a7c8e1f00aa11bb22cc33dd44ee55ff6677889900aabbccddee",
				Kind:    mdti.ProfileKindActor,
				Title:   "Example Tempest",
				Aliases: []string{"EXAMPLE-GROUP-1", "Paper Heron"},
				Summary: mdti.FormattedText{Content: "Example Tempest is a financially motivated group tracked since 2019.", Format: "text"},
				Description: mdti.FormattedText{
					Content: "## Snapshot\r\nExample Tempest **targets** banks with [phishing](https://example.com/p) lures.", Format: "markdown",
				},
				Tradecraft:  mdti.FormattedText{Content: "<p>Uses <b>spear phishing</b> &amp; custom loaders.</p>", Format: "html"},
				FirstActive: profileTimeAt("2019-06-01T00:00:00Z", 2019, 6, 1, 0, 0, 0, 0),
				Targets:     []string{"Financial Services: Banking", "Government Agencies & Services: Defense", "Ukraine"},
				Origins:     []mdti.ProfileOrigin{{Code: "RU", Label: "Russia"}},
			},
			{
				ID: "tool-0001", Kind: mdti.ProfileKindTool, Title: "ExampleLoader", Aliases: []string{"ExLoad"},
				Summary:     mdti.FormattedText{Content: "ExampleLoader is a modular downloader.", Format: "text"},
				Tradecraft:  mdti.FormattedText{Format: "markdown"},
				FirstActive: profileTimeAt("2020-02-24T00:00:00Z", 2020, 2, 24, 0, 0, 0, 0),
			},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DecodeIntelProfiles (-want +got):\n%s", diff)
	}
}

func TestDecodeIntelProfile(t *testing.T) {
	t.Parallel()
	got, err := mdti.DecodeIntelProfile(bytes.NewReader(profileFixture(t, "profiles", "profile.json")))
	if err != nil {
		t.Fatal(err)
	}
	want := &mdti.IntelProfile{
		ID: "a1b2c3d4", Kind: "actor", Title: "Sample Blizzard", Aliases: []string{"SAMPLE-7", "Cobalt Example"},
		Summary:     mdti.FormattedText{Content: "Sample Blizzard conducts espionage.", Format: "text"},
		Description: mdti.FormattedText{Content: "Sample Blizzard has been active since 2013.", Format: "text"},
		Tradecraft:  mdti.FormattedText{Content: "- Password spraying\n- Web shells", Format: "markdown"},
		FirstActive: profileTimeAt("2013-03-01T00:00:00Z", 2013, 3, 1, 0, 0, 0, 0),
		Targets:     []string{"Non-Government Organization: Human Rights Organization", "Germany"},
		// The code is upper-cased; the origin with neither code nor label is dropped.
		Origins: []mdti.ProfileOrigin{{Code: "IR", Label: "Iran"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DecodeIntelProfile (-want +got):\n%s", diff)
	}
}

func TestDecodeIntelProfilesLenient(t *testing.T) {
	t.Parallel()
	got, err := mdti.DecodeIntelProfiles(bytes.NewReader(profileFixture(t, "profiles", "lenient.json")))
	if err != nil {
		t.Fatal(err)
	}
	want := &mdti.IntelProfileList{
		Count: 2,
		Profiles: []mdti.IntelProfile{{
			ID: "12345", Kind: "actor", Title: "42", Aliases: []string{"Lonely Alias"},
			Summary:     mdti.FormattedText{Content: "a plain string summary", Format: "text"},
			Tradecraft:  mdti.FormattedText{Content: "7"},
			FirstActive: passivetotal.Time{Raw: "N/A"},
			Origins:     []mdti.ProfileOrigin{{Code: "KP"}},
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lenient page (-want +got):\n%s", diff)
	}
}

func TestDecodeIntelProfileIndicators(t *testing.T) {
	t.Parallel()
	got, err := mdti.DecodeIntelProfileIndicators(bytes.NewReader(profileFixture(t, "profiles", "indicators.json")))
	if err != nil {
		t.Fatal(err)
	}
	if got.Count != 8 || len(got.Indicators) != 8 || got.NextLink != "" {
		t.Fatalf("count %d, %d indicators, next %q; want 8, 8, none", got.Count, len(got.Indicators), got.NextLink)
	}
	want := []mdti.IntelProfileIndicator{
		{
			ID: "ind-1", Source: "microsoft",
			FirstSeen: profileTimeAt("2022-05-02T23:09:20.000Z", 2022, 5, 2, 23, 9, 20, 0),
			LastSeen:  profileTimeAt("2022-06-01T00:00:00Z", 2022, 6, 1, 0, 0, 0, 0),
			Artifact:  mdti.ProfileArtifact{Type: "hostname", ID: "login-example.net"},
		},
		{
			ID: "ind-2", Source: "osint",
			FirstSeen: profileTimeAt("2021-01-10T10:00:00Z", 2021, 1, 10, 10, 0, 0, 0),
			Artifact:  mdti.ProfileArtifact{Type: "ipAddress", ID: "198.51.100.23"},
		},
		{
			ID: "ind-3", Source: "public",
			FirstSeen: profileTimeAt("2021-03-04T05:06:07Z", 2021, 3, 4, 5, 6, 7, 0),
			LastSeen:  profileTimeAt("2021-03-05T05:06:07Z", 2021, 3, 5, 5, 6, 7, 0),
			Artifact:  mdti.ProfileArtifact{Type: "unclassifiedArtifact", ID: "u-1", Kind: "url", Value: `http://login-example.net/a'b\c`},
		},
	}
	if diff := cmp.Diff(want, got.Indicators[:3]); diff != "" {
		t.Errorf("first indicators (-want +got):\n%s", diff)
	}
	if a := got.Indicators[4].Artifact; a.Type != "sslCertificate" || a.SHA1 != "da39a3ee5e6b4b0d3255bfef95601890afd80709" {
		t.Errorf("certificate artifact = %+v", a)
	}
	if ind := got.Indicators[6]; ind.FirstSeen.Valid() || ind.FirstSeen.Raw != "not a date" {
		t.Errorf("unreadable firstSeen = %+v, want zero with the text kept", ind.FirstSeen)
	}
}

func TestSavedBodyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   []byte
		decode func([]byte) error
		is     error  // matched with errors.Is
		text   string // in the message
	}{
		{"graph error", profileFixture(t, "profiles", "error.json"), profileDecodeProfiles, passivetotal.ErrNotFound, `"itemNotFound"`},
		{"graph error, single", profileFixture(t, "profiles", "error.json"), profileDecodeProfile, passivetotal.ErrNotFound, "was not found"},
		{"throttled", []byte(`{"error":{"code":"TooManyRequests","message":"slow down"}}`), profileDecodeIndicators, passivetotal.ErrThrottled, "slow down"},
		{"forbidden", []byte(`{"error":{"code":"Forbidden","message":"no ThreatIntelligence.Read.All"}}`), profileDecodeProfiles, passivetotal.ErrNotPermitted, "Forbidden"},
		{"unauthorized", []byte(`{"error":{"code":"InvalidAuthenticationToken","message":"expired"}}`), profileDecodeProfile, passivetotal.ErrUnauthorized, "expired"},
		{"error without code", []byte(`{"error":{}}`), profileDecodeProfiles, nil, "without code"},
		{"passivetotal body", profileFixture(t, "profiles", "passivetotal.json"), profileDecodeProfiles, passivetotal.ErrInvalidResponse, "not a Graph collection"},
		{"collection where one belongs", profileFixture(t, "profiles", "list.json"), profileDecodeProfile, passivetotal.ErrInvalidResponse, "collection page"},
		{"no id", []byte(`{"title":"x"}`), profileDecodeProfile, passivetotal.ErrInvalidResponse, `no "id"`},
		{"array body", []byte(`[{"id":"x"}]`), profileDecodeProfiles, passivetotal.ErrInvalidResponse, "not a JSON object"},
		{"empty body", []byte("  \n"), profileDecodeProfiles, passivetotal.ErrInvalidResponse, "empty"},
		{"html page", []byte("<html><title>Sign in</title></html>"), profileDecodeProfile, passivetotal.ErrInvalidResponse, "not a JSON object"},
		{"truncated", []byte(`{"value":[{"id":"x"`), profileDecodeProfiles, passivetotal.ErrInvalidResponse, "malformed JSON"},
		{"wrong type inside", []byte(`{"value":[{"id":{"a":1}}]}`), profileDecodeProfiles, passivetotal.ErrInvalidResponse, "decoding"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.decode(tc.body)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %q does not mention %q", err, tc.text)
			}
		})
	}
}

func TestSavedBodyErrorDetails(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 2000)
	_, err := mdti.DecodeIntelProfile(strings.NewReader(`{"error":{"code":"itemNotFound","message":"` + long + `","innerError":{"request-id":"rid-1"}}}`))
	var se *mdti.SavedBodyError
	if !errors.As(err, &se) {
		t.Fatalf("error %T is not a *SavedBodyError", err)
	}
	if se.RequestID != "rid-1" || se.Code != "itemNotFound" || len(se.Message) > 600 {
		t.Errorf("details = code %q, request %q, message of %d bytes", se.Code, se.RequestID, len(se.Message))
	}
	if errors.Is(err, passivetotal.ErrThrottled) || errors.Is(err, passivetotal.ErrInvalidResponse) {
		t.Error("a not-found body matches another sentinel")
	}
}

func profileDecodeProfiles(b []byte) error {
	_, err := mdti.DecodeIntelProfiles(bytes.NewReader(b))
	return err
}

func profileDecodeProfile(b []byte) error {
	_, err := mdti.DecodeIntelProfile(bytes.NewReader(b))
	return err
}

func profileDecodeIndicators(b []byte) error {
	_, err := mdti.DecodeIntelProfileIndicators(bytes.NewReader(b))
	return err
}

// TestReferenceSamples reads the doc-derived Graph bodies of the shared
// reference folder: the OData envelope and the error shape must read as
// Graph documents them.
func TestReferenceSamples(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("PTSTIX_PT_SAMPLES")
	if dir == "" {
		t.Skip("PTSTIX_PT_SAMPLES is not set (.ci/run sets it to ../shared/reference/pt-samples)")
	}
	env, err := os.ReadFile(filepath.Join(dir, "mdti_paged_envelope.json"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := mdti.DecodeIntelProfiles(bytes.NewReader(env))
	if err != nil {
		t.Fatal(err)
	}
	if page.Count != 1234 || !strings.Contains(page.NextLink, "$skip=100") || len(page.Profiles) != 0 {
		t.Errorf("envelope = count %d, next %q, %d profiles", page.Count, page.NextLink, len(page.Profiles))
	}
	errBody, err := os.ReadFile(filepath.Join(dir, "mdti_error.json"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = mdti.DecodeVulnerability(bytes.NewReader(errBody))
	var se *mdti.SavedBodyError
	if !errors.As(err, &se) || !errors.Is(err, passivetotal.ErrThrottled) || se.RequestID == "" {
		t.Errorf("error sample: %v", err)
	}
}

// TestRoundTrip: a decoded value marshals to Graph's shape and reads back
// the same, so saved pages can be rewritten by tools.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"list.json", "lenient.json"} {
		p, err := mdti.DecodeIntelProfiles(bytes.NewReader(profileFixture(t, "profiles", name)))
		if err != nil {
			t.Fatal(err)
		}
		profileAssertRoundTrip(t, p, mdti.DecodeIntelProfiles)
	}
	ind, err := mdti.DecodeIntelProfileIndicators(bytes.NewReader(profileFixture(t, "profiles", "indicators.json")))
	if err != nil {
		t.Fatal(err)
	}
	profileAssertRoundTrip(t, ind, mdti.DecodeIntelProfileIndicators)
}
