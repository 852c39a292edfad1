package passivetotal

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func openFixture(t testing.TB, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func mustTime(t testing.TB, s string) Time {
	t.Helper()
	v, err := ParseTime(s)
	if err != nil {
		t.Fatal(err)
	}
	return Time{v, s}
}

func TestSniffBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want BodyKind
	}{
		{"articles_page0.json", KindArticleList},
		{"articles_empty.json", KindArticleList},
		{"article_null_published.json", KindArticle},
		{"article_all_indicator_types.json", KindArticle},
		{"articles_indicators.json", KindArticleIndicators},
		{"pdns_domain.json", KindPassiveDNS},
		{"pdns_ip_pager_empty.json", KindPassiveDNS},
		{"pdns_paged_1.json", KindPassiveDNS},
		{"pdns_unique.json", KindUniqueResolutions},
		{"error_api.json", KindError},
		{"error_message.json", KindError},
		{"quota.json", KindQuota},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			got, err := SniffBody(openFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("SniffBody = %v, want %v", got, tt.want)
			}
		})
	}
	inline := []struct {
		body    string
		want    BodyKind
		wantErr bool
	}{
		{`{}`, KindUnknown, false},
		{`{"results":[],"pager":null,"queryType":"domain"}`, KindPassiveDNS, false},
		{`{"results":[],"total":0}`, KindUniqueResolutions, false},
		{`{"indicators":[],"totalRecords":0,"success":true}`, KindArticleIndicators, false},
		{`{"error":null,"articles":[]}`, KindArticleList, false},
		{`{"results":[{"sample":"x"}]}`, KindUnknown, false},
		{`{"primaryDomain":"a.b","queryValue":"a.b"}`, KindHostSummary, false}, // GET /enrichment
		{`[1,2]`, KindUnknown, true},
		{`<html>`, KindUnknown, true},
		{``, KindUnknown, true},
	}
	for _, tt := range inline {
		got, err := SniffBody(strings.NewReader(tt.body))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("SniffBody(%q) = %v, %v; want %v, err %v", tt.body, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestDecodeArticles(t *testing.T) {
	t.Parallel()
	got, err := DecodeArticles(openFixture(t, "articles_page2.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := &ArticleList{Success: true, TotalRecords: 7, Articles: []Article{{
		GUID: "708192a3", Title: "Watering hole on regional news site",
		Summary: "Analysts observed activity described as: watering hole on regional news site.",
		Type:    "private", Link: "https://community.riskiq.com/article/708192a3",
		PublishedDate: mustTime(t, "2023-07-16T06:30:00.000+0000"),
		CreatedDate:   mustTime(t, "2023-07-16T16:05:12.000+0000"),
		Tags:          []string{"malware"},
		Indicators: []ArticleIndicatorGroup{
			{Type: "domain", Count: 1, Values: []string{"bad6.example.net"}, Source: "public"},
			{Type: "ip", Count: 2, Values: []string{"192.0.2.16", "2001:db8::7"}, Source: "riskiq"},
		},
	}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}

	empty, err := DecodeArticles(openFixture(t, "articles_empty.json"))
	if err != nil || len(empty.Articles) != 0 || !empty.Success {
		t.Errorf("empty listing = %+v, %v", empty, err)
	}
}

func TestDecodeArticle(t *testing.T) {
	t.Parallel()
	a, err := DecodeArticle(openFixture(t, "article_null_published.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !a.PublishedDate.IsZero() || a.PublishedDate.Raw != "" || !a.CreatedDate.Valid() {
		t.Errorf("null publishedDate: got %+v / created %+v", a.PublishedDate, a.CreatedDate)
	}

	all, err := DecodeArticle(openFixture(t, "article_all_indicator_types.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Every type in MAPPING.md's table, plus one it skips.
	wantTypes := []string{"domain", "ip", "url", "email", "emails", "soa_email", "whois_email",
		"hash_md5", "hash_sha1", "sha1", "hash_sha256", "sha256", "hash_sha512", "hash",
		"filename", "filepath", "mutex", "process_mutex", "proces_mutex",
		"certificate_sha1", "certficate_sha1", "certificate_serialnumber", "code_certificate_serial",
		"certificate_issuerorganizationname", "certificate_issuercommonname",
		"certificate_subjectorganizationname", "certificate_subjectcountry", "certificate_subjectcommonname",
		"pdb_path"}
	var gotTypes []string
	for _, g := range all.Indicators {
		gotTypes = append(gotTypes, g.Type)
		if g.Count != len(g.Values) || len(g.Values) == 0 {
			t.Errorf("group %s: count %d, values %v", g.Type, g.Count, g.Values)
		}
	}
	if diff := cmp.Diff(wantTypes, gotTypes); diff != "" {
		t.Errorf("indicator types (-want +got):\n%s", diff)
	}
}

func TestDecodeArticleIndicators(t *testing.T) {
	t.Parallel()
	got, err := DecodeArticleIndicators(openFixture(t, "articles_indicators.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got.TotalRecords != len(got.Indicators) || got.TotalRecords != 7 {
		t.Fatalf("totalRecords %d, %d indicators", got.TotalRecords, len(got.Indicators))
	}
	want := ArticleIndicator{Value: "malicious.example.com", Type: "domain", Source: "public", GUID: "9c8d7e6f",
		Link: "https://community.riskiq.com/article/9c8d7e6f", PublishedDate: mustTime(t, "2023-10-02T08:00:00.000+0000"),
		Tags: []string{"coverage"}}
	if diff := cmp.Diff(want, got.Indicators[0]); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestDecodePassiveDNS(t *testing.T) {
	t.Parallel()
	got, err := DecodePassiveDNS(openFixture(t, "pdns_domain.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Pager != nil {
		t.Errorf("pager null decoded as %+v", got.Pager)
	}
	var kinds []string
	for _, r := range got.Results {
		kinds = append(kinds, r.RecordType+"/"+r.ResolveType)
		if !r.FirstSeen.Valid() || !r.LastSeen.Valid() || !r.Collected.Valid() || len(r.RecordHash) != 64 || len(r.Source) == 0 {
			t.Errorf("record %+v lost a field", r)
		}
	}
	wantKinds := []string{"A/ip", "AAAA/ip", "CNAME/domain", "NS/domain", "MX/domain", "SOA/email", "SOA/domain", "TXT (SPF1)/domain"}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("record types (-want +got):\n%s", diff)
	}
	want0 := DNSRecord{
		FirstSeen: mustTime(t, "2022-06-14 11:22:21"), LastSeen: mustTime(t, "2023-06-23 23:34:35"),
		Value: "shop.example.org", Resolve: "203.0.113.7", ResolveType: "ip", RecordType: "A",
		Collected: mustTime(t, "2023-10-05 21:51:42"), Source: []string{"riskiq", "pingly"},
		RecordHash: got.Results[0].RecordHash,
	}
	if diff := cmp.Diff(want0, got.Results[0]); diff != "" {
		t.Errorf("record 0 (-want +got):\n%s", diff)
	}
	if r := got.Results[3].Resolve; r != "ns1.dns-host.example." {
		t.Errorf("trailing dot lost: %q", r)
	}
	if got.QueryValue != "shop.example.org" || got.QueryType != "domain" || got.TotalRecords != 8 ||
		got.FirstSeen.Time != time.Date(2020, 10, 9, 17, 49, 22, 0, time.UTC) {
		t.Errorf("envelope %+v", got)
	}

	tests := []struct {
		file string
		want *Pager
	}{
		{"pdns_ip_pager_empty.json", &Pager{}},
		{"pdns_paged_1.json", &Pager{Next: "c2Vjb25k", PageSize: 3}},
		{"pdns_paged_2.json", nil},
	}
	for _, tt := range tests {
		p, err := DecodePassiveDNS(openFixture(t, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, p.Pager); diff != "" {
			t.Errorf("%s pager (-want +got):\n%s", tt.file, diff)
		}
	}
}

func TestDecodeUniqueResolutions(t *testing.T) {
	t.Parallel()
	got, err := DecodeUniqueResolutions(openFixture(t, "pdns_unique.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := &UniqueResolutions{
		QueryValue: "shop.example.org", QueryType: "domain", Total: 4,
		Results: []string{"203.0.113.7", "2001:db8:1::7", "shop-cdn.example.net.", "mx1.mail.example.com"},
		Frequency: []ResolutionCount{{"203.0.113.7", 12}, {"2001:db8:1::7", 3},
			{"shop-cdn.example.net.", 1}, {"mx1.mail.example.com", 5}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	_, err := DecodePassiveDNS(openFixture(t, "error_api.json"))
	var be *BodyError
	if !errors.As(err, &be) || be.Got != KindError || be.Code != 401 || !strings.Contains(be.Message, "does not match") {
		t.Errorf("error body: %v", err)
	}
	_, err = DecodeArticles(openFixture(t, "error_message.json"))
	if !errors.As(err, &be) || be.Message != "Quota has been exceeded!" {
		t.Errorf("message body: %v", err)
	}
	_, err = DecodeArticles(openFixture(t, "pdns_domain.json"))
	if !errors.As(err, &be) || be.Got != KindPassiveDNS || be.Want != KindArticleList {
		t.Errorf("wrong kind: %v", err)
	}
	if _, err := DecodePassiveDNS(strings.NewReader(`{"results":[{"firstSeen":`)); err == nil {
		t.Error("truncated body decoded")
	}
	_, err = readLimited(strings.NewReader(strings.Repeat(" ", 11)), 10)
	var de *DecodeError
	if !errors.As(err, &de) || de.Kind != DecodeTooLarge {
		t.Errorf("readLimited over limit: %T %v, want a DecodeTooLarge *DecodeError", err, err)
	}
	if want := "passivetotal: saved body: body exceeds the maximum response size: body exceeds the 10 byte limit"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("readLimited over limit says %q, want it to start %q", err, want)
	}
}

func TestDecodeAny(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		kind, v, err := Decode(openFixture(t, e.Name()))
		switch kind {
		case KindError:
			if !errors.As(err, new(*BodyError)) {
				t.Errorf("%s: %v", e.Name(), err)
			}
		case KindQuota, KindUnknown:
			if _, ok := v.(json.RawMessage); !ok || err != nil {
				t.Errorf("%s: %T, %v", e.Name(), v, err)
			}
		default:
			if v == nil || err != nil {
				t.Errorf("%s: kind %v, %T, %v", e.Name(), kind, v, err)
			}
		}
	}
}

// TestRoundTrip checks that a decoded fixture marshals back to JSON that
// decodes to the same value (Raw times preserved).
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"pdns_domain.json", "article_all_indicator_types.json", "pdns_unique.json", "articles_indicators.json"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := io.ReadAll(openFixture(t, name))
			if err != nil {
				t.Fatal(err)
			}
			_, first, err := Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(first)
			if err != nil {
				t.Fatal(err)
			}
			_, second, err := Decode(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("re-decoding %s: %v", out, err)
			}
			if diff := cmp.Diff(first, second); diff != "" {
				t.Errorf("round trip (-first +second):\n%s", diff)
			}
		})
	}
}

// TestPTSamples decodes every reference body that belongs to these
// endpoints. CI sets PTSTIX_PT_SAMPLES; elsewhere the test skips.
func TestPTSamples(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("PTSTIX_PT_SAMPLES")
	if dir == "" {
		t.Skip("PTSTIX_PT_SAMPLES is not set (.ci/run sets it to ../shared/reference/pt-samples)")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples in %s: %v", dir, err)
	}
	mine := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		kind, _, err := Decode(bytes.NewReader(data))
		switch kind {
		case KindArticleList, KindArticle, KindArticleIndicators, KindPassiveDNS, KindUniqueResolutions:
			mine++
			if err != nil {
				t.Errorf("%s (%v): %v", filepath.Base(path), kind, err)
			}
		}
		if kind == KindPassiveDNS {
			_, recs := PassiveDNSRecords(bytes.NewReader(data))
			for _, err := range recs {
				if err != nil {
					t.Errorf("%s streamed: %v", filepath.Base(path), err)
				}
			}
		}
		t.Logf("%s: %v", filepath.Base(path), kind)
	}
	// articles.json, articles_guid.json, articles_indicator.json, articles_indicators.json at least.
	if mine < 4 {
		t.Errorf("only %d samples recognised as articles/DNS bodies", mine)
	}
}

// A saved error body is classified like a live one, and a saved body over
// the limit matches the same sentinel as a live one.
func TestSavedErrorBodiesMatchSentinels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want []error
		not  []error
	}{
		{"legacy quota", `{"error":{"http_code":403,"message":"Quota has been exceeded!","developer_message":"quota"}}`,
			[]error{ErrQuotaExceeded}, []error{ErrNotPermitted, ErrUnauthorized}},
		{"unauthorized", `{"error":{"http_code":401,"message":"Invalid credentials"}}`,
			[]error{ErrUnauthorized}, []error{ErrQuotaExceeded}},
		{"not permitted", `{"error":{"http_code":402,"message":"Not available for your account"}}`,
			[]error{ErrNotPermitted}, []error{ErrQuotaExceeded}},
		{"not found", `{"error":{"http_code":404,"message":"No such article"}}`,
			[]error{ErrNotFound}, nil},
		{"flat quota message", `{"message":"API quota limit reached"}`,
			[]error{ErrQuotaExceeded}, []error{ErrNotFound}},
		{"string error", `{"error":"Something broke"}`,
			nil, []error{ErrQuotaExceeded, ErrUnauthorized, ErrNotPermitted, ErrNotFound, ErrThrottled}},
	}
	for _, tt := range tests {
		_, err := DecodePassiveDNS(strings.NewReader(tt.body))
		var be *BodyError
		if !errors.As(err, &be) || be.Got != KindError {
			t.Errorf("%s: got %T %v, want a *BodyError for an API error", tt.name, err, err)
			continue
		}
		for _, target := range tt.want {
			if !errors.Is(err, target) {
				t.Errorf("%s: %v does not match %v", tt.name, err, target)
			}
		}
		for _, target := range tt.not {
			if errors.Is(err, target) {
				t.Errorf("%s: %v matches %v", tt.name, err, target)
			}
		}
	}
	for _, target := range []error{ErrResponseTooLarge, ErrInvalidResponse} {
		if err := tooLarge("body", 1); !errors.Is(err, target) {
			t.Errorf("tooLarge: %v does not match %v", err, target)
		}
	}
	if errors.Is(&BodyError{Want: KindPassiveDNS, Got: KindArticleList}, ErrNotFound) {
		t.Error("a body of the wrong kind matches an API sentinel")
	}
}
