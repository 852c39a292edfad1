package passivetotal_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/internal/gen"
)

// Decoder benchmarks on bodies from internal/gen, generated once per
// process outside the timers. Under -short only the small sizes run.

func benchRecordCounts() []int {
	if testing.Short() {
		return []int{1_000}
	}
	return []int{1_000, 100_000}
}

var (
	benchBodyMu sync.Mutex
	benchBodies = map[string][]byte{}
)

// benchPDNSBody returns a GET /dns/passive body of n records for
// example.com, seed 1 (the mapping benchmarks use the same bodies).
func benchPDNSBody(b *testing.B, n int) []byte {
	b.Helper()
	return benchBody(b, fmt.Sprint("pdns", n), func(buf *bytes.Buffer) error {
		_, err := gen.WritePassiveDNS(buf, gen.DNSOptions{Seed: 1, Query: "example.com", Records: n})
		return err
	})
}

// benchArticlesBody returns a GET /articles body of articles x indicators.
func benchArticlesBody(b *testing.B, articles, indicators int) []byte {
	b.Helper()
	return benchBody(b, fmt.Sprint("articles", articles, "x", indicators), func(buf *bytes.Buffer) error {
		_, err := gen.WriteArticles(buf, gen.ArticleOptions{Seed: 1, Articles: articles, Indicators: indicators})
		return err
	})
}

func benchBody(b *testing.B, key string, write func(*bytes.Buffer) error) []byte {
	benchBodyMu.Lock()
	defer benchBodyMu.Unlock()
	if body, ok := benchBodies[key]; ok {
		return body
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		b.Fatal(err)
	}
	benchBodies[key] = buf.Bytes()
	return buf.Bytes()
}

// BenchmarkDecodePassiveDNS decodes a whole saved body into the lenient
// model; SetBytes makes MB/s the input throughput.
func BenchmarkDecodePassiveDNS(b *testing.B) {
	for _, n := range benchRecordCounts() {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			body := benchPDNSBody(b, n)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				answer, err := passivetotal.DecodePassiveDNS(bytes.NewReader(body))
				if err != nil {
					b.Fatal(err)
				}
				if len(answer.Results) != n {
					b.Fatalf("%d records", len(answer.Results))
				}
			}
		})
	}
}

// BenchmarkStreamPassiveDNS decodes the same body record by record with
// PassiveDNSRecords.
func BenchmarkStreamPassiveDNS(b *testing.B) {
	for _, n := range benchRecordCounts() {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			body := benchPDNSBody(b, n)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				_, recs := passivetotal.PassiveDNSRecords(bytes.NewReader(body))
				got := 0
				for _, err := range recs {
					if err != nil {
						b.Fatal(err)
					}
					got++
				}
				if got != n {
					b.Fatalf("%d records", got)
				}
			}
		})
	}
}

// floorDNS is what a bare encoding/json decode fills: plain strings, no
// lenient types, no time parsing.
type floorDNS struct {
	QueryValue   string `json:"queryValue"`
	QueryType    string `json:"queryType"`
	FirstSeen    string `json:"firstSeen"`
	LastSeen     string `json:"lastSeen"`
	TotalRecords int    `json:"totalRecords"`
	Pager        any    `json:"pager"`
	Results      []struct {
		FirstSeen   string   `json:"firstSeen"`
		LastSeen    string   `json:"lastSeen"`
		Value       string   `json:"value"`
		Resolve     string   `json:"resolve"`
		ResolveType string   `json:"resolveType"`
		RecordType  string   `json:"recordType"`
		Collected   string   `json:"collected"`
		Source      []string `json:"source"`
		RecordHash  string   `json:"recordHash"`
	} `json:"results"`
}

// BenchmarkDecodePassiveDNSFloor is the decode half of the floor: the same
// body through bare encoding/json into plain structs.
func BenchmarkDecodePassiveDNSFloor(b *testing.B) {
	for _, n := range benchRecordCounts() {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			body := benchPDNSBody(b, n)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var v floorDNS
				if err := json.Unmarshal(body, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeArticles decodes one page of 100 articles with 50
// indicators each.
func BenchmarkDecodeArticles(b *testing.B) {
	body := benchArticlesBody(b, 100, 50)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		list, err := passivetotal.DecodeArticles(bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		if len(list.Articles) != 100 {
			b.Fatalf("%d articles", len(list.Articles))
		}
	}
}
