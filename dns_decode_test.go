package passivetotal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// The hand-written passive DNS decoders must give exactly what the
// encoding/json path gives. The references below are that path, kept
// here as it was before the fast path existed.

// refDecodePassiveDNS is PassiveDNS.UnmarshalJSON without the fast path.
func refDecodePassiveDNS(b []byte) (*PassiveDNS, error) {
	var w struct {
		QueryValue   flexString              `json:"queryValue"`
		QueryType    flexString              `json:"queryType"`
		FirstSeen    Time                    `json:"firstSeen"`
		LastSeen     Time                    `json:"lastSeen"`
		TotalRecords flexInt                 `json:"totalRecords"`
		Pager        *Pager                  `json:"pager"`
		Results      flexList[dnsRecordWire] `json:"results"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, err
	}
	return &PassiveDNS{
		QueryValue: string(w.QueryValue), QueryType: string(w.QueryType),
		FirstSeen: w.FirstSeen, LastSeen: w.LastSeen, TotalRecords: int(w.TotalRecords),
		Pager: w.Pager, Results: records(w.Results),
	}, nil
}

// refStream is PassiveDNSRecords on json.Decoder tokens, the reference for the
// hand-written reader: keys match as encoding/json matches struct fields
// (strings.EqualFold), and a second results list is an error (encoding/json
// would keep it in place of the first, whose records are yielded already).
func refStream(r io.Reader) (*PassiveDNS, []DNSRecord, error) {
	canonical := func(key string) string {
		for _, k := range []string{"results", "error", "queryValue", "queryType", "firstSeen", "lastSeen", "totalRecords", "pager"} {
			if strings.EqualFold(key, k) {
				return k
			}
		}
		return key
	}
	seenResults := false
	hdr := new(PassiveDNS)
	var recs []DNSRecord
	dec := newBoundedDecoder(r, MaxRecordSize)
	t, err := dec.Token()
	if err != nil {
		return hdr, recs, err
	}
	if t != json.Delim('{') {
		return hdr, recs, errors.New("not an object")
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return hdr, recs, err
		}
		key, _ := kt.(string)
		key = canonical(key)
		if key == "results" {
			if seenResults {
				return hdr, recs, errors.New("two results lists")
			}
			seenResults = true
			t, err := dec.Token()
			if err != nil {
				return hdr, recs, err
			}
			if t == nil {
				continue
			}
			if t != json.Delim('[') {
				return hdr, recs, errors.New("not a list")
			}
			for dec.More() {
				var w dnsRecordWire
				if err := dec.Decode(&w); err != nil {
					return hdr, recs, err
				}
				recs = append(recs, w.record())
			}
			if _, err := dec.Token(); err != nil {
				return hdr, recs, err
			}
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return hdr, recs, err
		}
		if err := setHeaderField(hdr, key, raw); err != nil {
			return hdr, recs, err
		}
	}
	_, err = dec.Token()
	return hdr, recs, err
}

func collect(r io.Reader) (*PassiveDNS, []DNSRecord, error) {
	hdr, seq := PassiveDNSRecords(r)
	var recs []DNSRecord
	for rec, err := range seq {
		if err != nil {
			return hdr, recs, err
		}
		recs = append(recs, rec)
	}
	return hdr, recs, nil
}

// timeRaw makes cmp look at Raw and the instant, including the location.
var timeRaw = cmp.Comparer(func(a, b Time) bool {
	return a.Raw == b.Raw && a.Time.Equal(b.Time) && a.Time.Location() == b.Time.Location()
})

// checkSame compares the fast decoders with the references on body.
func checkSame(t *testing.T, body []byte) {
	t.Helper()
	want, werr := refDecodePassiveDNS(body)
	if got, ok := decodePassiveDNSFast(body); ok {
		if werr != nil {
			t.Errorf("fast path accepted %q; encoding/json: %v", body, werr)
		} else if diff := cmp.Diff(want, got, timeRaw); diff != "" {
			t.Errorf("fast path on %q (-json +fast):\n%s", body, diff)
		}
	}
	var got PassiveDNS
	gerr := json.Unmarshal(body, &got)
	if (gerr == nil) != (werr == nil) {
		t.Errorf("UnmarshalJSON(%q) error %v, reference %v", body, gerr, werr)
	} else if werr == nil {
		if diff := cmp.Diff(want, &got, timeRaw); diff != "" {
			t.Errorf("UnmarshalJSON(%q) (-json +got):\n%s", body, diff)
		}
	}
	// Streamed, including one byte per Read so every refill path runs.
	wantHdr, wantRecs, wantErr := refStream(bytes.NewReader(body))
	for _, r := range []io.Reader{bytes.NewReader(body), iotest.OneByteReader(bytes.NewReader(body))} {
		hdr, recs, err := collect(r)
		if (err == nil) != (wantErr == nil) {
			t.Errorf("streamed %q: error %v, reference %v", body, err, wantErr)
		}
		if diff := cmp.Diff(wantRecs, recs, timeRaw); diff != "" {
			t.Errorf("streamed %q records (-ref +got):\n%s", body, diff)
		}
		if diff := cmp.Diff(wantHdr, hdr, timeRaw); wantErr == nil && diff != "" {
			t.Errorf("streamed %q header (-ref +got):\n%s", body, diff)
		}
	}
}

var fastPathBodies = []string{
	`{}`, `{"results":[]}`, `{"results":null}`, `{"results":[null]}`, `{"results":[1]}`, `{"results":[{}]}`,
	`{"results":{"value":"a"}}`, `{"results":"N/A"}`, `{"results":"x"}`,
	`{"queryValue":"a.example","queryType":"domain","firstSeen":"2020-01-01 00:00:00","lastSeen":null,"totalRecords":3,"pager":null,"results":[{"value":"a"}]}`,
	`{"totalRecords":"3"}`, `{"totalRecords":3.0}`, `{"totalRecords":3.5}`, `{"totalRecords":-0}`, `{"totalRecords":1e2}`,
	`{"pager":{}}`, `{"pager":{"next":"p2","page_size":2}}`, `{"pager":"x"}`,
	`{"queryValue":"N/A"}`, `{"queryValue":" n/A "}`, `{"queryValue":12}`, `{"QueryValue":"x"}`, `{"queryvalue":"x","queryValue":"y"}`,
	`{"queryValue":"a","queryValue":"b"}`, `{"queryValue":"caf\u00e9"}`, `{"queryValue":"café"}`, "{\"queryValue\":\"\xff\"}",
	`{"results":[{"firstSeen":"2021-01-01 00:00:00","lastSeen":"2022-01-01T00:00:00Z","collected":1383116400000,"value":"a.example","resolve":"ns1.example.","resolveType":"domain","recordType":"NS","source":["riskiq","N/A",null,""],"recordHash":"ab"}]}`,
	`{"results":[{"firstSeen":"N/A","lastSeen":"","collected":"2021-02-30 00:00:00","value":null,"resolve":"N/A","source":"riskiq"}]}`,
	`{"results":[{"source":"N/A"},{"source":null},{"source":[]},{"source":["n/a"]},{"source":[null]},{"source":"x"},{"source":{"a":1}}]}`,
	`{"results":[{"value":"a","Value":"b"}]}`, `{"results":[{"value":"a","value":"b"}]}`, `{"results":[{"vaLue":"b"}]}`,
	`{"results":[{"value":"a\/b"}]}`, `{"results":[{"val\u0075e":"a"}]}`, `{"results":[{"value":true,"resolve":1.5}]}`,
	`{"results":[{"value":{}}]}`, `{"results":[{"value":[]}]}`, `{"results":[{"extra":{"a":[1,2,{"b":null}]},"value":"a"}]}`,
	`{"results":[{"firstSeen":" 2021-01-01 00:00:00 "}]}`, `{"results":[{"firstSeen":"Mon Aug 29 20:00:00 VET 2016"}]}`,
	`{"results":[{"value":"a"},]}`, `{"results":[{"value":"a"} {"value":"b"}]}`, `{"results":[{"value":"a",}]}`,
	`{"results":[{"value" "a"}]}`, `{"results":[{"value":"a"}]`, `{"results":[{"value":"a`, `{"results":[{"firstSeen":`,
	`{"results":[{"value":"a"}]} trailing`, `{"results":[{"value":"a"}]}  `, ` {"results" : [ {"value" : "a" } ] } `,
	`{"error":{"http_code":401,"message":"no"}}`, `{"error":null,"results":[]}`, `[1]`, `1`, `"x"`, ``, `   `, `x`, `{`,
	`{"results":[{"value":"a"}],"results":[{"value":"b"}]}`, `{"Results":[{"value":"a"}]}`,
	`{"results":[{"value":"tab	inside"}]}`, `{"results":[{"value":"a\x"}]}`, `{"results":[{"value":"\u12"}]}`,
	`{"results":[{"x":-01}]}`, `{"results":[{"x":1.}]}`, `{"results":[{"x":1e}]}`, `{"results":[{"x":-}]}`, `{"results":[{"x":tru}]}`,
	`{"results":[{"x":[1,]}]}`, `{"results":[{"x":{"a"}}]}`, `{"results":[{"x":{1:2}}]}`,
}

func TestPassiveDNSFastPathMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	checkBodies(t, fastPathBodies, checkSame)
}

// checkBodies runs check on each body and on every saved body under testdata, each
// in a parallel subtest: the differential tests of the hand-written decoders.
func checkBodies(t *testing.T, bodies []string, check func(*testing.T, []byte)) {
	t.Helper()
	for i, body := range bodies {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			check(t, []byte(body))
		})
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, p := range files {
		t.Run(filepath.Base(p), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			check(t, data)
		})
	}
}

func TestPassiveDNSFastPathLargeStream(t *testing.T) {
	t.Parallel()
	data, err := io.ReadAll(newSyntheticPDNS(5000))
	if err != nil {
		t.Fatal(err)
	}
	checkSame(t, data)
	// Big values near the window's growth steps.
	big := `{"results":[{"value":"` + strings.Repeat("a", 70<<10) + `"},{"x":"` + strings.Repeat("b", 200<<10) + `","value":"c"}]}`
	checkSame(t, []byte(big))
}

func TestDNSRecordUnmarshalJSON(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"value":"a","source":["x"]}`, `{"value":"a"} `, `{"value":"a","value":"b"}`, `null`, `{"source":"N/A"}`} {
		var want dnsRecordWire
		werr := json.Unmarshal([]byte(body), &want)
		var got DNSRecord
		gerr := json.Unmarshal([]byte(body), &got)
		if (gerr == nil) != (werr == nil) {
			t.Errorf("%s: error %v, reference %v", body, gerr, werr)
		}
		if diff := cmp.Diff(want.record(), got, timeRaw); werr == nil && diff != "" {
			t.Errorf("%s (-ref +got):\n%s", body, diff)
		}
	}
}

func FuzzPassiveDNSFastPath(f *testing.F) {
	addFixtureSeeds(f)
	for _, b := range fastPathBodies {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSame(t, data)
	})
}
