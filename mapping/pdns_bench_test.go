package mapping_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sync"
	"testing"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/internal/gen"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/stix"
)

// These benchmarks measure the passive DNS path of an enrichment: decode a
// saved answer, map it, write the bundle. The uncapped mapping (MaxRecords
// -1) is measured because it is the workload the Python connector was timed
// on (100k records, ~196k objects out); the default cap of 1000
// relationships would make the map and write steps almost free.
//
// Under -short only the 1k size runs (CI proves the code paths once).

// benchSizes returns the record counts to benchmark.
func benchSizes() []int {
	if testing.Short() {
		return []int{1_000}
	}
	return []int{1_000, 100_000}
}

var (
	pdnsBodyMu sync.Mutex
	pdnsBodies = map[int][]byte{}
)

// pdnsBody returns a generated GET /dns/passive body of n records for
// example.com (seed 1), generated once per process and shared: the
// benchmarks only read it.
func pdnsBody(b *testing.B, n int) []byte {
	b.Helper()
	pdnsBodyMu.Lock()
	defer pdnsBodyMu.Unlock()
	if body, ok := pdnsBodies[n]; ok {
		return body
	}
	var buf bytes.Buffer
	if _, err := gen.WritePassiveDNS(&buf, gen.DNSOptions{Seed: 1, Query: "example.com", Records: n}); err != nil {
		b.Fatal(err)
	}
	pdnsBodies[n] = buf.Bytes()
	return buf.Bytes()
}

// benchPDNSOpts maps every record (no cap), as the Python connector did.
var benchPDNSOpts = mapping.PassiveDNSOptions{MaxRecords: -1}

// decodeAnswer decodes the body with the whole-body decoder.
func decodeAnswer(b *testing.B, body []byte) *passivetotal.PassiveDNS {
	b.Helper()
	answer, err := passivetotal.DecodePassiveDNS(bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	return answer
}

// mapAnswer maps a decoded answer.
func mapAnswer(b *testing.B, answer *passivetotal.PassiveDNS) *mapping.Result {
	b.Helper()
	r, err := mapping.PassiveDNS(mapping.Entity{}, answer, benchPDNSOpts)
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// streamAnswer decodes the body with the streaming decoder and maps it as
// it is read. The entity is given, as an enrichment knows what it asked.
func streamAnswer(b *testing.B, body io.Reader) *mapping.Result {
	b.Helper()
	entity, err := mapping.NewEntity("example.com")
	if err != nil {
		b.Fatal(err)
	}
	_, recs := passivetotal.PassiveDNSRecords(body)
	r, err := mapping.PassiveDNSRecords(entity, recs, benchPDNSOpts)
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// countingWriter is the streamed bundle's sink: it counts and drops the
// bytes, as a file would take them, without the growth of an in-memory
// buffer or the kernel's time being measured.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// writeStreamed writes the result's objects with a BundleWriter to w.
func writeStreamed(b *testing.B, r *mapping.Result, w io.Writer) int {
	b.Helper()
	bw := bufio.NewWriterSize(w, 64<<10)
	sw := stix.NewBundleWriter(bw, "")
	if err := writeAll(sw, r); err != nil {
		b.Fatal(err)
	}
	if err := sw.Close(); err != nil {
		b.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		b.Fatal(err)
	}
	return sw.Count()
}

func writeAll(sw *stix.BundleWriter, r *mapping.Result) error {
	if _, err := sw.Write(r.Author); err != nil {
		return err
	}
	for _, m := range r.Markings {
		if _, err := sw.Write(m); err != nil {
			return err
		}
	}
	for _, o := range r.Objects {
		if _, err := sw.Write(o); err != nil {
			return err
		}
	}
	return nil
}

// writeInMemory builds the validated in-memory bundle and marshals it into
// buf (reused between iterations).
func writeInMemory(b *testing.B, r *mapping.Result, buf []byte) []byte {
	b.Helper()
	bundle, err := r.Bundle()
	if err != nil {
		b.Fatal(err)
	}
	out, err := bundle.AppendJSON(buf[:0])
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// reportObjects reports objects per second and the object count.
func reportObjects(b *testing.B, objects int) {
	b.ReportMetric(float64(objects), "objects")
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(objects)*float64(b.N)/s, "objects/s")
	}
}

// BenchmarkPassiveDNSMap measures the mapping alone, on a decoded answer.
func BenchmarkPassiveDNSMap(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			answer := decodeAnswer(b, pdnsBody(b, n))
			b.ReportAllocs()
			var objs int
			for b.Loop() {
				objs = len(mapAnswer(b, answer).Objects)
			}
			reportObjects(b, objs)
		})
	}
}

// BenchmarkPassiveDNSMapWrite measures mapping and writing a bundle from a
// decoded answer: in memory (Result.Bundle, validated, then AppendJSON) and
// streamed (BundleWriter into a buffer).
func BenchmarkPassiveDNSMapWrite(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("records=%d/in-memory", n), func(b *testing.B) {
			body := pdnsBody(b, n)
			answer := decodeAnswer(b, body)
			b.ReportAllocs()
			var buf []byte
			var objs int
			for b.Loop() {
				r := mapAnswer(b, answer)
				buf = writeInMemory(b, r, buf)
				objs = len(r.Objects)
			}
			reportObjects(b, objs)
		})
		b.Run(fmt.Sprintf("records=%d/streamed", n), func(b *testing.B) {
			answer := decodeAnswer(b, pdnsBody(b, n))
			b.ReportAllocs()
			var out countingWriter
			var objs int
			for b.Loop() {
				objs = writeStreamed(b, mapAnswer(b, answer), &out)
			}
			reportObjects(b, objs)
		})
	}
}

// BenchmarkPassiveDNSPipeline is the whole path on a saved body: decode,
// map and write the bundle. "whole" decodes with DecodePassiveDNS and
// builds the validated in-memory bundle; "streamed" decodes with
// PassiveDNSRecords and writes with a BundleWriter (no validation);
// "dnsstream" is the enricher's path without its decode goroutine:
// PassiveDNSStream, then DNSStream.WriteBundle validating every object on
// GOMAXPROCS workers. SetBytes is the input
// body, so MB/s is input throughput. Compare with BenchmarkPassiveDNSFloor.
func BenchmarkPassiveDNSPipeline(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("records=%d/whole", n), func(b *testing.B) {
			body := pdnsBody(b, n)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			var buf []byte
			var objs int
			for b.Loop() {
				r := mapAnswer(b, decodeAnswer(b, body))
				buf = writeInMemory(b, r, buf)
				objs = len(r.Objects)
			}
			reportObjects(b, objs)
		})
		b.Run(fmt.Sprintf("records=%d/streamed", n), func(b *testing.B) {
			body := pdnsBody(b, n)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			var out countingWriter
			var objs int
			for b.Loop() {
				objs = writeStreamed(b, streamAnswer(b, bytes.NewReader(body)), &out)
			}
			reportObjects(b, objs)
		})
		b.Run(fmt.Sprintf("records=%d/dnsstream", n), func(b *testing.B) {
			body := pdnsBody(b, n)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			entity, err := mapping.NewEntity("example.com")
			if err != nil {
				b.Fatal(err)
			}
			var out countingWriter
			objs := 0
			for b.Loop() {
				_, recs := passivetotal.PassiveDNSRecords(bytes.NewReader(body))
				s, err := mapping.PassiveDNSStream(entity, recs, benchPDNSOpts)
				if err != nil {
					b.Fatal(err)
				}
				bw := bufio.NewWriterSize(&out, 256<<10)
				if err := s.WriteBundle(bw, runtime.GOMAXPROCS(0)); err != nil {
					b.Fatal(err)
				}
				if err := bw.Flush(); err != nil {
					b.Fatal(err)
				}
				objs = 0
				for _, c := range s.Counts() {
					objs += c
				}
			}
			reportObjects(b, objs)
		})
	}
}

// floorRecord is the plain struct a bare encoding/json decode fills.
type floorRecord struct {
	FirstSeen   string   `json:"firstSeen"`
	LastSeen    string   `json:"lastSeen"`
	Value       string   `json:"value"`
	Resolve     string   `json:"resolve"`
	ResolveType string   `json:"resolveType"`
	RecordType  string   `json:"recordType"`
	Collected   string   `json:"collected"`
	Source      []string `json:"source"`
	RecordHash  string   `json:"recordHash"`
}

type floorAnswer struct {
	QueryValue   string        `json:"queryValue"`
	QueryType    string        `json:"queryType"`
	FirstSeen    string        `json:"firstSeen"`
	LastSeen     string        `json:"lastSeen"`
	TotalRecords int           `json:"totalRecords"`
	Pager        any           `json:"pager"`
	Results      []floorRecord `json:"results"`
}

// floorObject holds every property the passive DNS bundle's objects carry,
// so that encoding/json writes the same bundle bytes (same keys, same
// values; key order aside) from plain structs.
type floorObject struct {
	Type                    string            `json:"type"`
	SpecVersion             string            `json:"spec_version,omitempty"`
	ID                      string            `json:"id"`
	CreatedByRef            string            `json:"created_by_ref,omitempty"`
	Created                 string            `json:"created,omitempty"`
	Modified                string            `json:"modified,omitempty"`
	ObjectMarkingRefs       []string          `json:"object_marking_refs,omitempty"`
	Name                    string            `json:"name,omitempty"`
	Description             string            `json:"description,omitempty"`
	IdentityClass           string            `json:"identity_class,omitempty"`
	DefinitionType          string            `json:"definition_type,omitempty"`
	Definition              map[string]string `json:"definition,omitempty"`
	Value                   string            `json:"value,omitempty"`
	RelationshipType        string            `json:"relationship_type,omitempty"`
	SourceRef               string            `json:"source_ref,omitempty"`
	TargetRef               string            `json:"target_ref,omitempty"`
	StartTime               string            `json:"start_time,omitempty"`
	StopTime                string            `json:"stop_time,omitempty"`
	XPassiveTotalSources    []string          `json:"x_passivetotal_sources,omitempty"`
	XPassiveTotalRecordHash string            `json:"x_passivetotal_record_hash,omitempty"`
	XOpenCTICreatedByRef    string            `json:"x_opencti_created_by_ref,omitempty"`
}

type floorBundle struct {
	Type    string        `json:"type"`
	ID      string        `json:"id"`
	Objects []floorObject `json:"objects"`
}

// BenchmarkPassiveDNSFloor is the limit the pipeline is compared with: a
// bare encoding/json decode of the same body into plain structs, plus a
// bare encoding/json encode of the same bundle (its bytes decoded once,
// outside the timer, into plain structs). No lenient types, no
// normalisation, no IDs, no dedupe: nothing a real conversion could skip
// is left but the JSON work itself.
func BenchmarkPassiveDNSFloor(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			body := pdnsBody(b, n)
			r := mapAnswer(b, decodeAnswer(b, body))
			bundleJSON := writeInMemory(b, r, nil)
			var fb floorBundle
			if err := json.Unmarshal(bundleJSON, &fb); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			var out countingWriter
			for b.Loop() {
				var a floorAnswer
				if err := json.Unmarshal(body, &a); err != nil {
					b.Fatal(err)
				}
				enc := json.NewEncoder(&out)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(&fb); err != nil {
					b.Fatal(err)
				}
			}
			reportObjects(b, len(fb.Objects))
		})
	}
}
