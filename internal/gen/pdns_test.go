package gen

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type pdnsAnswer struct {
	QueryValue   string          `json:"queryValue"`
	QueryType    string          `json:"queryType"`
	FirstSeen    string          `json:"firstSeen"`
	LastSeen     string          `json:"lastSeen"`
	TotalRecords int             `json:"totalRecords"`
	Pager        json.RawMessage `json:"pager"`
	Results      []pdnsRow       `json:"results"`
}

type pdnsRow struct {
	FirstSeen   string   `json:"firstSeen"`
	LastSeen    string   `json:"lastSeen"`
	Value       string   `json:"value"`
	Collected   string   `json:"collected"`
	Source      []string `json:"source"`
	RecordHash  string   `json:"recordHash"`
	Resolve     string   `json:"resolve"`
	ResolveType string   `json:"resolveType"`
	RecordType  string   `json:"recordType"`
}

// objectKeys returns the keys of the JSON object at the start of data, in
// order, so tests can pin the API's key order.
func objectKeys(t *testing.T, data []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %v %v", tok, err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func decodeStrict(t *testing.T, data []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode: %v\n%.300s", err, data)
	}
}

func TestWritePassiveDNSShape(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	n, err := WritePassiveDNS(&buf, DNSOptions{Seed: 7, Query: "passivetotal.org", Records: 200})
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Errorf("returned %d bytes, wrote %d", n, buf.Len())
	}
	if diff := cmp.Diff([]string{"queryValue", "queryType", "firstSeen", "lastSeen", "totalRecords", "pager", "results"}, objectKeys(t, buf.Bytes())); diff != "" {
		t.Errorf("top-level keys (-want +got):\n%s", diff)
	}
	var a pdnsAnswer
	decodeStrict(t, buf.Bytes(), &a)
	if a.QueryType != "domain" || a.TotalRecords != 200 || len(a.Results) != 200 || string(a.Pager) != "null" {
		t.Fatalf("envelope: %+v", a)
	}
	first := bytes.Index(buf.Bytes(), []byte(`"results":[`)) + len(`"results":[`)
	if diff := cmp.Diff([]string{"firstSeen", "lastSeen", "value", "collected", "source", "recordHash", "resolve", "resolveType", "recordType"}, objectKeys(t, buf.Bytes()[first:])); diff != "" {
		t.Errorf("record keys (-want +got):\n%s", diff)
	}

	kinds := map[string]bool{}
	hashes := map[string]int{}
	pairs := map[string]int{}
	var trailingDot, equal int
	minFirst, maxLast := "9999", "0000"
	for _, r := range a.Results {
		kinds[r.RecordType+"/"+r.ResolveType] = true
		hashes[r.RecordHash]++
		pairs[r.RecordType+" "+r.Resolve]++
		if strings.HasSuffix(r.Resolve, ".") {
			trailingDot++
		}
		if r.FirstSeen == r.LastSeen {
			equal++
		}
		for _, ts := range []string{r.FirstSeen, r.LastSeen, r.Collected} {
			if _, err := time.Parse(TimeLayout, ts); err != nil {
				t.Errorf("time %q: %v", ts, err)
			}
		}
		if r.LastSeen < r.FirstSeen || r.Collected < r.LastSeen {
			t.Errorf("time order: %+v", r)
		}
		if r.Value != "passivetotal.org" || len(r.Source) == 0 || len(r.RecordHash) != 64 {
			t.Errorf("row: %+v", r)
		}
		minFirst, maxLast = min(minFirst, r.FirstSeen), max(maxLast, r.LastSeen)
	}
	for _, k := range []string{"A/ip", "AAAA/ip", "CNAME/domain", "NS/domain", "MX/domain", "SOA/email", "SOA/domain", "TXT (SPF1)/domain"} {
		if !kinds[k] {
			t.Errorf("no %s record", k)
		}
	}
	exactDup, partialDup := 0, 0
	for _, c := range hashes {
		if c > 1 {
			exactDup++
		}
	}
	for _, c := range pairs {
		if c > 1 {
			partialDup++
		}
	}
	if exactDup == 0 || partialDup == 0 || trailingDot == 0 || equal == 0 {
		t.Errorf("quirks missing: exact dups %d, same resolution %d, trailing dots %d, equal times %d", exactDup, partialDup, trailingDot, equal)
	}
	if a.FirstSeen != minFirst || a.LastSeen != maxLast {
		t.Errorf("range %s..%s, rows span %s..%s", a.FirstSeen, a.LastSeen, minFirst, maxLast)
	}
}

func TestPassiveDNSEveryTypeInSmallAnswers(t *testing.T) {
	t.Parallel()
	for _, seed := range []uint64{0, 1, 2, 99} {
		seen := map[string]bool{}
		for i := range 9 {
			r := DNSRecordAt(DNSOptions{Seed: seed, Query: "a.example", Records: 9}, i)
			seen[r.RecordType+"/"+r.ResolveType] = true
		}
		if len(seen) != 8 {
			t.Errorf("seed %d: %d kinds in 9 rows: %v", seed, len(seen), seen)
		}
	}
}

func TestPassiveDNSIPQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query, value, recordType string
	}{
		{"52.52.94.111", "52.52.94.111", RecordA},
		{"2001:DB8::1", "2001:db8::1", RecordAAAA},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if _, err := WritePassiveDNS(&buf, DNSOptions{Seed: 3, Query: tt.query, Records: 50}); err != nil {
				t.Fatal(err)
			}
			var a pdnsAnswer
			decodeStrict(t, buf.Bytes(), &a)
			if a.QueryType != "ip" || a.QueryValue != tt.query {
				t.Fatalf("envelope: %s %s", a.QueryType, a.QueryValue)
			}
			for _, r := range a.Results {
				if r.Value != tt.value || r.RecordType != tt.recordType || r.ResolveType != "domain" {
					t.Errorf("row %+v", r)
				}
			}
		})
	}
}

func TestPassiveDNSDeterministic(t *testing.T) {
	t.Parallel()
	write := func(o DNSOptions) string {
		var buf bytes.Buffer
		if _, err := WritePassiveDNS(&buf, o); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	o := DNSOptions{Seed: 42, Query: "example.net", Records: 300}
	first, second := write(o), write(o)
	if first != second {
		t.Error("same options, different bytes")
	}
	o2 := o
	o2.Seed = 43
	if write(o) == write(o2) {
		t.Error("different seed, same bytes")
	}
	o3 := o
	o3.Query = "example.org"
	if write(o) == write(o3) {
		t.Error("different query, same bytes")
	}
	// Rows do not depend on how many rows are asked for: a prefix stays a prefix.
	if DNSRecordAt(o, 17).RecordHash != DNSRecordAt(DNSOptions{Seed: 42, Query: "example.net", Records: 18}, 17).RecordHash {
		t.Error("row depends on the answer size")
	}
}

func TestWritePassiveDNSEmptyAndErrors(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if _, err := WritePassiveDNS(&buf, DNSOptions{Query: "none.example"}); err != nil {
		t.Fatal(err)
	}
	want := `{"queryValue":"none.example","queryType":"domain","firstSeen":null,"lastSeen":null,"totalRecords":0,"pager":null,"results":[]}`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Error(diff)
	}
	if _, err := WritePassiveDNS(failWriter{}, DNSOptions{Records: 5000}); err == nil {
		t.Error("write error not returned")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestAppendStringEscapes(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"plain", `q"uote`, `back\slash`, "nl\n\t\r\x00\x1f", "<&>", "é😀", "bad\xffutf8"} {
		got := appendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%q -> %s: %v", s, got, err)
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		if back != want {
			t.Errorf("%q round-tripped to %q", s, back)
		}
	}
}

func BenchmarkWritePassiveDNS(b *testing.B) {
	for _, n := range []int{1000, 100_000} {
		b.Run(itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := WritePassiveDNS(io.Discard, DNSOptions{Seed: 1, Records: n}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func itoa(n int) string { return string(appendInt(nil, n)) }
