package passivetotal

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFlexString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    flexString
		wantErr bool
	}{
		{`"abc"`, "abc", false},
		{`"N/A"`, "", false},
		{`"n/a"`, "", false},
		{`null`, "", false},
		{`13335`, "13335", false},
		{`37.751`, "37.751", false},
		{`true`, "true", false},
		{`{}`, "", true},
		{`[]`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var got flexString
			err := json.Unmarshal([]byte(tt.in), &got)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFlexInt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    flexInt
		wantErr bool
	}{
		{`62`, 62, false},
		{`"62"`, 62, false},
		{`" 7 "`, 7, false},
		{`62.0`, 62, false},
		{`1e3`, 1000, false},
		{`null`, 0, false},
		{`""`, 0, false},
		{`"N/A"`, 0, false},
		{`62.5`, 0, true},
		{`"many"`, 0, true},
		{`1e300`, 0, true},
		{`[]`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var got flexInt
			err := json.Unmarshal([]byte(tt.in), &got)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestFlexList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{`["a","b"]`, []string{"a", "b"}},
		{`"a"`, []string{"a"}},
		{`null`, nil},
		{`"N/A"`, nil},
		{`""`, nil},
		{`["a","N/A",3]`, []string{"a", "3"}},
		{`[]`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var l flexList[flexString]
			if err := json.Unmarshal([]byte(tt.in), &l); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, flexStrings(l)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

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
