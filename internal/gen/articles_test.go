package gen

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type articleList struct {
	Success      bool      `json:"success"`
	Articles     []Article `json:"articles"`
	TotalRecords int       `json:"totalRecords"`
}

func TestWriteArticlesShape(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if _, err := WriteArticles(&buf, ArticleOptions{Seed: 5, Articles: 40, Quirks: true}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"success", "articles", "totalRecords"}, objectKeys(t, buf.Bytes())); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
	first := bytes.Index(buf.Bytes(), []byte(`"articles":[`)) + len(`"articles":[`)
	if diff := cmp.Diff([]string{"guid", "title", "summary", "type", "publishedDate", "createdDate", "link", "categories", "tags", "indicators"}, objectKeys(t, buf.Bytes()[first:])); diff != "" {
		t.Errorf("article keys (-want +got):\n%s", diff)
	}
	var l articleList
	decodeStrict(t, buf.Bytes(), &l)
	if !l.Success || l.TotalRecords != 40 || len(l.Articles) != 40 {
		t.Fatalf("envelope: %v %d %d", l.Success, l.TotalRecords, len(l.Articles))
	}
	guid := regexp.MustCompile(`^[0-9a-f]{8}$`)
	guids := map[string]bool{}
	var prev time.Time
	var nullPub, noInd, emptyTitle int
	for i, a := range l.Articles {
		if !guid.MatchString(a.GUID) || guids[a.GUID] {
			t.Errorf("article %d guid %q", i, a.GUID)
		}
		guids[a.GUID] = true
		c, err := time.Parse(ArticleTimeLayout, a.CreatedDate)
		if err != nil || !c.After(prev) {
			t.Errorf("article %d createdDate %q not ascending (%v)", i, a.CreatedDate, err)
		}
		prev = c
		if a.PublishedDate == nil {
			nullPub++
		}
		if len(a.Indicators) == 0 {
			noInd++
		}
		if a.Title == "" {
			emptyTitle++
		}
		if a.Categories == nil || a.Tags == nil || a.Indicators == nil {
			t.Errorf("article %d has a null list", i)
		}
		for _, g := range a.Indicators {
			if g.Count != len(g.Values) || (g.Source != "public" && g.Source != "riskiq") {
				t.Errorf("article %d group %+v", i, g)
			}
		}
	}
	if nullPub == 0 || noInd == 0 || emptyTitle == 0 {
		t.Errorf("quirks missing: null published %d, no indicators %d, empty title %d", nullPub, noInd, emptyTitle)
	}
	if !bytes.Contains(buf.Bytes(), []byte(" VET ")) || !bytes.Contains(buf.Bytes(), []byte("+00:00")) {
		t.Error("odd publishedDate formats missing")
	}
}

func TestArticleZeroHasEveryType(t *testing.T) {
	t.Parallel()
	a := ArticleAt(ArticleOptions{Seed: 1, Articles: 3}, 0)
	var types []string
	for _, g := range a.Indicators {
		types = append(types, g.Type)
	}
	if diff := cmp.Diff(IndicatorTypes, types); diff != "" {
		t.Errorf("types (-want +got):\n%s", diff)
	}
	for _, want := range []string{"T1566.002 - Spearphishing Link", "CVE-2021-44228"} {
		if !slices.Contains(a.Tags, want) {
			t.Errorf("tag %q missing", want)
		}
	}
	wantLen := map[string]int{"hash_md5": 32, "hash_sha1": 40, "sha256": 64, "hash_sha512": 128, "certificate_sha1": 40}
	for _, g := range a.Indicators {
		if n, ok := wantLen[g.Type]; ok && len(g.Values[0]) != n {
			t.Errorf("%s value %q has length %d", g.Type, g.Values[0], len(g.Values[0]))
		}
		if g.Type == "ip" && (!regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`).MatchString(g.Values[0]) || !bytes.Contains([]byte(g.Values[1]), []byte(":"))) {
			t.Errorf("ip values %v: want v4 then v6", g.Values)
		}
	}
}

func TestArticlesFixedIndicators(t *testing.T) {
	t.Parallel()
	o := ArticleOptions{Seed: 2, Articles: 100, Indicators: 50}
	for i := range o.Articles {
		n := 0
		for _, g := range ArticleAt(o, i).Indicators {
			n += len(g.Values)
		}
		if n != 50 {
			t.Fatalf("article %d has %d values", i, n)
		}
	}
}

func TestArticlesDeterministic(t *testing.T) {
	t.Parallel()
	write := func(o ArticleOptions) []byte {
		var buf bytes.Buffer
		if _, err := WriteArticles(&buf, o); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	o := ArticleOptions{Seed: 9, Articles: 20, Quirks: true}
	if !bytes.Equal(write(o), write(o)) {
		t.Error("same options, different bytes")
	}
	if bytes.Equal(write(o), write(ArticleOptions{Seed: 10, Articles: 20, Quirks: true})) {
		t.Error("different seed, same bytes")
	}
	if !json.Valid(write(ArticleOptions{})) {
		t.Error("empty listing is not JSON")
	}
}
