package passivetotal

import (
	"encoding/json"

	"github.com/ptstix/passivetotal/internal/jsonscan"
)

// Article is one PassiveTotal (RiskIQ) threat-intelligence article, as
// returned by GET /articles and GET /articles/{guid}.
type Article struct {
	GUID    string `json:"guid"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Type    string `json:"type"` // "public" or a private marker
	Link    string `json:"link"`
	// PublishedDate varies in format ("2021-03-05T08:00:00.000+0000",
	// "Mon Aug 29 20:00:00 VET 2016") and may be null.
	PublishedDate Time                    `json:"publishedDate"`
	CreatedDate   Time                    `json:"createdDate"`
	Categories    []string                `json:"categories"`
	Tags          []string                `json:"tags"`
	Indicators    []ArticleIndicatorGroup `json:"indicators"`
}

// ArticleIndicatorGroup is the indicators of one type (and source) in an
// article: for example every "domain" the article names.
type ArticleIndicatorGroup struct {
	Type   string   `json:"type"` // open enum: domain, ip, url, hash_md5, certficate_sha1 (sic), ...
	Count  int      `json:"count"`
	Values []string `json:"values"`
	Source string   `json:"source"` // "public" or "riskiq"
}

// ArticleIndicator is one row of the flat GET /articles/indicators list.
type ArticleIndicator struct {
	Value         string   `json:"value"`
	Type          string   `json:"type"`
	Source        string   `json:"source"`
	GUID          string   `json:"guid"` // the article's GUID
	Link          string   `json:"link"`
	PublishedDate Time     `json:"publishedDate"`
	Tags          []string `json:"tags"`
}

// ArticleList is one page of GET /articles (and GET /articles/indicator).
type ArticleList struct {
	Success      bool      `json:"success"`
	TotalRecords int       `json:"totalRecords"`
	Articles     []Article `json:"articles"`
}

// ArticleIndicatorList is one page of GET /articles/indicators.
type ArticleIndicatorList struct {
	Success      bool               `json:"success"`
	TotalRecords int                `json:"totalRecords"`
	Indicators   []ArticleIndicator `json:"indicators"`
}

// UnmarshalJSON decodes an article leniently: N/A placeholders, single
// values for lists, numbers as strings and odd timestamps are accepted.
func (a *Article) UnmarshalJSON(b []byte) error {
	if v, ok := decodeArticleFast(b); ok {
		*a = v
		return nil
	}
	var w struct {
		GUID          flexString                      `json:"guid"`
		Title         flexString                      `json:"title"`
		Summary       flexString                      `json:"summary"`
		Type          flexString                      `json:"type"`
		Link          flexString                      `json:"link"`
		PublishedDate Time                            `json:"publishedDate"`
		CreatedDate   Time                            `json:"createdDate"`
		Categories    flexList[flexString]            `json:"categories"`
		Tags          flexList[flexString]            `json:"tags"`
		Indicators    flexList[ArticleIndicatorGroup] `json:"indicators"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Article{
		GUID: string(w.GUID), Title: string(w.Title), Summary: string(w.Summary),
		Type: string(w.Type), Link: string(w.Link),
		PublishedDate: w.PublishedDate, CreatedDate: w.CreatedDate,
		Categories: flexStrings(w.Categories), Tags: flexStrings(w.Tags),
		Indicators: w.Indicators,
	}
	return nil
}

// UnmarshalJSON decodes an indicator group leniently.
func (g *ArticleIndicatorGroup) UnmarshalJSON(b []byte) error {
	var w struct {
		Type   flexString           `json:"type"`
		Count  flexInt              `json:"count"`
		Values flexList[flexString] `json:"values"`
		Source flexString           `json:"source"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*g = ArticleIndicatorGroup{Type: string(w.Type), Count: int(w.Count), Values: flexStrings(w.Values), Source: string(w.Source)}
	return nil
}

// UnmarshalJSON decodes a flat indicator row leniently.
func (i *ArticleIndicator) UnmarshalJSON(b []byte) error {
	var w struct {
		Value         flexString           `json:"value"`
		Type          flexString           `json:"type"`
		Source        flexString           `json:"source"`
		GUID          flexString           `json:"guid"`
		Link          flexString           `json:"link"`
		PublishedDate Time                 `json:"publishedDate"`
		Tags          flexList[flexString] `json:"tags"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*i = ArticleIndicator{
		Value: string(w.Value), Type: string(w.Type), Source: string(w.Source), GUID: string(w.GUID),
		Link: string(w.Link), PublishedDate: w.PublishedDate, Tags: flexStrings(w.Tags),
	}
	return nil
}

// UnmarshalJSON decodes a listing page leniently (totalRecords as a string,
// a single article instead of a list).
func (l *ArticleList) UnmarshalJSON(b []byte) error {
	if v, ok := decodeArticleListFast(b); ok {
		*l = *v
		return nil
	}
	var w struct {
		Success      flexBool          `json:"success"`
		TotalRecords flexInt           `json:"totalRecords"`
		Articles     flexList[Article] `json:"articles"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*l = ArticleList{Success: bool(w.Success), TotalRecords: int(w.TotalRecords), Articles: w.Articles}
	return nil
}

// UnmarshalJSON decodes an indicator page leniently.
func (l *ArticleIndicatorList) UnmarshalJSON(b []byte) error {
	var w struct {
		Success      flexBool                   `json:"success"`
		TotalRecords flexInt                    `json:"totalRecords"`
		Indicators   flexList[ArticleIndicator] `json:"indicators"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*l = ArticleIndicatorList{Success: bool(w.Success), TotalRecords: int(w.TotalRecords), Indicators: w.Indicators}
	return nil
}

// The fast path of the article decoders: a page of articles in the usual
// shape is read by hand in one pass (encoding/json, with one UnmarshalJSON
// per level, would rescan every indicator value about a dozen times). Anything unusual in an article (numbers where strings go, a
// single value instead of a list, duplicate or oddly cased keys, lone
// surrogates...) sends that article to Article.UnmarshalJSON's lenient
// path; anything unusual in the envelope, or malformed JSON anywhere,
// sends the whole body to encoding/json, which also has the error.

var articleGroupNames = []string{"type", "count", "values", "source"}

// indicatorGroup reads one element of an article's indicators.
func (s *scanner) indicatorGroup() (ArticleIndicatorGroup, error) {
	var g ArticleIndicatorGroup
	err := s.Object(articleGroupNames, func(f int) (err error) {
		switch f {
		case 0:
			g.Type, err = s.flexString()
		case 1:
			g.Count, err = s.flexInt()
		case 2:
			g.Values, err = s.flexStrings()
		case 3:
			g.Source, err = s.flexString()
		}
		return err
	})
	return g, err
}

var articleNames = []string{"guid", "title", "summary", "type", "link", "publishedDate", "createdDate",
	"categories", "tags", "indicators"}

// article reads one article object by hand.
func (s *scanner) article() (Article, error) {
	var a Article
	err := s.Object(articleNames, func(f int) (err error) {
		switch f {
		case 0:
			a.GUID, err = s.flexString()
		case 1:
			a.Title, err = s.flexString()
		case 2:
			a.Summary, err = s.flexString()
		case 3:
			a.Type, err = s.flexString()
		case 4:
			a.Link, err = s.flexString()
		case 5:
			a.PublishedDate, err = s.timeValue()
		case 6:
			a.CreatedDate, err = s.timeValue()
		case 7:
			a.Categories, err = s.flexStrings()
		case 8:
			a.Tags, err = s.flexStrings()
		case 9:
			a.Indicators = a.Indicators[:0]
			var isNull bool
			isNull, err = s.List(func() error {
				g, err := s.indicatorGroup()
				a.Indicators = append(a.Indicators, g)
				return err
			})
			if err == nil && !isNull && a.Indicators == nil {
				a.Indicators = []ArticleIndicatorGroup{} // [] decodes to an empty list
			}
		}
		return err
	})
	return a, err
}

// articleFast reads one article, through Article.UnmarshalJSON when it is
// not in the usual shape. ok is false on malformed JSON or a decoding
// error (the caller then lets encoding/json report on the whole body).
func (s *scanner) articleFast() (Article, bool) {
	s.SkipSpace()
	start := s.I
	a, err := s.article()
	if err == nil {
		return a, true
	}
	s.I = start
	if s.Skip() != nil {
		return Article{}, false
	}
	a = Article{}
	return a, json.Unmarshal(s.B[start:s.I], &a) == nil
}

var articleListNames = []string{"success", "totalRecords", "articles"}

// decodeArticleListFast decodes a whole GET /articles body by hand; ok is
// false when encoding/json must decide.
func decodeArticleListFast(data []byte) (*ArticleList, bool) {
	s := &scanner{jsonscan.Scanner{B: data}}
	l := new(ArticleList)
	ok := true
	err := s.Object(articleListNames, func(f int) error {
		switch f {
		case 0:
			c, err := s.Peek()
			if err != nil {
				return err
			}
			switch c {
			case 't':
				l.Success = true
				return s.Literal("true")
			case 'f':
				return s.Literal("false")
			}
			return jsonscan.ErrSlow
		case 1:
			n, err := s.flexInt()
			l.TotalRecords = n
			return err
		}
		isNull, err := s.List(func() error {
			a, good := s.articleFast()
			ok = ok && good
			l.Articles = append(l.Articles, a)
			if !good {
				return jsonscan.ErrSlow
			}
			return nil
		})
		if err == nil && !isNull && l.Articles == nil {
			l.Articles = []Article{}
		}
		return err
	})
	if err != nil || !ok {
		return nil, false
	}
	s.SkipSpace()
	return l, s.I == len(s.B)
}

// decodeArticleFast decodes one article object by hand; ok is false when
// encoding/json must decide.
func decodeArticleFast(data []byte) (Article, bool) {
	s := &scanner{jsonscan.Scanner{B: data}}
	a, err := s.article()
	if err != nil {
		return Article{}, false
	}
	s.SkipSpace()
	return a, s.I == len(s.B)
}
