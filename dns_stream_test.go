package passivetotal

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPassiveDNSRecordsMatchesDecode(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"pdns_domain.json", "pdns_ip_pager_empty.json", "pdns_paged_1.json", "pdns_paged_2.json"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			whole, err := DecodePassiveDNS(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			hdr, recs := PassiveDNSRecords(bytes.NewReader(data))
			var got []DNSRecord
			for r, err := range recs {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, r)
			}
			hdr.Results = got
			if diff := cmp.Diff(whole, hdr); diff != "" {
				t.Errorf("streamed vs whole (-whole +streamed):\n%s", diff)
			}
		})
	}
}

func TestPassiveDNSRecordsHeaderAfterResults(t *testing.T) {
	t.Parallel()
	body := `{"results":[{"value":"a.example","resolve":"192.0.2.1","recordType":"A"}],"queryValue":"a.example","totalRecords":1,"pager":{"next":"p2"}}`
	hdr, recs := PassiveDNSRecords(strings.NewReader(body))
	n := 0
	for r, err := range recs {
		if err != nil {
			t.Fatal(err)
		}
		if hdr.QueryValue != "" {
			t.Error("trailing header field set before the records were read")
		}
		n++
		_ = r
	}
	if n != 1 || hdr.QueryValue != "a.example" || hdr.TotalRecords != 1 || !hdr.Pager.HasNext() {
		t.Errorf("n=%d hdr=%+v", n, hdr)
	}
	for _, err := range recs {
		if err == nil {
			t.Error("second range did not report the sequence as consumed")
		}
	}
}

func TestPassiveDNSRecordsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		check      func(error) bool
	}{
		{"api error", `{"error":{"http_code":429,"message":"Quota has been exceeded!"}}`,
			func(err error) bool { var be *BodyError; return errors.As(err, &be) && be.Code == 429 }},
		{"truncated", `{"results":[{"value":"a"},`, func(err error) bool { return err != nil }},
		{"results not a list", `{"results":"x"}`, func(err error) bool { return err != nil }},
		{"not an object", `[1]`, func(err error) bool { return err != nil }},
		{"record not an object", `{"results":[1]}`, func(err error) bool { return err != nil }},
		{"huge value", `{"results":[{"value":"` + strings.Repeat("a", MaxRecordSize+10) + `"}]}`,
			func(err error) bool {
				var de *DecodeError
				return errors.As(err, &de) && de.Kind == DecodeTooLarge && errors.Is(err, ErrResponseTooLarge)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, recs := PassiveDNSRecords(strings.NewReader(tt.body))
			var last error
			for _, err := range recs {
				if err != nil {
					last = err
				}
			}
			if !tt.check(last) {
				t.Errorf("error = %v", last)
			}
		})
	}
}

func TestPassiveDNSRecordsBreakStopsReading(t *testing.T) {
	t.Parallel()
	src := newSyntheticPDNS(1_000_000)
	_, recs := PassiveDNSRecords(src)
	n := 0
	for _, err := range recs {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	if src.emitted > 10 {
		t.Errorf("read %d records' worth after breaking at 3", src.emitted)
	}
}

// syntheticPDNS generates a passive DNS body of n records on the fly, so
// tests and benchmarks can stream huge bodies without holding them.
type syntheticPDNS struct {
	n, emitted int
	buf        []byte
	done       bool
}

func newSyntheticPDNS(n int) *syntheticPDNS {
	return &syntheticPDNS{n: n, buf: []byte(`{"queryValue":"cdn.example.com","queryType":"domain","firstSeen":"2020-01-01 00:00:00","lastSeen":"2023-01-01 00:00:00","totalRecords":` + fmt.Sprint(n) + `,"pager":null,"results":[`)}
}

func (s *syntheticPDNS) Read(p []byte) (int, error) {
	for len(s.buf) < len(p) && !s.done {
		if s.emitted == s.n {
			s.buf = append(s.buf, "]}"...)
			s.done = true
			break
		}
		if s.emitted > 0 {
			s.buf = append(s.buf, ',')
		}
		i := s.emitted
		s.buf = fmt.Appendf(s.buf, `{"firstSeen":"2021-01-01 00:00:00","lastSeen":"2022-01-01 00:00:00","value":"cdn.example.com","collected":"2023-01-01 00:00:00","source":["riskiq"],"recordHash":"%064x","resolve":"10.%d.%d.%d","resolveType":"ip","recordType":"A"}`,
			i, (i>>16)&255, (i>>8)&255, i&255)
		s.emitted++
	}
	if len(s.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.buf)
	s.buf = s.buf[:copy(s.buf, s.buf[n:])]
	return n, nil
}

// BenchmarkPassiveDNSRecords streams one million records generated on the
// fly and reports the peak heap in use while streaming (sampled every
// 10,000 records): it stays a few megabytes, nothing accumulates. Under
// -short (CI's smoke run) it streams 20,000 records instead.
func BenchmarkPassiveDNSRecords(b *testing.B) {
	records := 1_000_000
	if testing.Short() {
		records = 20_000
	}
	b.ReportAllocs()
	var peak uint64
	var ms runtime.MemStats
	for b.Loop() {
		_, recs := PassiveDNSRecords(newSyntheticPDNS(records))
		n := 0
		for _, err := range recs {
			if err != nil {
				b.Fatal(err)
			}
			if n++; n%10_000 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
		if n != records {
			b.Fatalf("streamed %d records", n)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
