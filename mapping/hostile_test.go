package mapping

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// hostileStrings are the values the resilience suite throws at the
// mappers: quotes, backslashes, newlines, NUL, invalid UTF-8, 100 kB.
var hostileStrings = map[string]string{
	"quotes":       `it's "quoted"`,
	"backslashes":  `C:\evil\\share`,
	"newline":      "line\nbreak\r\n",
	"nul":          "nul\x00byte",
	"invalid utf8": "bad\xff\xfe",
	"100 kB":       strings.Repeat("x", 100*1024),
}

// Every hostile string on every side of a passive DNS record gives a skip
// with a reason or a correct object, never invalid STIX; provenance
// (source[], recordHash) is repaired, not a reason to lose the record.
func TestPassiveDNSHostileValues(t *testing.T) {
	t.Parallel()
	entity := Entity{Type: stix.TypeDomainName, Value: "passivetotal.org", Markings: []string{stix.TLPAmberID}}
	for name, h := range hostileStrings {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			good := rec(t, "A", "ip", "52.52.94.111", "2017-06-14 11:22:21", "2017-06-23 23:34:35")
			cases := map[string]passivetotal.DNSRecord{}
			r := good
			r.Resolve = h
			cases["resolve"] = r
			r = good
			r.RecordType = h
			cases["recordType"] = r
			r = good
			r.ResolveType = h
			cases["resolveType"] = r
			r = good
			r.Value = h
			cases["value"] = r
			r = good
			r.FirstSeen = passivetotal.Time{Raw: h}
			cases["firstSeen"] = r
			for side, r := range cases {
				res, err := PassiveDNS(entity, answer(r), PassiveDNSOptions{})
				if err != nil {
					t.Fatalf("%s: %v", side, err)
				}
				checkResult(t, res)
				if n := len(rels(res.Objects)); n != 0 || len(res.Skips) != 1 {
					t.Errorf("%s: %d relationships, skips %v; want one skip", side, n, res.Skips)
				}
			}

			r = good
			r.Source = []string{h, "riskiq", h}
			r.RecordHash = h
			res, err := PassiveDNS(entity, answer(r), PassiveDNSOptions{})
			if err != nil {
				t.Fatal(err)
			}
			b := checkResult(t, res)
			if _, err := json.Marshal(b); err != nil {
				t.Fatalf("bundle does not marshal: %v", err)
			}
			rs := rels(res.Objects)
			if len(rs) != 1 || len(res.Skips) != 0 {
				t.Fatalf("hostile provenance: %d relationships, skips %v; want the record kept", len(rs), res.Skips)
			}
			for _, s := range append(rs[0].XPassiveTotalSources, rs[0].XPassiveTotalRecordHash) {
				if !plainText(s) {
					t.Errorf("provenance %q kept unrepaired", s)
				}
			}
		})
	}
}

// A record whose lastSeen is before firstSeen is a skip; duplicates
// collapse into one relationship with the widest range and the union of
// sources; equal times give stop_time one second later.
func TestPassiveDNSTimesAndDuplicates(t *testing.T) {
	t.Parallel()
	e := Entity{Type: stix.TypeDomainName, Value: "passivetotal.org"}
	back := rec(t, "A", "ip", "52.52.94.111", "2017-06-23 23:34:35", "2017-06-14 11:22:21")
	res, err := PassiveDNS(e, answer(back), PassiveDNSOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, res)
	if len(rels(res.Objects)) != 0 || len(res.Skips) != 1 || !strings.Contains(res.Skips[0].Reason, "lastSeen is before firstSeen") {
		t.Errorf("backwards record: objects %v, skips %v", ids(res.Objects), res.Skips)
	}

	a := rec(t, "A", "ip", "52.52.94.111", "2017-06-14 11:22:21", "2017-06-14 11:22:21")
	b := rec(t, "A", "ip", "52.52.94.111", "2017-06-14 11:22:21", "2017-06-14 11:22:21")
	b.Source = []string{"pingly", "riskiq"}
	res, err = PassiveDNS(e, answer(a, b, a), PassiveDNSOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, res)
	rs := rels(res.Objects)
	if len(rs) != 1 {
		t.Fatalf("duplicates gave %d relationships", len(rs))
	}
	if got, want := rs[0].StopTime.Sub(rs[0].StartTime.Time), 1e9; float64(got) != want {
		t.Errorf("equal times: stop - start = %v, want 1s", got)
	}
	if diff := cmp.Diff([]string{"pingly", "riskiq"}, rs[0].XPassiveTotalSources); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
}

// A caller-given entity ID that is not a STIX ID would make every
// relationship invalid: it is an error, not invalid output.
func TestPassiveDNSEntityIDChecked(t *testing.T) {
	t.Parallel()
	a := answer(rec(t, "A", "ip", "52.52.94.111", "2017-06-14 11:22:21", "2017-06-23 23:34:35"))
	for _, id := range []string{"domain-name--nope", "domain-name--b665a14d-fe35-5462-a1be", "domain-name--\"}"} {
		if _, err := PassiveDNS(Entity{Type: stix.TypeDomainName, Value: "passivetotal.org", ID: id}, a, PassiveDNSOptions{}); err == nil {
			t.Errorf("entity ID %q accepted", id)
		}
	}
	// An OpenCTI standard_id that is not the SCO ID of the value is fine.
	const stdID = "domain-name--6b1a4c2e-4b0b-5f44-9a6e-2f1d3c4b5a69"
	r, err := PassiveDNS(Entity{Type: stix.TypeDomainName, Value: "passivetotal.org", ID: stdID}, a, PassiveDNSOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	if rels(r.Objects)[0].SourceRef != stdID {
		t.Errorf("source_ref = %s, want the given entity ID", rels(r.Objects)[0].SourceRef)
	}
}

// Article indicator values and free text with hostile strings: every value
// is an indicator with a balanced pattern or a skip with a reason.
func TestArticleHostileValues(t *testing.T) {
	t.Parallel()
	types := []string{"domain", "ip", "url", "email", "hash_md5", "hash", "filename", "filepath", "mutex",
		"certificate_sha1", "certificate_serialnumber", "certificate_issuercommonname", "certificate_subjectcommonname"}
	for name, h := range hostileStrings {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := passivetotal.Article{
				GUID: h, Title: h, Summary: h, Link: h, Type: h,
				PublishedDate: ptTime(t, "2023-02-01 10:00:00"),
				Tags:          []string{h, "T1566", h},
			}
			for _, typ := range types {
				a.Indicators = append(a.Indicators, passivetotal.ArticleIndicatorGroup{Type: typ, Source: h, Values: []string{h, h}})
			}
			a.Indicators = append(a.Indicators, passivetotal.ArticleIndicatorGroup{Type: h, Source: "public", Values: []string{"x"}})
			for _, p := range []stix.IDPolicy{stix.PolicyOpenCTI, stix.PolicyLegacy, stix.PolicyStrict} {
				r, err := Article(a, ArticleOptions{Policy: p})
				if err != nil {
					t.Fatal(err)
				}
				b := checkResult(t, r)
				if _, err := json.Marshal(b); err != nil {
					t.Fatalf("bundle does not marshal: %v", err)
				}
				// Each group's two identical values: one indicator or
				// skips, never two indicators.
				n := 0
				for _, o := range r.Objects {
					if _, ok := o.(*stix.Indicator); ok {
						n++
					}
				}
				if n+len(r.Skips) < len(types) {
					t.Errorf("%v: %d indicators + %d skips for %d hostile values: something was dropped in silence", p, n, len(r.Skips), len(types))
				}
			}
		})
	}
}
