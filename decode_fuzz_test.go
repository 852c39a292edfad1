package passivetotal

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// addFixtureSeeds adds every body under testdata/ to the fuzz corpus (the
// committed corpora under testdata/fuzz/ hold the odd shapes).
func addFixtureSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
}

// The decoders read untrusted input: whatever the bytes, they return a
// value or an error and never panic. What they decode survives a round
// trip: marshalled and decoded again, it is the same value (so a body saved
// from a decoded value converts like the original).

// roundTrip checks that v, marshalled and decoded again with decode, is v.
func roundTrip[T any](t *testing.T, v *T, decode func(io.Reader) (*T, error)) {
	t.Helper()
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("a decoded value does not marshal: %v", err)
	}
	again, err := decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the marshalled value does not decode: %v\n%s", err, out)
	}
	if diff := cmp.Diff(v, again, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("round trip changed the value (-decoded +again):\n%s", diff)
	}
}

func FuzzDecodeArticles(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if list, err := DecodeArticles(bytes.NewReader(data)); err == nil {
			roundTrip(t, list, DecodeArticles)
		}
		if a, err := DecodeArticle(bytes.NewReader(data)); err == nil {
			roundTrip(t, a, DecodeArticle)
		}
	})
}

func FuzzDecodeArticleIndicators(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if list, err := DecodeArticleIndicators(bytes.NewReader(data)); err == nil {
			roundTrip(t, list, DecodeArticleIndicators)
		}
	})
}

func FuzzDecodePassiveDNS(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		whole, err := DecodePassiveDNS(bytes.NewReader(data))
		_, recs := PassiveDNSRecords(bytes.NewReader(data))
		n := 0
		var serr error
		for _, e := range recs {
			if e != nil {
				serr = e
				break
			}
			n++
		}
		// When both succeed they must agree on the records.
		if err == nil && serr == nil && n != len(whole.Results) {
			t.Errorf("streamed %d records, whole body has %d", n, len(whole.Results))
		}
	})
}

func FuzzDecodeUniqueResolutions(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if u, err := DecodeUniqueResolutions(bytes.NewReader(data)); err == nil {
			roundTrip(t, u, DecodeUniqueResolutions)
		}
	})
}

func FuzzSniffBody(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		SniffBody(bytes.NewReader(data))
		Decode(bytes.NewReader(data))
	})
}

func FuzzTime(f *testing.F) {
	for _, s := range []string{`"2019-10-05 21:51:41"`, `1383116400000`, `"Mon Aug 29 20:00:00 VET 2016"`, `null`, `"N/A"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		var v Time
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("Unmarshal(%q) failed: %v", data, err) // a well-formed value never fails
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", v, err)
		}
		var back Time
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("re-Unmarshal(%s): %v", out, err)
		}
		if !back.Time.Equal(v.Time) {
			t.Errorf("round trip %q -> %s: %v != %v", data, out, back.Time, v.Time)
		}
	})
}

// FuzzDecodeDatasets runs every host dataset decoder on the same bytes:
// each returns a value or an error, and what it decodes survives a round
// trip. Seeds: the fixtures under testdata/datasets and
// testdata/fuzz/FuzzDecodeDatasets.
func FuzzDecodeDatasets(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "datasets", "*.json"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRoundTrip(t, data, DecodeWhois)
		fuzzRoundTrip(t, data, DecodeWhoisHistory)
		fuzzRoundTrip(t, data, DecodeCertificates)
		fuzzRoundTrip(t, data, DecodeCertificateHistory)
		fuzzRoundTrip(t, data, DecodeSubdomains)
		fuzzRoundTrip(t, data, DecodeHostSummary)
		fuzzRoundTrip(t, data, DecodeComponents)
		fuzzRoundTrip(t, data, DecodeTrackers)
		fuzzRoundTrip(t, data, DecodeCookies)
		fuzzRoundTrip(t, data, DecodeHostPairs)
		fuzzRoundTrip(t, data, DecodeServices)
		fuzzRoundTrip(t, data, DecodeReputation)
	})
}

func fuzzRoundTrip[T any](t *testing.T, data []byte, decode func(io.Reader) (*T, error)) {
	t.Helper()
	if v, err := decode(bytes.NewReader(data)); err == nil {
		roundTrip(t, v, decode)
	}
}
