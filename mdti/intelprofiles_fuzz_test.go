package mdti_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
)

// profileAddSeeds adds every fixture of the testdata folders (the go fuzz cache
// folder testdata/fuzz is not used: these bodies are the seeds) and a few
// hostile bodies.
func profileAddSeeds(f *testing.F) {
	for _, dir := range []string{"profiles", "vulnerabilities"} {
		names, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		if err != nil {
			f.Fatal(err)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	for _, s := range []string{
		``, `{}`, `null`, `[]`, `{"value":null}`, `{"value":{}}`, `{"id":null}`,
		`{"value":[{"artifact":"x","firstSeenDateTime":99999999999999999999}]}`,
		`{"id":"a","cvss3Summary":{"score":"1e309"}}`, `{"error":"text"}`, `{"error":{"code":5}}`,
		"{\"id\":\"\xff\xfe\",\"title\":\"\\u0000\"}",
	} {
		f.Add([]byte(s))
	}
}

// profileFuzzDecoder checks one decoder: it never panics, an error is a
// *SavedBodyError (or a size error), and a decoded value survives
// marshal/decode/marshal/decode unchanged after the first pass (the
// first pass may normalise: trim, lower-case, replace invalid UTF-8).
func profileFuzzDecoder[T any](f *testing.F, decode func(io.Reader) (*T, error)) {
	profileAddSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := decode(bytes.NewReader(data))
		if err != nil {
			var se *mdti.SavedBodyError
			if !errors.As(err, &se) && !errors.Is(err, passivetotal.ErrResponseTooLarge) {
				t.Fatalf("error %T %v is not a *SavedBodyError", err, err)
			}
			if se != nil && se.Error() == "" {
				t.Fatal("empty error text")
			}
			return
		}
		first := profileRemarshal(t, v, decode)
		second := profileRemarshal(t, first, decode)
		if diff := cmp.Diff(first, second); diff != "" {
			t.Fatalf("not stable after one round trip (-first +second):\n%s", diff)
		}
	})
}

func profileRemarshal[T any](t *testing.T, v *T, decode func(io.Reader) (*T, error)) *T {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %#v: %v", v, err)
	}
	back, err := decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decoding own output %s: %v", b, err)
	}
	return back
}

func FuzzDecodeIntelProfiles(f *testing.F) { profileFuzzDecoder(f, mdti.DecodeIntelProfiles) }

func FuzzDecodeIntelProfile(f *testing.F) { profileFuzzDecoder(f, mdti.DecodeIntelProfile) }

func FuzzDecodeIntelProfileIndicators(f *testing.F) {
	profileFuzzDecoder(f, mdti.DecodeIntelProfileIndicators)
}

func FuzzDecodeVulnerability(f *testing.F) { profileFuzzDecoder(f, mdti.DecodeVulnerability) }

func FuzzDecodeVulnerabilityComponents(f *testing.F) {
	profileFuzzDecoder(f, mdti.DecodeVulnerabilityComponents)
}

func FuzzDecodeVulnerabilityArticles(f *testing.F) {
	profileFuzzDecoder(f, mdti.DecodeVulnerabilityArticles)
}
