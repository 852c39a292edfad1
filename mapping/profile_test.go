package mapping

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/stix"
)

// readInput decodes a saved Graph body under testdata/input.
func profileInput[T any](t testing.TB, name string, decode func(r *bytes.Reader) (*T, error)) *T {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "input", name))
	if err != nil {
		t.Fatal(err)
	}
	v, err := decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func actorProfile(t testing.TB) (mdti.IntelProfile, []mdti.IntelProfileIndicator) {
	p := profileInput(t, "profile_actor.json", func(r *bytes.Reader) (*mdti.IntelProfile, error) { return mdti.DecodeIntelProfile(r) })
	inds := profileInput(t, "profile_actor_indicators.json", func(r *bytes.Reader) (*mdti.IntelProfileIndicatorList, error) {
		return mdti.DecodeIntelProfileIndicators(r)
	})
	return *p, inds.Indicators
}

func toolProfile(t testing.TB) mdti.IntelProfile {
	return *profileInput(t, "profile_tool.json", func(r *bytes.Reader) (*mdti.IntelProfile, error) { return mdti.DecodeIntelProfile(r) })
}

// hostileProfile has the strings that break naive mappers: quotes,
// backslashes, newlines, NUL, invalid UTF-8, a 100 kB value, dates out of
// STIX's range.
func hostileProfile() (mdti.IntelProfile, []mdti.IntelProfileIndicator) {
	big := strings.Repeat("B", 100*1024)
	p := mdti.IntelProfile{
		ID: "id'with\\quote\x00", Kind: "actor", Title: "Bad \"Actor\" \\ 'quoted'\n\xff",
		Aliases:     []string{"", " ", "alias\x00nul", "bad\xffutf8", big},
		Summary:     mdti.FormattedText{Content: "<script>alert('x')</script>\x00", Format: "html"},
		Tradecraft:  mdti.FormattedText{Content: "# Heading\n\n\n\n`code` __bold__ ![img](http://x/y.png)", Format: "markdown"},
		FirstActive: passivetotal.Time{Raw: "0000-01-01"},
		Targets:     []string{"", "\x00", "Sector: \"Quoted\"\n", "fr", "United Kingdom", big},
		Origins:     []mdti.ProfileOrigin{{}, {Code: "XX"}, {Label: "Korea (North)"}},
	}
	seen := func(s string) passivetotal.Time {
		tt, _ := time.Parse(time.RFC3339, s)
		return passivetotal.Time{Time: tt, Raw: s}
	}
	inds := []mdti.IntelProfileIndicator{
		{Source: "microsoft", FirstSeen: seen("2021-01-01T00:00:00Z"), Artifact: mdti.ProfileArtifact{Type: "hostname", ID: "o'brien.example"}},
		{Source: "public", FirstSeen: seen("2021-01-01T00:00:00Z"), Artifact: mdti.ProfileArtifact{Type: "unclassifiedArtifact", Kind: "url", Value: "http://x.example/'\\\n"}},
		{Source: "public", Artifact: mdti.ProfileArtifact{Type: "unclassifiedArtifact", Kind: "filename", Value: "O'Brien\\invoice.exe"}},
		{Source: "public", Artifact: mdti.ProfileArtifact{Type: "unclassifiedArtifact", Kind: "url", Value: "https://x.example/" + big}},
		{Source: "public", Artifact: mdti.ProfileArtifact{Type: "ipAddress", ID: "999.1.1.1"}},
		{Source: "public", Artifact: mdti.ProfileArtifact{Type: "unclassifiedArtifact", Kind: "hash_md5", Value: strings.Repeat("a", 40)}},
		{Source: "public", Artifact: mdti.ProfileArtifact{}},
		{Source: "\xff", Artifact: mdti.ProfileArtifact{Type: "bad\xfftype", ID: "x"}},
	}
	return p, inds
}

func TestGoldenProfiles(t *testing.T) {
	t.Parallel()
	actor, inds := actorProfile(t)
	hostile, hostileInds := hostileProfile()
	tests := []struct {
		name string
		p    mdti.IntelProfile
		inds []mdti.IntelProfileIndicator
		opts ProfileOptions
	}{
		{"profile_actor_intrusion_set", actor, inds, ProfileOptions{}},
		{"profile_actor_threat_actor", actor, inds, ProfileOptions{ThreatActor: true, NoObservables: true}},
		{"profile_tool_malware", toolProfile(t), nil, ProfileOptions{}},
		{"profile_tool_tool", toolProfile(t), nil, ProfileOptions{Tool: true, PublicTLP: stix.TLPGreen, NonPublicTLP: stix.TLPRed}},
		{"profile_hostile", hostile, hostileInds, ProfileOptions{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, skips, err := ProfileBundle(tc.p, tc.inds, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			checkBundle(t, b)
			golden(t, tc.name, b, skips)
		})
	}
}

// TestProfileIndicators checks the sightings and markings rules on the
// actor fixture, independently of the golden file.
func TestProfileIndicators(t *testing.T) {
	t.Parallel()
	p, inds := actorProfile(t)
	r, err := Profile(p, inds, ProfileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	main := r.Objects[0].(*stix.IntrusionSet)
	if main.Name != "Example Tempest" || !cmp.Equal(main.Aliases, []string{"EXAMPLE-GROUP-1", "Paper Heron"}) {
		t.Errorf("intrusion-set %q aliases %q", main.Name, main.Aliases)
	}
	indicators := map[string]*stix.Indicator{}
	indicates := map[string]*stix.Relationship{}
	for _, o := range r.Objects {
		switch v := o.(type) {
		case *stix.Indicator:
			indicators[v.Name] = v
		case *stix.Relationship:
			if v.RelationshipType == stix.RelationshipIndicates {
				if v.TargetRef != main.ID {
					t.Errorf("indicates %s targets %s, not the profile", v.ID, v.TargetRef)
				}
				indicates[v.SourceRef] = v
			}
		}
	}
	day := func(s string) time.Time { tt, _ := time.Parse(time.RFC3339, s); return tt }
	tests := []struct {
		name        string
		validFrom   time.Time
		start, stop time.Time
		tlp         stix.TLP // the indicator's
	}{
		// Two rows (microsoft and public) merge: earliest first, latest last, highest marking.
		{"login-example.net", day("2020-01-01T00:00:00Z"), day("2020-01-01T00:00:00Z"), day("2022-07-01T00:00:00Z"), stix.TLPAmber},
		{"198.51.100.23", day("2021-01-10T10:00:00Z"), day("2021-01-10T10:00:00Z"), time.Time{}, stix.TLPClear},
		// Equal first and last: no stop_time (it must be later than start_time).
		// The backslash reads as a slash, as a browser sends it (stix.NormalizeURL).
		{"http://login-example.net/a'b/c", day("2021-03-04T05:06:07Z"), day("2021-03-04T05:06:07Z"), time.Time{}, stix.TLPClear},
		// No sighting at all: valid from the profile's first activity, no times on the relationship.
		{"Operator@example.org", day("2019-06-01T00:00:00Z"), time.Time{}, time.Time{}, stix.TLPClear},
		// Last before first (a lying server): no stop_time.
		{"2001:db8::7", day("2021-02-02T00:00:00Z"), day("2021-02-02T00:00:00Z"), time.Time{}, stix.TLPAmber},
	}
	for _, tc := range tests {
		ind := indicators[tc.name]
		if ind == nil {
			t.Errorf("no indicator %q (have %v)", tc.name, profileKeys(indicators))
			continue
		}
		if !ind.ValidFrom.Time.Equal(tc.validFrom) {
			t.Errorf("%s: valid_from %v, want %v", tc.name, ind.ValidFrom.Time, tc.validFrom)
		}
		if !cmp.Equal(ind.ObjectMarkingRefs, []string{tc.tlp.ID()}) {
			t.Errorf("%s: markings %v, want %v", tc.name, ind.ObjectMarkingRefs, tc.tlp)
		}
		rel := indicates[ind.ID]
		if rel == nil {
			t.Errorf("%s: no indicates relationship", tc.name)
			continue
		}
		if !rel.StartTime.Time.Equal(tc.start) || !rel.StopTime.Time.Equal(tc.stop) {
			t.Errorf("%s: start %v stop %v, want %v %v", tc.name, rel.StartTime.Time, rel.StopTime.Time, tc.start, tc.stop)
		}
		// The relationship is never marked lower than the profile (AMBER).
		if !cmp.Equal(rel.ObjectMarkingRefs, []string{stix.TLPAmber.ID()}) {
			t.Errorf("%s: indicates marked %v", tc.name, rel.ObjectMarkingRefs)
		}
	}
	// Modified moves with the latest sighting; created is the first activity.
	if !main.Created.Time.Equal(day("2019-06-01T00:00:00Z")) || !main.Modified.Time.Equal(day("2022-07-01T00:00:00Z")) {
		t.Errorf("created %v modified %v", main.Created.Time, main.Modified.Time)
	}
}

func profileKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestProfileMapsToNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		p      mdti.IntelProfile
		reason string
	}{
		{"unknown kind", mdti.IntelProfile{ID: "x", Kind: "unknownFutureValue", Title: "X"}, `unsupported profile kind "unknownFutureValue"`},
		{"no kind", mdti.IntelProfile{ID: "x", Title: "X"}, `unsupported profile kind ""`},
		{"no title", mdti.IntelProfile{ID: "x", Kind: "actor", Title: " \x00 "}, "profile without a title"},
	}
	for _, tc := range tests {
		r, err := Profile(tc.p, []mdti.IntelProfileIndicator{{Artifact: mdti.ProfileArtifact{Type: "hostname", ID: "a.example"}}}, ProfileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Objects) != 0 || len(r.Skips) != 1 || r.Skips[0].Reason != tc.reason {
			t.Errorf("%s: %d objects, skips %v; want none and %q", tc.name, len(r.Objects), r.Skips, tc.reason)
		}
	}
}

func TestProfileOptionsValidate(t *testing.T) {
	t.Parallel()
	bad := []ProfileOptions{
		{PublicTLP: stix.TLP(99)},
		{NonPublicTLP: stix.TLP(99)},
		{Author: &stix.Identity{}},
		{Author: &stix.Identity{Name: "X", Common: stix.Common{ID: "report--00000000-0000-4000-8000-000000000000"}}},
	}
	for _, o := range bad {
		if o.Validate() == nil {
			t.Errorf("%+v: no error", o)
		}
		if _, err := Profile(mdti.IntelProfile{Kind: "actor", Title: "X"}, nil, o); err == nil {
			t.Errorf("%+v: Profile accepted the options", o)
		}
	}
	if err := (ProfileOptions{ThreatActor: true, Tool: true}).Validate(); err != nil {
		t.Error(err)
	}
}

func TestProfileDeterministic(t *testing.T) {
	t.Parallel()
	p, inds := actorProfile(t)
	var first []byte
	for range 3 {
		b, _, err := ProfileBundle(p, inds, ProfileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out, err := b.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = out
		} else if !bytes.Equal(first, out) {
			t.Fatal("same input, different bytes")
		}
	}
}

func TestProfilePlainText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   mdti.FormattedText
		want string
	}{
		{mdti.FormattedText{Content: "  plain *kept* snake_case  ", Format: "text"}, "plain *kept* snake_case"},
		{mdti.FormattedText{Content: "## Snapshot\r\nThe **actor** uses `tool`.", Format: "markdown"}, "Snapshot\nThe actor uses tool."},
		{mdti.FormattedText{Content: "See [report](https://x.example/r) and ![logo](https://x.example/l.png)", Format: "markdown"}, "See report (https://x.example/r) and logo"},
		{mdti.FormattedText{Content: "a\n\n\n\n\nb\n---\n> quoted", Format: "markdown"}, "a\n\nb\n\nquoted"},
		{mdti.FormattedText{Content: "<p>One &amp; two</p><p>Three<br/>Four</p><ul><li>x</li></ul>", Format: "html"}, "One & two\nThree\nFour\n- x"},
		{mdti.FormattedText{Content: "bad\xff\x00text", Format: ""}, "bad\uFFFDtext"},
		{mdti.FormattedText{}, ""},
	}
	for _, tc := range tests {
		if got := profilePlainText(tc.in); got != tc.want {
			t.Errorf("profilePlainText(%q, %q) = %q, want %q", tc.in.Content, tc.in.Format, got, tc.want)
		}
	}
}

func TestProfileCountryCode(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, code, name string }{
		{"RU", "RU", "Russia"}, {"ru", "RU", "Russia"}, {"Russia", "RU", "Russia"},
		{"Russian Federation", "RU", "Russia"}, {" united kingdom ", "GB", "United Kingdom"}, {"UK", "GB", "United Kingdom"},
		{"Korea (North)", "KP", "North Korea"}, {"South Korea", "KR", "South Korea"}, {"Côte d'Ivoire", "CI", "Côte d'Ivoire"},
		{"Ivory Coast", "CI", "Côte d'Ivoire"}, {"Bosnia and Herzegovina", "BA", "Bosnia and Herzegovina"},
		{"Bosnia & Herzegovina", "BA", "Bosnia and Herzegovina"},
		{"ZZ", "", ""}, {"Atlantis", "", ""}, {"", "", ""}, {"Financial Services: Banking", "", ""},
	}
	for _, tc := range tests {
		code, name, ok := profileCountryCode(tc.in)
		if code != tc.code || name != tc.name || ok != (tc.code != "") {
			t.Errorf("profileCountryCode(%q) = %q %q %v, want %q %q", tc.in, code, name, ok, tc.code, tc.name)
		}
	}
	// Every canonical name finds its own code again.
	for code, name := range profileCountries {
		if c, n, ok := profileCountryCode(name); !ok || c != code || n != name {
			t.Errorf("canonical %q (%s) reads back as %q %q %v", name, code, c, n, ok)
		}
	}
}

func TestProfileKindType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind string
		want indicatorKind
	}{
		{"url", kindURL}, {"Url", kindURL}, {"URI", kindURL}, {"hash_sha256", kindHash}, {"Sha-256", kindHash},
		{"SHA256", kindHash}, {"IpAddress", kindIP}, {"ip_address", kindIP}, {"IPv6", kindIP}, {"Domain Name", kindDomain},
		{"hostname", kindDomain}, {"Email", kindEmail}, {"File Name", kindFileName}, {"certificate_sha1", kindCertSHA1},
		{"cookie_name", kindUnknown}, {"", kindUnknown}, {"jarm", kindUnknown},
	}
	for _, tc := range tests {
		it, _, _, ok := profileArtifactType(mdti.ProfileArtifact{Type: "unclassifiedArtifact", Kind: tc.kind, Value: "v"})
		if ok != (tc.want != kindUnknown) || it.kind != tc.want {
			t.Errorf("kind %q: %v %v, want %v", tc.kind, it.kind, ok, tc.want)
		}
	}
}

// TestProfileTimesOutOfRange: a time STIX cannot carry (here the
// year 14645, and unreadable text) is ignored with a skip;
// it neither drops the profile nor makes an invalid object.
func TestProfileTimesOutOfRange(t *testing.T) {
	t.Parallel()
	far := passivetotal.NewTime(time.Date(14645, 1, 1, 0, 0, 0, 0, time.UTC)) // a caller's value: the decoder refuses such years
	var bad passivetotal.Time
	if err := bad.UnmarshalJSON([]byte(`"yesterday"`)); err != nil {
		t.Fatal(err)
	}
	p := mdti.IntelProfile{ID: "p", Kind: "actor", Title: "Far Future", FirstActive: far}
	inds := []mdti.IntelProfileIndicator{
		{Source: "microsoft", FirstSeen: far, LastSeen: bad, Artifact: mdti.ProfileArtifact{Type: "hostname", ID: "far.example"}},
	}
	r, err := Profile(p, inds, ProfileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	is := r.Objects[0].(*stix.IntrusionSet)
	if !is.FirstSeen.IsZero() || !is.Created.Time.Equal(authorCreated) || !is.Modified.Time.Equal(authorCreated) {
		t.Errorf("first_seen %v created %v modified %v", is.FirstSeen, is.Created, is.Modified)
	}
	if len(r.Skips) != 3 {
		t.Errorf("skips %v, want one per ignored time", r.Skips)
	}
	v := mdti.Vulnerability{ID: "CVE-2020-0001", Created: far, Published: bad}
	vr, err := Vulnerability(v, nil, VulnerabilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, vr)
	if len(vr.Objects) != 1 || len(vr.Skips) != 2 {
		t.Errorf("%d objects, skips %v", len(vr.Objects), vr.Skips)
	}
}

func TestProfileArtifactType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a     mdti.ProfileArtifact
		kind  indicatorKind
		value string
	}{
		{mdti.ProfileArtifact{Type: "hostname", ID: "a.example"}, kindDomain, "a.example"},
		{mdti.ProfileArtifact{Type: "ipAddress", ID: "192.0.2.1"}, kindIP, "192.0.2.1"},
		{mdti.ProfileArtifact{ID: "192.0.2.1"}, kindIP, "192.0.2.1"}, // bare host reference
		{mdti.ProfileArtifact{ID: "a.example"}, kindDomain, "a.example"},
		{mdti.ProfileArtifact{Kind: "url", Value: "http://a.example/"}, kindURL, "http://a.example/"},
		{mdti.ProfileArtifact{Type: "sslCertificate", ID: "opaque", SHA1: "ab"}, kindCertSHA1, "ab"},
		{mdti.ProfileArtifact{Type: "sslCertificate", ID: "cd"}, kindCertSHA1, "cd"},
		{mdti.ProfileArtifact{Type: "unclassifiedArtifact", Kind: "Path", ID: "id", Value: `C:\x`}, kindFilePath, `C:\x`},
		{mdti.ProfileArtifact{Type: "hostPair", ID: "p"}, kindUnknown, "p"},
	}
	for _, tc := range tests {
		it, v, _, ok := profileArtifactType(tc.a)
		if ok != (tc.kind != kindUnknown) || it.kind != tc.kind || v != tc.value {
			t.Errorf("%+v: kind %v value %q ok %v; want %v %q", tc.a, it.kind, v, ok, tc.kind, tc.value)
		}
	}
}
