package mapping_test

import (
	"bytes"
	"testing"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/internal/gen"
	"github.com/ptstix/passivetotal/mapping"
)

// articlesBody returns a GET /articles page of 100 articles with 50
// indicator values each (seed 1), generated once.
func articlesBody(b *testing.B) []byte {
	b.Helper()
	pdnsBodyMu.Lock()
	defer pdnsBodyMu.Unlock()
	const key = -100 // shares the body cache with the passive DNS sizes
	if body, ok := pdnsBodies[key]; ok {
		return body
	}
	var buf bytes.Buffer
	if _, err := gen.WriteArticles(&buf, gen.ArticleOptions{Seed: 1, Articles: 100, Indicators: 50}); err != nil {
		b.Fatal(err)
	}
	pdnsBodies[key] = buf.Bytes()
	return buf.Bytes()
}

// BenchmarkArticles measures the importer's path for one page of 100
// articles x 50 indicators: decode the page, map each article, build its
// validated bundle (Result.Bundle, as the importer does) and marshal it.
// "map+write" starts from the decoded page.
func BenchmarkArticles(b *testing.B) {
	body := articlesBody(b)
	page, err := passivetotal.DecodeArticles(bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, articles []passivetotal.Article, buf []byte) ([]byte, int) {
		objs := 0
		for _, a := range articles {
			r, err := mapping.Article(a, mapping.ArticleOptions{})
			if err != nil {
				b.Fatal(err)
			}
			bundle, err := r.Bundle()
			if err != nil {
				b.Fatal(err)
			}
			if buf, err = bundle.AppendJSON(buf[:0]); err != nil {
				b.Fatal(err)
			}
			objs += len(bundle.Objects)
		}
		return buf, objs
	}
	b.Run("decode+map+write", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		var buf []byte
		var objs int
		for b.Loop() {
			p, err := passivetotal.DecodeArticles(bytes.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			buf, objs = run(b, p.Articles, buf)
		}
		reportObjects(b, objs)
	})
	b.Run("map+write", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		var objs int
		for b.Loop() {
			buf, objs = run(b, page.Articles, buf)
		}
		reportObjects(b, objs)
	})
}
