package pttest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/ptstix/passivetotal/internal/gen"
)

// parseDateParam accepts the date forms peers sent: YYYY-MM-DD,
// "YYYY-MM-DD HH:MM:SS" and RFC 3339; all taken as UTC.
func parseDateParam(v string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", gen.TimeLayout, "2006-01-02T15:04:05", time.RFC3339} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// parsePage reads a 0-based page number.
func parsePage(q url.Values) (int, bool) {
	v, ok := queryOne(q, "page")
	if !ok || v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 0
}

func (s *Server) badRequest(w http.ResponseWriter, msg string) bool {
	s.writeError(w, http.StatusBadRequest, msg, "invalid request parameters")
	return false
}

type articlePage struct {
	Success      bool              `json:"success"`
	Articles     []json.RawMessage `json:"articles"`
	TotalRecords int               `json:"totalRecords"`
}

// serveArticles answers GET /articles: params createdAfter (articles created
// at or after it; a bare date means from 00:00 UTC that day), sort=created
// (the only key), order=asc|desc (default desc, newest first), page
// (0-based, ArticlesPageSize per page). totalRecords counts every match.
func (s *Server) serveArticles(w http.ResponseWriter, q url.Values) bool {
	var after time.Time
	if v, ok := queryOne(q, "createdAfter"); ok && v != "" {
		t, ok := parseDateParam(v)
		if !ok {
			return s.badRequest(w, "createdAfter must be a date (YYYY-MM-DD)")
		}
		after = t
	}
	if v, ok := queryOne(q, "sort"); ok && v != "" && v != "created" {
		return s.badRequest(w, "sort must be created")
	}
	desc := true
	if v, ok := queryOne(q, "order"); ok && v != "" {
		switch v {
		case "asc":
			desc = false
		case "desc":
		default:
			return s.badRequest(w, "order must be asc or desc")
		}
	}
	page, ok := parsePage(q)
	if !ok {
		return s.badRequest(w, "page must be a non-negative integer")
	}
	spent := false
	if s.cfg.ArticlesSpendQuota {
		if !s.spend() {
			s.writeQuotaError(w)
			return false
		}
		spent = true
	}

	var match []int
	for i, a := range s.articles {
		if !a.Created.Before(after) {
			match = append(match, i)
		}
	}
	if desc {
		for l, r := 0, len(match)-1; l < r; l, r = l+1, r-1 {
			match[l], match[r] = match[r], match[l]
		}
	}
	out := articlePage{Success: true, Articles: []json.RawMessage{}, TotalRecords: len(match)}
	size := s.cfg.ArticlesPageSize
	for k := page * size; k < len(match) && k < (page+1)*size; k++ {
		b, _ := gen.MarshalArticle(s.articles[match[k]])
		out.Articles = append(out.Articles, b)
	}
	writeJSON(w, http.StatusOK, marshalNoEscape(out))
	return spent
}

// serveArticle answers GET /articles/{guid} with the bare article object.
func (s *Server) serveArticle(w http.ResponseWriter, guid string) bool {
	i, ok := s.byGUID[guid]
	if !ok {
		s.writeError(w, http.StatusNotFound, "Article not found", "no article with guid "+strconv.Quote(guid))
		return false
	}
	spent := false
	if s.cfg.ArticlesSpendQuota {
		if !s.spend() {
			s.writeQuotaError(w)
			return false
		}
		spent = true
	}
	b, _ := gen.MarshalArticle(s.articles[i])
	writeJSON(w, http.StatusOK, b)
	return spent
}

type flatIndicator struct {
	Value         string   `json:"value"`
	Type          string   `json:"type"`
	Source        string   `json:"source"`
	GUID          string   `json:"guid"`
	Link          string   `json:"link"`
	PublishedDate *string  `json:"publishedDate"`
	Tags          []string `json:"tags"`
}

type indicatorPage struct {
	Success      bool            `json:"success"`
	Indicators   []flatIndicator `json:"indicators"`
	TotalRecords int             `json:"totalRecords"`
}

// serveArticleIndicators answers GET /articles/indicators: params
// articleGuid (one article; unknown gives an empty list), startDate
// (articles published at or after it), page (0-based, IndicatorsPageSize per
// page). Indicators come in article order (oldest first), then group order.
func (s *Server) serveArticleIndicators(w http.ResponseWriter, q url.Values) bool {
	guid, _ := queryOne(q, "articleGuid")
	var start time.Time
	if v, ok := queryOne(q, "startDate"); ok && v != "" {
		t, ok := parseDateParam(v)
		if !ok {
			return s.badRequest(w, "startDate must be a date (YYYY-MM-DD)")
		}
		start = t
	}
	page, ok := parsePage(q)
	if !ok {
		return s.badRequest(w, "page must be a non-negative integer")
	}
	spent := false
	if s.cfg.ArticlesSpendQuota {
		if !s.spend() {
			s.writeQuotaError(w)
			return false
		}
		spent = true
	}
	size := s.cfg.IndicatorsPageSize
	lo, hi := page*size, (page+1)*size
	out := indicatorPage{Success: true, Indicators: []flatIndicator{}}
	for _, a := range s.articles {
		if (guid != "" && a.GUID != guid) || a.Published.Before(start) {
			continue
		}
		for _, g := range a.Indicators {
			for _, v := range g.Values {
				if out.TotalRecords >= lo && out.TotalRecords < hi {
					out.Indicators = append(out.Indicators, flatIndicator{
						Value: v, Type: g.Type, Source: g.Source, GUID: a.GUID, Link: a.Link,
						PublishedDate: a.PublishedDate, Tags: a.Tags,
					})
				}
				out.TotalRecords++
			}
		}
	}
	writeJSON(w, http.StatusOK, marshalNoEscape(out))
	return spent
}

// marshalNoEscape is json.Marshal without HTML escaping, like the API.
func marshalNoEscape(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v) //nolint:errcheck // only our own plain types
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}
