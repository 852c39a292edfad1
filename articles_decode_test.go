package passivetotal

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/internal/gen"
)

// The hand-written article decoder must give exactly what the lenient
// encoding/json path gives; these reference types are that path as it was
// before the fast path existed.

type refGroup ArticleIndicatorGroup

func (g *refGroup) UnmarshalJSON(b []byte) error {
	var w struct {
		Type   flexString           `json:"type"`
		Count  flexInt              `json:"count"`
		Values flexList[flexString] `json:"values"`
		Source flexString           `json:"source"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*g = refGroup{Type: string(w.Type), Count: int(w.Count), Values: flexStrings(w.Values), Source: string(w.Source)}
	return nil
}

type refArticle Article

func (a *refArticle) UnmarshalJSON(b []byte) error {
	var w struct {
		GUID          flexString           `json:"guid"`
		Title         flexString           `json:"title"`
		Summary       flexString           `json:"summary"`
		Type          flexString           `json:"type"`
		Link          flexString           `json:"link"`
		PublishedDate Time                 `json:"publishedDate"`
		CreatedDate   Time                 `json:"createdDate"`
		Categories    flexList[flexString] `json:"categories"`
		Tags          flexList[flexString] `json:"tags"`
		Indicators    flexList[refGroup]   `json:"indicators"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var groups []ArticleIndicatorGroup
	if w.Indicators != nil {
		groups = make([]ArticleIndicatorGroup, len(w.Indicators))
		for i, g := range w.Indicators {
			groups[i] = ArticleIndicatorGroup(g)
		}
	}
	*a = refArticle{
		GUID: string(w.GUID), Title: string(w.Title), Summary: string(w.Summary),
		Type: string(w.Type), Link: string(w.Link),
		PublishedDate: w.PublishedDate, CreatedDate: w.CreatedDate,
		Categories: flexStrings(w.Categories), Tags: flexStrings(w.Tags),
		Indicators: groups,
	}
	return nil
}

func refDecodeArticleList(b []byte) (*ArticleList, error) {
	var w struct {
		Success      flexBool             `json:"success"`
		TotalRecords flexInt              `json:"totalRecords"`
		Articles     flexList[refArticle] `json:"articles"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, err
	}
	l := &ArticleList{Success: bool(w.Success), TotalRecords: int(w.TotalRecords)}
	if w.Articles != nil {
		l.Articles = make([]Article, len(w.Articles))
		for i, a := range w.Articles {
			l.Articles[i] = Article(a)
		}
	}
	return l, nil
}

func checkSameArticles(t *testing.T, body []byte) {
	t.Helper()
	want, werr := refDecodeArticleList(body)
	if got, ok := decodeArticleListFast(body); ok {
		if werr != nil {
			t.Errorf("fast path accepted %q; encoding/json: %v", body, werr)
		} else if diff := cmp.Diff(want, got, timeRaw); diff != "" {
			t.Errorf("fast path on %q (-json +fast):\n%s", body, diff)
		}
	}
	var got ArticleList
	if gerr := json.Unmarshal(body, &got); (gerr == nil) != (werr == nil) {
		t.Errorf("UnmarshalJSON(%q) error %v, reference %v", body, gerr, werr)
	} else if werr == nil {
		if diff := cmp.Diff(want, &got, timeRaw); diff != "" {
			t.Errorf("UnmarshalJSON(%q) (-json +got):\n%s", body, diff)
		}
	}
	var one refArticle
	werr = json.Unmarshal(body, &one)
	var a Article
	if gerr := json.Unmarshal(body, &a); (gerr == nil) != (werr == nil) {
		t.Errorf("Article.UnmarshalJSON(%q) error %v, reference %v", body, gerr, werr)
	} else if diff := cmp.Diff(Article(one), a, timeRaw); werr == nil && diff != "" {
		t.Errorf("Article.UnmarshalJSON(%q) (-json +got):\n%s", body, diff)
	}
}

var fastArticleBodies = []string{
	`{}`, `{"articles":[]}`, `{"articles":null}`, `{"articles":[null]}`, `{"articles":{"guid":"a"}}`, `{"articles":"N/A"}`,
	`{"success":true,"totalRecords":2,"articles":[{"guid":"a","title":"T \"q\" \u00e9 \ud83d\ude00 \/ \n","summary":null,"type":"public","link":"N/A"}]}`,
	`{"success":"true","totalRecords":"2"}`, `{"success":1}`, `{"success":false,"totalRecords":2.0}`, `{"totalRecords":2.5}`,
	`{"articles":[{"publishedDate":"Mon Aug 29 20:00:00 VET 2016","createdDate":"2021-03-05T08:00:00.000+0000"}]}`,
	`{"articles":[{"publishedDate":1383116400000,"createdDate":null}]}`,
	`{"articles":[{"categories":[],"tags":["a","N/A",null,""]},{"categories":"x","tags":"n/a"},{"categories":null,"tags":[null]}]}`,
	`{"articles":[{"indicators":[]},{"indicators":null},{"indicators":{"type":"ip"}},{"indicators":[null]},{"indicators":"N/A"}]}`,
	`{"articles":[{"indicators":[{"type":"domain","count":2,"values":["a.example","b.example"],"source":"public"},{"type":"ip","count":"1","values":"192.0.2.1"}]}]}`,
	`{"articles":[{"indicators":[{"type":"ip","count":null,"values":[],"source":null,"extra":{"x":[1]}}]}]}`,
	`{"articles":[{"guid":"a","GUID":"b"}]}`, `{"articles":[{"guid":"a","guid":"b"}]}`, `{"articles":[{"indicators":[{"Type":"ip"}]}]}`,
	`{"articles":[{"guid":1}]}`, `{"articles":[{"guid":{}}]}`, `{"articles":[{"guid":"\ud800"}]}`, "{\"articles\":[{\"guid\":\"\xff\"}]}",
	`{"articles":[{"indicators":[{"count":1.5}]}]}`, `{"articles":[{"indicators":[{"count":"x"}]}]}`,
	`{"articles":[{"guid":"a"},]}`, `{"articles":[{"guid":"a"}`, `{"articles":[{"guid":"a\q"}]}`, `{"articles":[]} x`,
	`{"ARTICLES":[{"guid":"a"}]}`, `[]`, `null`, ``, `{"articles":[{"guid":"a"}]}  `,
	`{"guid":"a","title":"t","indicators":[{"type":"ip","values":["1.2.3.4"]}]}`,
}

func TestArticlesFastPathMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	checkBodies(t, fastArticleBodies, checkSameArticles)
	t.Run("generated with quirks", func(t *testing.T) {
		t.Parallel()
		var buf bytes.Buffer
		if _, err := gen.WriteArticles(&buf, gen.ArticleOptions{Seed: 3, Articles: 60, Quirks: true}); err != nil {
			t.Fatal(err)
		}
		checkSameArticles(t, buf.Bytes())
	})
}

func FuzzArticlesFastPath(f *testing.F) {
	addFixtureSeeds(f)
	for _, b := range fastArticleBodies {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSameArticles(t, data)
	})
}
