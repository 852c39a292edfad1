package mapping

import (
	"testing"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// FuzzMapArticle maps an article built from fuzzed strings and asserts
// that the result never panics, its bundle validates and every pattern
// parses. Seeds live in testdata/fuzz/FuzzMapArticle.
func FuzzMapArticle(f *testing.F) {
	f.Add("Title", "domain", "evil.example.com", "public", "T1566.002 - Spearphishing Link", int64(1614931200))
	f.Fuzz(func(t *testing.T, title, typ, value, source, tag string, published int64) {
		a := passivetotal.Article{
			GUID: "fuzz", Title: title, Summary: value, Type: source, Link: value,
			// Any instant, those STIX cannot hold included (years 0 and 10000).
			PublishedDate: passivetotal.NewTime(time.Unix(published, 0)),
			Tags:          []string{tag, value},
			Indicators: []passivetotal.ArticleIndicatorGroup{
				{Type: typ, Source: source, Values: []string{value, title}},
				{Type: "filepath", Source: source, Values: []string{value}},
				{Type: "hash", Source: source, Values: []string{value}},
			},
		}
		for _, p := range []stix.IDPolicy{stix.PolicyOpenCTI, stix.PolicyLegacy} {
			r, err := Article(a, ArticleOptions{Policy: p})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Objects) > 0 {
				checkResult(t, r)
			}
		}
	})
}

// FuzzMapPassiveDNS maps one fuzzed record about a domain and about an IP
// and asserts the same properties, then uses the fuzzed strings as the
// source[] and recordHash of a valid record, which must be kept. Seeds live in
// testdata/fuzz/FuzzMapPassiveDNS.
func FuzzMapPassiveDNS(f *testing.F) {
	f.Add("A", "ip", "52.52.94.111", "passivetotal.org", "2017-06-14 11:22:21", "2017-06-23 23:34:35")
	f.Fuzz(func(t *testing.T, recordType, resolveType, resolve, value, first, last string) {
		fs, _ := passivetotal.ParseTime(first)
		ls, _ := passivetotal.ParseTime(last)
		r := passivetotal.DNSRecord{
			RecordType: recordType, ResolveType: resolveType, Resolve: resolve, Value: value,
			FirstSeen: passivetotal.Time{Time: fs, Raw: first}, LastSeen: passivetotal.Time{Time: ls, Raw: last},
			Source: []string{value}, RecordHash: resolve,
		}
		for _, e := range []Entity{
			{Type: stix.TypeDomainName, Value: "passivetotal.org", Markings: []string{stix.TLPAmberID}},
			{Type: stix.TypeIPv4Addr, Value: "52.52.94.111"},
		} {
			res, err := PassiveDNS(e, answer(r, r), PassiveDNSOptions{RelatedTo: true})
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, res)
			// The record is given twice: it collapses into one
			// relationship, or both copies are skipped.
			if n, s := len(rels(res.Objects)), len(res.Skips); !(n == 1 && s == 0 || n == 0 && s == 2) {
				t.Fatalf("a record given twice gave %d relationships and %d skips", n, s)
			}
		}
		// The fuzzed strings as provenance of a valid record: the record
		// is kept (sources and hash repaired when they must be) and the
		// bundle still validates.
		ok := passivetotal.DNSRecord{
			RecordType: "A", ResolveType: "ip", Resolve: "52.52.94.111", Value: "passivetotal.org",
			FirstSeen: passivetotal.NewTime(time.Date(2017, 6, 14, 11, 22, 21, 0, time.UTC)),
			LastSeen:  passivetotal.NewTime(time.Date(2017, 6, 14, 11, 22, 21, 0, time.UTC)),
			Source:    []string{recordType, resolve, first}, RecordHash: resolve,
		}
		res, err := PassiveDNS(Entity{Type: stix.TypeDomainName, Value: "passivetotal.org"}, answer(ok), PassiveDNSOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, res)
		if n := len(rels(res.Objects)); n != 1 {
			t.Fatalf("valid record with fuzzed provenance gave %d relationships, skips %v", n, res.Skips)
		}
	})
}
