package mapping

import (
	"strconv"
	"strings"
	"testing"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// hostileArticle has every indicator type of the table, valid and invalid
// values, and the strings that broke the old connector: quotes,
// backslashes, newlines, NUL, invalid UTF-8 and a 100 kB value.
func hostileArticle(t *testing.T) passivetotal.Article {
	big := strings.Repeat("A", 100*1024)
	return passivetotal.Article{
		GUID:          "c0ffee01",
		Title:         "Every \"indicator\" type \\ with 'hostile' values\n\xff",
		Summary:       "Line one\nline two with a NUL \x00 and a tab\t.",
		Type:          "private",
		Link:          "https://community.riskiq.com/article/c0ffee01",
		PublishedDate: ptTime(t, "2023-02-01 10:00:00"),
		CreatedDate:   ptTime(t, "2023-02-01 12:30:00"),
		Tags: []string{
			" phishing ", "phishing", "T1566", "t1204.002 - Malicious File", "cve-2021-44228",
			"CVE-2021-44228", "bad\xfftag", "nul\x00tag", "",
		},
		Indicators: []passivetotal.ArticleIndicatorGroup{
			{Type: "domain", Source: "public", Values: []string{
				"Evil.Example.COM.", "evil.example.com", "bücher.example", "IP\\032domain", "has space.example",
				"192.0.2.1", "o'brien.example", "", big,
			}},
			{Type: "ip", Source: "riskiq", Values: []string{
				"203.0.113.7", "2001:DB8::7", "::ffff:198.51.100.9", "203.0.113.0/24", "999.1.1.1", "fe80::1%eth0",
			}},
			{Type: "url", Source: "riskiq", Values: []string{
				"https://example.com/a?q='x'&r=\\y", "http://example.com/line\nbreak", "https://example.com/nul\x00",
				"https://example.com/\xfe", "https://example.com/" + big,
			}},
			{Type: "email", Source: "public", Values: []string{"John.Doe@Example.COM", "not-an-email"}},
			{Type: "emails", Source: "public", Values: []string{"x@example.net"}},
			{Type: "soa_email", Source: "public", Values: []string{"hostmaster@example.org"}},
			{Type: "whois_email", Source: "public", Values: []string{"abuse@example.org"}},
			{Type: "hash_md5", Source: "public", Values: []string{"9466C865DEAD7A35E4E1A8F48EF1DFFD", strings.Repeat("a", 40)}},
			{Type: "hash_sha1", Source: "public", Values: []string{"da39a3ee5e6b4b0d3255bfef95601890afd80709"}},
			{Type: "sha1", Source: "public", Values: []string{"DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"}},
			{Type: "hash_sha256", Source: "public", Values: []string{"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}},
			{Type: "sha256", Source: "public", Values: []string{"zz" + strings.Repeat("0", 62)}},
			{Type: "hash_sha512", Source: "public", Values: []string{strings.Repeat("cf", 64)}},
			{Type: "hash", Source: "public", Values: []string{
				"d41d8cd98f00b204e9800998ecf8427e", strings.Repeat("1", 40), strings.Repeat("2", 64), strings.Repeat("3", 128), "12345",
			}},
			{Type: "filename", Source: "public", Values: []string{"O'Brien\\invoice.exe", "multi\nline.txt", "nul\x00.exe", "qu\u00eary.dll"}},
			{Type: "filepath", Source: "riskiq", Values: []string{
				`C:\Users\Public\evil.exe`, "/tmp/x's dir/run.sh", "/evil", "relative.bin", `C:\Windows\`,
			}},
			{Type: "mutex", Source: "public", Values: []string{`Global\XYZ`}},
			{Type: "process_mutex", Source: "public", Values: []string{"mtx'quote"}},
			{Type: "proces_mutex", Source: "public", Values: []string{"mtx\tTab"}},
			{Type: "certificate_sha1", Source: "public", Values: []string{"2FD4E1C67A2D28FCED849EE1BB76E7391B93EB12"}},
			{Type: "certficate_sha1", Source: "public", Values: []string{"0123456789abcdef0123456789abcdef01234567", "short"}},
			{Type: "certificate_serialnumber", Source: "public", Values: []string{"36:f7:d4:32"}},
			{Type: "code_certificate_serial", Source: "public", Values: []string{"0a1b2c"}},
			{Type: "certificate_issuercommonname", Source: "public", Values: []string{"CN=Evil CA, O='Bad' Inc"}},
			{Type: "certificate_subjectorganizationname", Source: "public", Values: []string{"Evil \\ Corp"}},
			{Type: "wildcard", Source: "public", Values: []string{"*.example.com"}},
			{Type: "cookies_name", Source: "public", Values: []string{"session"}},
			{Type: "certificate_subjectalternativename", Source: "public", Values: []string{"www.example.com"}},
		},
	}
}

func TestGoldenArticles(t *testing.T) {
	t.Parallel()
	noIndicator := passivetotal.Article{
		GUID: "0badcafe", Title: "", Type: "public",
		PublishedDate: ptTime(t, "2022-05-01 00:00:00"),
		Tags:          []string{"opinion"},
		Indicators: []passivetotal.ArticleIndicatorGroup{
			{Type: "wildcard", Source: "public", Values: []string{"*.example.com"}},
			{Type: "domain", Source: "public", Values: []string{"not a domain"}},
		},
	}
	legacy := passivetotal.Article{
		GUID: "e86878b1", Title: "Spam Farm Spotted in the Wild",
		Summary: "InfoSec Handlers Diary reportedly found a \"spam farm\" based on bounced emails.",
		Type:    "public", Link: "https://community.riskiq.com/article/e86878b1",
		PublishedDate: ptTime(t, "2021-03-05 08:00:00"),
		CreatedDate:   ptTime(t, "2021-03-05 09:12:44"),
		Tags:          []string{"spam", "NDR", "Non-Delivery Receipt", "T1566.002 - Spearphishing Link"},
		Indicators: []passivetotal.ArticleIndicatorGroup{
			{Type: "url", Count: 1, Values: []string{"https://example.com/evil.php"}, Source: "riskiq"},
			{Type: "domain", Count: 1, Values: []string{"evil.example.com"}, Source: "public"},
			{Type: "hash_md5", Count: 1, Values: []string{"9466c865dead7a35e4e1a8f48ef1dffd"}, Source: "public"},
		},
	}
	tests := []struct {
		name string
		a    passivetotal.Article
		opts ArticleOptions
	}{
		{"article_every_type", hostileArticle(t), ArticleOptions{}},
		{"article_no_indicator", noIndicator, ArticleOptions{}},
		{"article_legacy_e86878b1", legacy, ArticleOptions{Policy: stix.PolicyLegacy}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := Article(tt.a, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			b := checkResult(t, r)
			golden(t, tt.name, b, r.Skips)
		})
	}
}

// cdnAnswer is a CDN-sized answer about an IP: n hostnames resolved to it
// over the years, most of them once.
func cdnAnswer(n int) *passivetotal.PassiveDNS {
	p := &passivetotal.PassiveDNS{QueryValue: "198.51.100.10", QueryType: "ip", TotalRecords: n}
	base := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		first := base.Add(time.Duration(i*37%n) * time.Hour)
		p.Results = append(p.Results, passivetotal.DNSRecord{
			FirstSeen: passivetotal.NewTime(first), LastSeen: passivetotal.NewTime(first.Add(time.Duration(i%5) * time.Hour)),
			Value: "198.51.100.10", Resolve: "host" + strconv.Itoa(i) + ".cdn.example.net",
			ResolveType: "domain", RecordType: "A", Source: []string{"riskiq"},
			RecordHash: strconv.Itoa(i),
		})
	}
	return p
}

func TestGoldenPassiveDNS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		entity Entity
		answer *passivetotal.PassiveDNS
		opts   PassiveDNSOptions
	}{
		{"pdns_domain_every_type", Entity{}, readPassiveDNS(t, "pdns_domain.json"), PassiveDNSOptions{}},
		{"pdns_domain_related_to_red", Entity{Type: stix.TypeDomainName, Value: "passivetotal.org", Markings: []string{stix.TLPRedID}},
			readPassiveDNS(t, "pdns_domain.json"), PassiveDNSOptions{RelatedTo: true, TLP: stix.TLPGreen}},
		{"pdns_ip_reverse", Entity{}, readPassiveDNS(t, "pdns_ip.json"), PassiveDNSOptions{TLP: stix.TLPAmber}},
		{"pdns_duplicates", Entity{}, readPassiveDNS(t, "pdns_duplicates.json"), PassiveDNSOptions{}},
		{"pdns_cdn_cap", Entity{}, cdnAnswer(5000), PassiveDNSOptions{MaxRecords: 25}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := PassiveDNS(tt.entity, tt.answer, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			b := checkResult(t, r)
			golden(t, tt.name, b, r.Skips)
		})
	}
}
