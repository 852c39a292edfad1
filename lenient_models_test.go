package passivetotal

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLenientModels(t *testing.T) {
	t.Parallel()
	// One body with every quirk at once: unknown fields, N/A, numbers as
	// strings, single values for lists, epoch ms, an unparseable time.
	body := `{"queryValue":"example.org","queryType":"domain","extra":{"x":[1]},"totalRecords":"2","pager":{},
	  "firstSeen":1383116400000,"lastSeen":"not a date",
	  "results":{"firstSeen":"2020-01-01 00:00:00","lastSeen":"N/A","value":"example.org","resolve":"ns1.example.net.",
	     "resolveType":"domain","recordType":"NS","collected":null,"source":"riskiq","recordHash":"ab","new":true}}`
	var got PassiveDNS
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	first, _ := ParseTime("2013-10-30 07:00:00")
	rec, _ := ParseTime("2020-01-01 00:00:00")
	want := PassiveDNS{
		QueryValue: "example.org", QueryType: "domain", TotalRecords: 2, Pager: &Pager{},
		FirstSeen: Time{first, "1383116400000"}, LastSeen: Time{Raw: "not a date"},
		Results: []DNSRecord{{
			FirstSeen: Time{rec, "2020-01-01 00:00:00"}, LastSeen: Time{Raw: "N/A"}, Value: "example.org",
			Resolve: "ns1.example.net.", ResolveType: "domain", RecordType: "NS", Source: []string{"riskiq"}, RecordHash: "ab",
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}

	var a Article
	if err := json.Unmarshal([]byte(`{"guid":12345678,"title":"N/A","tags":"solo","categories":null,
	   "indicators":{"type":"ip","count":"2","values":"192.0.2.1","source":"public"}}`), &a); err != nil {
		t.Fatal(err)
	}
	wantA := Article{GUID: "12345678", Tags: []string{"solo"},
		Indicators: []ArticleIndicatorGroup{{Type: "ip", Count: 2, Values: []string{"192.0.2.1"}, Source: "public"}}}
	if diff := cmp.Diff(wantA, a); diff != "" {
		t.Errorf("article mismatch (-want +got):\n%s", diff)
	}
}
