package passivetotal

import "encoding/json"

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
