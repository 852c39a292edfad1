package mapping_test

import (
	"bytes"
	"errors"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/internal/gen"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/stix"
)

// generated decodes a generated answer of n records about query.
func generated(t *testing.T, query string, seed uint64, n int) *passivetotal.PassiveDNS {
	t.Helper()
	var buf bytes.Buffer
	if _, err := gen.WritePassiveDNS(&buf, gen.DNSOptions{Seed: seed, Query: query, Records: n}); err != nil {
		t.Fatal(err)
	}
	a, err := passivetotal.DecodePassiveDNS(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func recordsOf(a *passivetotal.PassiveDNS) iter.Seq2[passivetotal.DNSRecord, error] {
	return func(yield func(passivetotal.DNSRecord, error) bool) {
		for _, r := range a.Results {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// TestStreamMatchesInMemory: the streamed writer gives, byte for byte, the bundle the
// in-memory path marshals (Result.Bundle), the same skips in the same order and the
// same objects, with any number of workers, under every cap and policy.
func TestStreamMatchesInMemory(t *testing.T) {
	t.Parallel()
	domain := generated(t, "example.com", 1, 6000)
	ip := generated(t, "198.51.100.7", 2, 5000)
	// A record at the end of time, a junk one, and one whose relationship
	// repeats another: skips of every stage.
	odd := &passivetotal.PassiveDNS{Results: append([]passivetotal.DNSRecord{
		{RecordType: "A", ResolveType: "ip", Resolve: "192.0.2.1", FirstSeen: endOfTime, LastSeen: endOfTime},
		{RecordType: "TXT", ResolveType: "domain", Resolve: "x"},
		{RecordType: "SOA", ResolveType: "email", Resolve: "hostmaster@example.com", FirstSeen: endOfTime, LastSeen: endOfTime},
	}, domain.Results[:300]...)}
	amber := []string{stix.TLPAmberID}
	tests := []struct {
		name   string
		entity mapping.Entity
		answer *passivetotal.PassiveDNS
		opts   mapping.PassiveDNSOptions
	}{
		{"domain uncapped", mapping.Entity{Type: stix.TypeDomainName, Value: "example.com"}, domain, mapping.PassiveDNSOptions{MaxRecords: -1}},
		{"domain default cap", mapping.Entity{Type: stix.TypeDomainName, Value: "example.com"}, domain, mapping.PassiveDNSOptions{}},
		{"domain cap 37, related-to, amber", mapping.Entity{Type: stix.TypeDomainName, Value: "example.com", Markings: amber}, domain, mapping.PassiveDNSOptions{MaxRecords: 37, RelatedTo: true, TLP: stix.TLPGreen}},
		{"ip uncapped legacy", mapping.Entity{Type: stix.TypeIPv4Addr, Value: "198.51.100.7"}, ip, mapping.PassiveDNSOptions{MaxRecords: -1, Policy: stix.PolicyLegacy}},
		{"ip strict cap 100", mapping.Entity{Type: stix.TypeIPv4Addr, Value: "198.51.100.7"}, ip, mapping.PassiveDNSOptions{MaxRecords: 100, Policy: stix.PolicyStrict}},
		{"odd records", mapping.Entity{Type: stix.TypeDomainName, Value: "example.com"}, odd, mapping.PassiveDNSOptions{MaxRecords: -1}},
		{"no records", mapping.Entity{Type: stix.TypeDomainName, Value: "example.com"}, &passivetotal.PassiveDNS{}, mapping.PassiveDNSOptions{}},
		{"author", mapping.Entity{Type: stix.TypeDomainName, Value: "example.com"}, odd, mapping.PassiveDNSOptions{Author: &stix.Identity{Name: "Acme", IdentityClass: "organization"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := mapping.PassiveDNSRecords(tt.entity, recordsOf(tt.answer), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			b, err := r.Bundle()
			if err != nil {
				t.Fatal(err)
			}
			want, err := b.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			wantCounts := map[string]int{}
			for _, o := range b.Objects {
				wantCounts[o.Type()]++
			}
			for _, workers := range []int{1, 2, 5} {
				s, err := mapping.PassiveDNSStream(tt.entity, recordsOf(tt.answer), tt.opts)
				if err != nil {
					t.Fatal(err)
				}
				var got bytes.Buffer
				if err := s.WriteBundle(&got, workers); err != nil {
					t.Fatalf("workers %d: %v", workers, err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Fatalf("workers %d: streamed bundle differs from the in-memory one at byte %d (%d vs %d bytes)",
						workers, firstDiff(got.Bytes(), want), got.Len(), len(want))
				}
				if d := cmp.Diff(r.Skips, s.Skips()); d != "" {
					t.Errorf("workers %d: skips (-in-memory +streamed):\n%s", workers, d)
				}
				if d := cmp.Diff(wantCounts, s.Counts()); d != "" {
					t.Errorf("workers %d: counts (-in-memory +streamed):\n%s", workers, d)
				}
				if s.Cut() != r.Cut {
					t.Errorf("workers %d: cut %d, want %d", workers, s.Cut(), r.Cut)
				}
				if err := s.WriteBundle(&got, workers); err == nil {
					t.Error("a second WriteBundle succeeded")
				}
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

var endOfTime = passivetotal.NewTime(mustTime("9999-12-31T23:59:59Z"))

// failAfter fails every write after n bytes.
type failAfter struct{ n int }

var errFull = errors.New("disk full")

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n < len(p) {
		return 0, errFull
	}
	f.n -= len(p)
	return len(p), nil
}

// TestStreamWriteError: a failed write stops the stream with the writer's error, with
// one worker or several (no goroutine is left waiting).
func TestStreamWriteError(t *testing.T) {
	t.Parallel()
	a := generated(t, "example.com", 3, 5000)
	for _, workers := range []int{1, 2, 4} {
		for _, n := range []int{0, 100, 300000} {
			s, err := mapping.PassiveDNSStream(mapping.Entity{Type: stix.TypeDomainName, Value: "example.com"}, recordsOf(a), mapping.PassiveDNSOptions{MaxRecords: -1})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.WriteBundle(&failAfter{n: n}, workers); !errors.Is(err, errFull) {
				t.Errorf("workers %d, fail after %d bytes: err = %v", workers, n, err)
			}
		}
	}
}

// TestStreamRecordError: an error from the records stops the mapping with it.
func TestStreamRecordError(t *testing.T) {
	t.Parallel()
	boom := fmt.Errorf("truncated")
	_, err := mapping.PassiveDNSStream(mapping.Entity{Type: stix.TypeDomainName, Value: "example.com"},
		func(yield func(passivetotal.DNSRecord, error) bool) { yield(passivetotal.DNSRecord{}, boom) }, mapping.PassiveDNSOptions{})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// FuzzPassiveDNSStream: for fuzzed records (each given three times, with a valid one),
// the streamed bundle is the in-memory one byte for byte, and both report the same
// skips. Seeds live in testdata/fuzz/FuzzPassiveDNSStream.
func FuzzPassiveDNSStream(f *testing.F) {
	f.Add("A", "ip", "52.52.94.111", "passivetotal.org", "2017-06-14 11:22:21", "2017-06-23 23:34:35")
	f.Fuzz(func(t *testing.T, recordType, resolveType, resolve, value, first, last string) {
		fs, _ := passivetotal.ParseTime(first)
		ls, _ := passivetotal.ParseTime(last)
		r := passivetotal.DNSRecord{
			RecordType: recordType, ResolveType: resolveType, Resolve: resolve, Value: value,
			FirstSeen: passivetotal.Time{Time: fs, Raw: first}, LastSeen: passivetotal.Time{Time: ls, Raw: last},
			Source: []string{value, resolve}, RecordHash: resolve,
		}
		ok := passivetotal.DNSRecord{RecordType: "NS", ResolveType: "domain", Resolve: "ns1.example.net",
			FirstSeen: passivetotal.NewTime(mustTime("2017-06-14T11:22:21Z")), LastSeen: passivetotal.NewTime(mustTime("2017-06-15T11:22:21Z"))}
		a := &passivetotal.PassiveDNS{Results: []passivetotal.DNSRecord{r, ok, r, r}}
		for _, e := range []mapping.Entity{
			{Type: stix.TypeDomainName, Value: "passivetotal.org", Markings: []string{stix.TLPAmberID}},
			{Type: stix.TypeIPv4Addr, Value: "52.52.94.111"},
		} {
			for _, max := range []int{-1, 1} {
				opts := mapping.PassiveDNSOptions{MaxRecords: max, RelatedTo: true}
				res, err := mapping.PassiveDNSRecords(e, recordsOf(a), opts)
				if err != nil {
					t.Fatal(err)
				}
				b, err := res.Bundle()
				if err != nil {
					t.Fatal(err)
				}
				want, err := b.MarshalJSON()
				if err != nil {
					t.Fatal(err)
				}
				s, err := mapping.PassiveDNSStream(e, recordsOf(a), opts)
				if err != nil {
					t.Fatal(err)
				}
				var got bytes.Buffer
				if err := s.WriteBundle(&got, 2); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Fatalf("streamed:\n%s\nin memory:\n%s", got.Bytes(), want)
				}
				if d := cmp.Diff(res.Skips, s.Skips()); d != "" {
					t.Fatalf("skips (-in-memory +streamed):\n%s", d)
				}
			}
		}
	})
}
