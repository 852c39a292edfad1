package mdti

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"net/url"
	"strconv"
	"strings"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
)

// ArticleListOptions are the parameters of GET /articles.
type ArticleListOptions struct {
	// CreatedAfter keeps the articles created at or after this instant.
	// Graph's article collection has no $filter, so the list is asked
	// newest first ($orderby=createdDateTime desc) and the walk stops at
	// the first older article: an incremental run reads only the new
	// pages. Zero reads every article. An article whose createdDateTime
	// cannot be read is yielded, never taken as the stop.
	CreatedAfter time.Time
	// PageSize is sent as $top; zero leaves the server's default.
	PageSize int
	// Indicators fills each article's Indicators from GET
	// /articles/{id}/indicators (one more listing per article), grouped by
	// GroupIndicators, so the article maps to STIX as a PassiveTotal
	// article with its indicators does.
	Indicators bool
}

// ListArticles returns the articles newest first, as
// passivetotal.Article values: Title, Summary (its content, in Graph's
// format), Tags, PublishedDate and CreatedDate (both Graph's
// createdDateTime). Pages are fetched as the loop asks for them; an error
// ends the sequence.
func (c *Client) ListArticles(ctx context.Context, opts *ArticleListOptions) iter.Seq2[passivetotal.Article, error] {
	var o ArticleListOptions
	if opts != nil {
		o = *opts
	}
	q := url.Values{"$orderby": {"createdDateTime desc"}}
	if o.PageSize > 0 {
		q.Set("$top", strconv.Itoa(o.PageSize))
	}
	var keep func(passivetotal.Article) (bool, bool)
	if !o.CreatedAfter.IsZero() {
		after := o.CreatedAfter.UTC()
		keep = func(a passivetotal.Article) (bool, bool) {
			if a.CreatedDate.Valid() && a.CreatedDate.Before(after) {
				return false, false
			}
			return true, true
		}
	}
	articles := list(ctx, c, "articles", q, (*articleWire).article, keep)
	if !o.Indicators {
		return articles
	}
	return func(yield func(passivetotal.Article, error) bool) {
		for a, err := range articles {
			if err == nil {
				a.Indicators, err = c.ArticleIndicatorGroups(ctx, a.GUID)
			}
			if !yield(a, err) || err != nil {
				return
			}
		}
	}
}

// GetArticle returns one article by id (GET /articles/{id}), without its
// indicators (see ArticleIndicatorGroups). The id is escaped as one path
// segment; an empty id is a *passivetotal.InvalidQueryError, sent nowhere.
func (c *Client) GetArticle(ctx context.Context, id string) (*passivetotal.Article, *Response, error) {
	seg, err := pathSegment("article id", id)
	if err != nil {
		return nil, nil, err
	}
	var w entity[articleWire]
	resp, err := c.get(ctx, "articles/"+seg, nil, &w)
	if err != nil {
		return nil, resp, err
	}
	a := w.v.article()
	return &a, resp, nil
}

// ListArticleIndicators returns the indicators of article id (GET
// /articles/{id}/indicators), one per artifact, as
// passivetotal.ArticleIndicator values: Type and Value come from the
// artifact (see ArtifactType), Source is Graph's ("microsoft", "osint",
// "public"), GUID is the article id.
func (c *Client) ListArticleIndicators(ctx context.Context, id string) iter.Seq2[passivetotal.ArticleIndicator, error] {
	seg, err := pathSegment("article id", id)
	if err != nil {
		return func(yield func(passivetotal.ArticleIndicator, error) bool) {
			yield(passivetotal.ArticleIndicator{}, err)
		}
	}
	return list(ctx, c, "articles/"+seg+"/indicators", nil,
		func(w *indicatorWire) passivetotal.ArticleIndicator { return w.indicator(id) }, nil)
}

// ArticleIndicatorGroups reads every indicator of article id (all the
// pages of ListArticleIndicators) and groups them as a PassiveTotal
// article holds them (see GroupIndicators).
func (c *Client) ArticleIndicatorGroups(ctx context.Context, id string) ([]passivetotal.ArticleIndicatorGroup, error) {
	var all []passivetotal.ArticleIndicator
	for in, err := range c.ListArticleIndicators(ctx, id) {
		if err != nil {
			return nil, err
		}
		all = append(all, in)
	}
	return GroupIndicators(all), nil
}

// entity decodes one Graph entity: a JSON object with an "id". Anything
// else (a collection where an entity belongs, an object of another API, a
// bare string) is an error.
type entity[W any] struct{ v W }

// UnmarshalJSON reads the entity; see pageOf.UnmarshalJSON.
func (e *entity[W]) UnmarshalJSON(body []byte) error {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(body, &probe); err != nil {
		return err
	}
	if v := bytes.TrimSpace(probe["value"]); len(v) > 0 && v[0] == '[' {
		return errCollection
	}
	if id := bytes.TrimSpace(probe["id"]); len(id) == 0 || string(id) == "null" || string(id) == `""` {
		return errNoID
	}
	return json.Unmarshal(body, &e.v)
}

// pathSegment escapes s as one path segment, refusing empty and dot
// segments (which a resolver would collapse into another path).
func pathSegment(what, s string) (string, error) {
	if s == "" || s == "." || s == ".." {
		return "", &passivetotal.InvalidQueryError{Query: s, Reason: what + " is empty or a dot segment"}
	}
	return url.PathEscape(s), nil
}

// articleWire is microsoft.graph.security.article.
type articleWire struct {
	ODataType           text              `json:"@odata.type"`
	ID                  text              `json:"id"`
	Title               text              `json:"title"`
	Summary             formattedContent  `json:"summary"`
	Body                formattedContent  `json:"body"`
	Tags                textList          `json:"tags"`
	ImageURL            text              `json:"imageUrl"`
	IsFeatured          json.RawMessage   `json:"isFeatured"`
	CreatedDateTime     passivetotal.Time `json:"createdDateTime"`
	LastUpdatedDateTime passivetotal.Time `json:"lastUpdatedDateTime"`
}

// indicatorWire is microsoft.graph.security.articleIndicator.
type indicatorWire struct {
	ID       text          `json:"id"`
	Source   text          `json:"source"`
	Artifact *artifactWire `json:"artifact"`
}

// article converts a Graph article. Graph has no publication date apart
// from createdDateTime, no link and no visibility type: PublishedDate and
// CreatedDate both hold createdDateTime, Link and Type stay empty. The
// summary is its content in whatever format Graph gives (text, html or
// markdown). Indicators come from a separate call (see GroupIndicators).
func (w *articleWire) article() passivetotal.Article {
	return passivetotal.Article{
		GUID:          strings.TrimSpace(string(w.ID)),
		Title:         string(w.Title),
		Summary:       string(w.Summary.Content),
		PublishedDate: w.CreatedDateTime,
		CreatedDate:   w.CreatedDateTime,
		Tags:          []string(w.Tags),
	}
}

// indicator converts one articleIndicator of article articleID. An
// indicator without an artifact keeps its own id as the value and the type
// "graph:articleIndicator", so the mapping reports it as a skip.
func (w *indicatorWire) indicator(articleID string) passivetotal.ArticleIndicator {
	typ, val := "graph:articleIndicator", strings.TrimSpace(string(w.ID))
	if w.Artifact != nil {
		typ, val = w.Artifact.indicator()
	}
	return passivetotal.ArticleIndicator{
		Value:  val,
		Type:   typ,
		Source: strings.ToLower(strings.TrimSpace(string(w.Source))),
		GUID:   articleID,
	}
}

// GroupIndicators turns Graph's one-row-per-artifact indicator list into
// the groups of a PassiveTotal article: one group per (type, source), in
// order of first appearance, values in the order given. Nothing is dropped
// or merged, so every indicator reaches the mapping, which then converts it
// or records a skip. Graph's sources are "microsoft", "osint" and "public".
func GroupIndicators(inds []passivetotal.ArticleIndicator) []passivetotal.ArticleIndicatorGroup {
	if len(inds) == 0 {
		return nil
	}
	type key struct{ typ, src string }
	idx := map[key]int{}
	var out []passivetotal.ArticleIndicatorGroup
	for _, in := range inds {
		k := key{in.Type, in.Source}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, passivetotal.ArticleIndicatorGroup{Type: in.Type, Source: in.Source})
		}
		out[i].Values = append(out[i].Values, in.Value)
		out[i].Count++
	}
	return out
}
