package passivetotal

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Articles are RiskIQ's published threat-intelligence write-ups. Reading
// them is not a lookup of an indicator, so these calls are made with
// search=false: the quota guard neither checks nor counts them. (The API
// reference documents no quota cost for articles; the old OpenCTI importer
// polled them without a quota check, unlike its passive DNS enricher.)

// ArticleListOptions are the parameters of GET /articles.
type ArticleListOptions struct {
	// CreatedAfter keeps articles created after this day (sent as
	// YYYY-MM-DD in UTC). Zero sends nothing.
	CreatedAfter time.Time
	// Sort is the field to sort by; the server's default is "created".
	Sort string
	// Order is "asc" or "desc".
	Order string
	// Page is the first page to fetch (0-based). Later pages follow. A
	// negative page is an *InvalidQueryError, before any request.
	Page int
}

func (o *ArticleListOptions) values() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	if !o.CreatedAfter.IsZero() {
		q.Set("createdAfter", o.CreatedAfter.UTC().Format(time.DateOnly))
	}
	if o.Sort != "" {
		q.Set("sort", o.Sort)
	}
	if o.Order != "" {
		q.Set("order", o.Order)
	}
	return q
}

// ListArticles returns every article matching opts, walking the pages of
// GET /articles (0, 1, 2, ... from opts.Page) until totalRecords articles
// have been read or a page comes back empty. A server that repeats a page
// ends the walk with ErrRepeatedPage, one still going after 1000 pages
// with a *PageBudgetError (ErrPageBudget). Each page is requested only
// when the loop needs it: breaking out of the loop sends no further
// request. An error ends the sequence (it is yielded once, last).
// Does not spend a search.
func (c *Client) ListArticles(ctx context.Context, opts *ArticleListOptions) iter.Seq2[Article, error] {
	start := 0
	if opts != nil {
		start = opts.Page
	}
	return paginate(ctx, start, opts.values(), func(ctx context.Context, q url.Values) ([]Article, int, error) {
		var page ArticleList
		_, err := c.get(ctx, "articles", q, false, &page)
		return page.Articles, page.TotalRecords, err
	}, func(a Article) string { return a.GUID })
}

// GetArticle returns one article by GUID (GET /articles/{guid}). The GUID
// is escaped as one path segment: "/", "?", ".." or spaces in it cannot
// reach another path. An empty GUID is an *InvalidQueryError, returned
// before any request. Does not spend a search.
func (c *Client) GetArticle(ctx context.Context, guid string) (*Article, *Response, error) {
	seg, err := pathSegment("article GUID", guid)
	if err != nil {
		return nil, nil, err
	}
	a := new(Article)
	resp, err := c.get(ctx, "articles/"+seg, nil, false, a)
	if err != nil {
		return nil, resp, err
	}
	return a, resp, nil
}

// ArticleIndicatorOptions are the parameters of GET /articles/indicators.
type ArticleIndicatorOptions struct {
	// ArticleGUID limits the list to one article.
	ArticleGUID string
	// StartDate keeps indicators of articles from this day on (sent as
	// YYYY-MM-DD in UTC). Zero sends nothing.
	StartDate time.Time
	// Page is the first page to fetch (0-based). Later pages follow. A
	// negative page is an *InvalidQueryError, before any request.
	Page int
}

func (o *ArticleIndicatorOptions) values() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	if o.ArticleGUID != "" {
		q.Set("articleGuid", o.ArticleGUID)
	}
	if !o.StartDate.IsZero() {
		q.Set("startDate", o.StartDate.UTC().Format(time.DateOnly))
	}
	return q
}

// ListArticleIndicators returns the flat indicator list of
// GET /articles/indicators, page by page like ListArticles (the server
// usually answers in one page; a page parameter is sent all the same and
// the walk stops at totalRecords, an empty page, or a repeated page).
// Does not spend a search.
func (c *Client) ListArticleIndicators(ctx context.Context, opts *ArticleIndicatorOptions) iter.Seq2[ArticleIndicator, error] {
	start := 0
	if opts != nil {
		start = opts.Page
	}
	return paginate(ctx, start, opts.values(), func(ctx context.Context, q url.Values) ([]ArticleIndicator, int, error) {
		var page ArticleIndicatorList
		_, err := c.get(ctx, "articles/indicators", q, false, &page)
		return page.Indicators, page.TotalRecords, err
	}, func(i ArticleIndicator) string { return i.GUID + "\x00" + i.Type + "\x00" + i.Value })
}

// ErrRepeatedPage is yielded when the server answers a page request with
// the same items as an earlier page: it ignores the page parameter or
// cycles through pages, and walking on would loop forever.
var ErrRepeatedPage = errors.New("passivetotal: server returned the same page twice")

// maxListPages bounds how many pages paginate requests in one walk, so a
// server that keeps handing out new items (with totalRecords 0, unknown)
// cannot keep a caller (import -once) walking forever.
const maxListPages = 1000

// paginate walks page-numbered listings (pagination model C). fetch gets
// one page with "page" set in q and returns its items and totalRecords;
// key identifies an item, to detect a server that ignores "page" or cycles
// through pages. A walk reads at most maxListPages pages.
func paginate[T any](ctx context.Context, start int, q url.Values,
	fetch func(context.Context, url.Values) ([]T, int, error), key func(T) string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if start < 0 {
			yield(zero, &InvalidQueryError{Query: strconv.Itoa(start), Reason: "page is negative"})
			return
		}
		read := 0
		seen := map[string]bool{} // first and last item keys of each page read
		for page := start; ; page++ {
			if page-start >= maxListPages {
				yield(zero, &PageBudgetError{Listing: "article listing", Pages: maxListPages})
				return
			}
			pq := cloneValues(q)
			pq.Set("page", strconv.Itoa(page))
			items, total, err := fetch(ctx, pq)
			if err != nil {
				yield(zero, err)
				return
			}
			if len(items) == 0 {
				return
			}
			sig := key(items[0]) + "\x00\x00" + key(items[len(items)-1])
			if seen[sig] {
				yield(zero, fmt.Errorf("%w (page %d)", ErrRepeatedPage, page))
				return
			}
			seen[sig] = true
			if page == start && start > 0 {
				// Pages before start were full pages of this size.
				read = start * len(items)
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			read += len(items)
			if total > 0 && read >= total {
				return
			}
		}
	}
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q)+1)
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// pathSegment escapes s as one path segment. It refuses an empty value
// and the dot segments "." and "..", which a URL resolver would collapse
// into another path even when escaped as text.
func pathSegment(what, s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", &InvalidQueryError{Query: s, Reason: what + " is empty"}
	}
	if s == "." || s == ".." {
		return "", &InvalidQueryError{Query: s, Reason: what + " is a dot segment"}
	}
	return url.PathEscape(s), nil
}
