package mdti_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/mdti"
)

// decodeErrOK reports whether a decoder's error is one of the typed
// failures it promises: an unusable body or a Graph error body.
func decodeErrOK(err error) bool {
	var sb *mdti.SavedBodyError
	return errors.Is(err, mdti.ErrInvalidResponse) || errors.Is(err, mdti.ErrResponseTooLarge) || errors.As(err, &sb)
}

func FuzzDecodePassiveDNS(f *testing.F) {
	f.Add([]byte(`{"value":[{"id":"x","recordType":"A","firstSeenDateTime":"2022-04-18T10:31:12Z","parentHost":{"id":"contoso.com"},"artifact":{"@odata.type":"#microsoft.graph.security.ipAddress","id":"20.103.85.33"}}]}`), "contoso.com")
	f.Add([]byte(`{"value":[{"parentHost":{"id":"a.example"},"artifact":{"id":"192.0.2.1"}}],"@odata.nextLink":"https://x"}`), "192.0.2.1")
	f.Add([]byte(`{"error":{"code":"Forbidden","message":"no"}}`), "")
	f.Add([]byte(`{"value":null}`), "")
	f.Fuzz(func(t *testing.T, body []byte, queried string) {
		recs, err := mdti.DecodePassiveDNS(bytes.NewReader(body), queried)
		if err != nil {
			if !decodeErrOK(err) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		again, err := mdti.DecodePassiveDNS(bytes.NewReader(body), queried)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(recs, again); diff != "" {
			t.Fatalf("decoding is not deterministic:\n%s", diff)
		}
		for _, r := range recs {
			if queried != "" && r.Value == "" {
				t.Fatalf("record without a queried side: %+v", r)
			}
		}
	})
}

func FuzzDecodeArticles(f *testing.F) {
	f.Add([]byte(`{"value":[{"id":"a272d5ab","title":"t","summary":{"content":"s","format":"markdown"},"tags":["OSINT"],"createdDateTime":"2023-03-03T18:20:22.677Z"}]}`))
	f.Add([]byte(`{"id":"a","title":{"x":1}}`))
	f.Add([]byte(`{"articles":[],"totalRecords":0}`))
	f.Add([]byte(`<html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		arts, err := mdti.DecodeArticles(bytes.NewReader(body))
		if err != nil {
			if !decodeErrOK(err) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		for _, a := range arts {
			if a.PublishedDate != a.CreatedDate {
				t.Fatalf("publishedDate and createdDate differ: %+v", a)
			}
		}
	})
}

func FuzzDecodeArticleIndicators(f *testing.F) {
	f.Add([]byte(`{"value":[{"id":"i","source":"microsoft","artifact":{"@odata.type":"#microsoft.graph.security.unclassifiedArtifact","kind":"Sha256","value":"ab"}}]}`), "a272d5ab")
	f.Add([]byte(`{"value":[{"id":"i"}]}`), "")
	f.Fuzz(func(t *testing.T, body []byte, id string) {
		inds, err := mdti.DecodeArticleIndicators(bytes.NewReader(body), id)
		if err != nil {
			if !decodeErrOK(err) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		total := 0
		for _, g := range mdti.GroupIndicators(inds) {
			if g.Count != len(g.Values) {
				t.Fatalf("group count %d for %d values", g.Count, len(g.Values))
			}
			total += g.Count
		}
		if total != len(inds) {
			t.Fatalf("grouping kept %d of %d indicators", total, len(inds))
		}
		for _, in := range inds {
			if in.Type == "" || in.GUID != id {
				t.Fatalf("indicator %+v", in)
			}
		}
	})
}
