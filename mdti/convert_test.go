package mdti_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
)

func TestArtifactType(t *testing.T) {
	t.Parallel()
	const ns = "#microsoft.graph.security."
	tests := []struct {
		odata, id, kind, value string
		wantType, wantValue    string
	}{
		{ns + "hostname", "fake-malicious.site", "", "", "domain", "fake-malicious.site"},
		{ns + "ipAddress", "20.103.85.33", "", "", "ip", "20.103.85.33"},
		{"microsoft.graph.security.ipAddress", " 2001:db8::1 ", "", "", "ip", "2001:db8::1"},
		{"", "192.0.2.1", "", "", "ip", "192.0.2.1"},
		{"", "contoso.com", "", "", "domain", "contoso.com"},
		{ns + "unclassifiedArtifact", "x", "Url", "https://a.example/p", "url", "https://a.example/p"},
		{ns + "unclassifiedArtifact", "x", "SHA256", strings.Repeat("a", 64), "hash_sha256", strings.Repeat("a", 64)},
		{ns + "unclassifiedArtifact", "x", "Email Address", "a@b.example", "email", "a@b.example"},
		{ns + "unclassifiedArtifact", "x", "file_name", "x.iso", "filename", "x.iso"},
		{ns + "unclassifiedArtifact", "fallback-id", "Mutex", "", "mutex", "fallback-id"},
		{ns + "unclassifiedArtifact", "x", "Yara", "rule x {}", "graph:Yara", "rule x {}"},
		{ns + "sslCertificate", strings.Repeat("b", 40), "", "", "certificate_sha1", strings.Repeat("b", 40)},
		{ns + "hostCookie", "c$$d", "", "", "graph:hostCookie", "c$$d"},
		// Without @odata.type, a kind makes the artifact unclassified.
		{"", "x", "Url", "http://a.example/", "url", "http://a.example/"},
		{"", "x", "hash_sha256", strings.Repeat("c", 64), "hash_sha256", strings.Repeat("c", 64)},
		{ns + "unclassifiedArtifact", "x", "Domain Name", "a.example", "domain", "a.example"},
		// A host whose id is empty gives its value.
		{ns + "hostname", "", "", "b.example", "domain", "b.example"},
	}
	for _, tt := range tests {
		gotType, gotValue := mdti.ArtifactType(tt.odata, tt.id, tt.kind, tt.value)
		if gotType != tt.wantType || gotValue != tt.wantValue {
			t.Errorf("ArtifactType(%q, %q, %q, %q) = %q, %q; want %q, %q", tt.odata, tt.id, tt.kind, tt.value, gotType, gotValue, tt.wantType, tt.wantValue)
		}
	}
}

// TestProfileArtifactIndicatorType: a profile indicator's artifact reads
// by ArtifactType's rules, and a certificate by its SHA-1.
func TestProfileArtifactIndicatorType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a                   mdti.ProfileArtifact
		wantType, wantValue string
	}{
		{mdti.ProfileArtifact{Type: "sslCertificate", ID: "opaque", SHA1: "ab"}, "certificate_sha1", "ab"},
		{mdti.ProfileArtifact{Type: "hostname", ID: "a.example"}, "domain", "a.example"},
		{mdti.ProfileArtifact{ID: "2001:db8::1"}, "ip", "2001:db8::1"},
		{mdti.ProfileArtifact{Type: "unclassifiedArtifact", Kind: "cookie_name", Value: "SID"}, "graph:cookie_name", "SID"},
		{mdti.ProfileArtifact{Type: "hostComponent", ID: "hc-1"}, "graph:hostComponent", "hc-1"},
	}
	for _, tt := range tests {
		typ, val := tt.a.IndicatorType()
		if typ != tt.wantType || val != tt.wantValue {
			t.Errorf("%+v: %q, %q; want %q, %q", tt.a, typ, val, tt.wantType, tt.wantValue)
		}
		// The same artifact through ArtifactType (no SHA-1 parameter) agrees
		// except for the certificate's value.
		if tt.a.SHA1 == "" {
			t2, v2 := mdti.ArtifactType(tt.a.Type, tt.a.ID, tt.a.Kind, tt.a.Value)
			if t2 != typ || v2 != val {
				t.Errorf("%+v: ArtifactType %q, %q; IndicatorType %q, %q", tt.a, t2, v2, typ, val)
			}
		}
	}
}

func TestGroupIndicators(t *testing.T) {
	t.Parallel()
	in := []passivetotal.ArticleIndicator{
		{Type: "domain", Value: "a.example", Source: "microsoft"},
		{Type: "ip", Value: "192.0.2.1", Source: "osint"},
		{Type: "domain", Value: "b.example", Source: "microsoft"},
		{Type: "domain", Value: "c.example", Source: "osint"},
		{Type: "domain", Value: "a.example", Source: "microsoft"}, // kept: the mapping dedupes
	}
	want := []passivetotal.ArticleIndicatorGroup{
		{Type: "domain", Source: "microsoft", Count: 3, Values: []string{"a.example", "b.example", "a.example"}},
		{Type: "ip", Source: "osint", Count: 1, Values: []string{"192.0.2.1"}},
		{Type: "domain", Source: "osint", Count: 1, Values: []string{"c.example"}},
	}
	if diff := cmp.Diff(want, mdti.GroupIndicators(in)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := mdti.GroupIndicators(nil); got != nil {
		t.Errorf("GroupIndicators(nil) = %v", got)
	}
}

// TestLenientDecoding: odd but readable values decode; values of the wrong
// structure fail with an error matching ErrInvalidResponse.
func TestLenientDecoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       []passivetotal.Article
		wantErr    error
	}{
		{
			name: "numbers, null and a single tag",
			body: `{"value":[{"id":12345,"title":null,"summary":"plain text","tags":"OSINT","createdDateTime":"2023-03-03T18:20:22.677Z","isFeatured":"yes"}]}`,
			want: []passivetotal.Article{{GUID: "12345", Summary: "plain text", Tags: []string{"OSINT"},
				PublishedDate: tm("2023-03-03T18:20:22.677Z"), CreatedDate: tm("2023-03-03T18:20:22.677Z")}},
		},
		{
			name: "escapes and non-ASCII text",
			body: `{"value":[{"id":"e\u0301","title":"\"Storm\"\tréseau","createdDateTime":null}]}`,
			want: []passivetotal.Article{{GUID: "e\u0301", Title: "\"Storm\"\tréseau"}},
		},
		{
			name: "an unreadable date is kept raw, not fatal",
			body: `{"value":[{"id":"a","title":"t","createdDateTime":"last Tuesday"}]}`,
			want: []passivetotal.Article{{GUID: "a", Title: "t", PublishedDate: passivetotal.Time{Raw: "last Tuesday"}, CreatedDate: passivetotal.Time{Raw: "last Tuesday"}}},
		},
		{name: "title is an object", body: `{"value":[{"id":"a","title":{"x":1}}]}`, wantErr: passivetotal.ErrInvalidResponse},
		{name: "value is not a list", body: `{"value":"nope"}`, wantErr: passivetotal.ErrInvalidResponse},
		{name: "not JSON", body: `<html>502</html>`, wantErr: passivetotal.ErrInvalidResponse},
		{name: "empty", body: ``, wantErr: passivetotal.ErrInvalidResponse},
		{name: "PassiveTotal shape", body: `{"articles":[{"guid":"x"}],"totalRecords":1}`, wantErr: passivetotal.ErrInvalidResponse},
		{name: "Graph error", body: `{"error":{"code":"Forbidden","message":"Missing role"}}`, wantErr: mdti.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := mdti.DecodeArticles(strings.NewReader(tt.body))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestRecordSides: Value is always the queried host, whichever side a
// server puts it on; the artifact type decides ResolveType.
func TestRecordSides(t *testing.T) {
	t.Parallel()
	const body = `{"value":[
	 {"id":"r1","recordType":"A","parentHost":{"id":"20.103.85.33"},"artifact":{"@odata.type":"#microsoft.graph.security.hostname","id":"contoso.com"}},
	 {"id":"r2","recordType":"A","parentHost":{"id":"contoso.com"},"artifact":{"@odata.type":"#microsoft.graph.security.ipAddress","id":"20.103.85.33"}},
	 {"id":"r3","recordType":"SOA","parentHost":{"id":"20.103.85.33"},"artifact":{"@odata.type":"#microsoft.graph.security.unclassifiedArtifact","kind":"email","value":"hostmaster@contoso.com"}},
	 {"id":"r4","recordType":"A","artifact":{"id":"www.contoso.com"}}
	]}`
	got, err := mdti.DecodePassiveDNS(strings.NewReader(body), "20.103.85.33")
	if err != nil {
		t.Fatal(err)
	}
	type side struct{ Value, Resolve, ResolveType string }
	var sides []side
	for _, r := range got {
		sides = append(sides, side{r.Value, r.Resolve, r.ResolveType})
	}
	want := []side{
		{"20.103.85.33", "contoso.com", "domain"},
		{"20.103.85.33", "contoso.com", "domain"}, // turned around
		{"20.103.85.33", "hostmaster@contoso.com", "email"},
		{"20.103.85.33", "www.contoso.com", "domain"}, // no parent: the queried host
	}
	if diff := cmp.Diff(want, sides); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func tm(s string) passivetotal.Time {
	var t passivetotal.Time
	if err := t.UnmarshalJSON([]byte(`"` + s + `"`)); err != nil {
		panic(err)
	}
	return t
}
