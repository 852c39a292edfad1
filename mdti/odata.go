package mdti

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"strings"

	"github.com/ptstix/passivetotal/internal/httpcore"
)

// DefaultPageBudget is how many pages one listing follows at most (see
// WithPageBudget): a server whose @odata.nextLink never ends cannot keep a
// caller busy for ever.
const DefaultPageBudget = 1000

// ErrPageBudget matches the *PageBudgetError yielded, after the items
// read, when a listing still has a next page once the page budget is
// spent. The same value as passivetotal.ErrPageBudget.
var ErrPageBudget = httpcore.ErrPageBudget

// PageBudgetError names the listing and the pages read; it matches
// ErrPageBudget.
type PageBudgetError = httpcore.PageBudgetError

// ErrNextLink matches a *NextLinkError: an @odata.nextLink the client
// refuses to follow.
var ErrNextLink = errors.New("mdti: unusable @odata.nextLink")

// NextLinkError is an @odata.nextLink the client refuses to follow: not an
// absolute URL, another scheme, host or API root than the client's base
// URL (the bearer token would go there), credentials or a fragment in it,
// or a link already followed (a server that pages in a circle).
type NextLinkError struct {
	Link   string // the link as sent, cut to 256 bytes
	Reason string
}

// Error names the link and why it was refused.
func (e *NextLinkError) Error() string {
	return fmt.Sprintf("mdti: @odata.nextLink %q refused: %s", e.Link, e.Reason)
}

// Is matches ErrNextLink.
func (e *NextLinkError) Is(target error) bool { return target == ErrNextLink }

// page is one OData collection page.
type page[T any] struct {
	Value    []T
	NextLink string
	Count    int // @odata.count, -1 when absent
}

// decodePage reads {"value":[...], "@odata.nextLink": "...", "@odata.count": n}.
// A body without a "value" array is not a Graph collection: a
// *passivetotal.DecodeError-like shape error (see shapeError).
func decodePage[T any](body []byte) (*page[T], error) {
	var env struct {
		Value    json.RawMessage `json:"value"`
		NextLink *text           `json:"@odata.nextLink"`
		Count    json.RawMessage `json:"@odata.count"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	v := bytes.TrimSpace(env.Value)
	if len(v) == 0 || v[0] != '[' {
		return nil, errNotCollection
	}
	p := &page[T]{Count: -1}
	if err := json.Unmarshal(v, &p.Value); err != nil {
		return nil, err
	}
	if env.NextLink != nil {
		p.NextLink = strings.TrimSpace(string(*env.NextLink))
	}
	var n int
	if json.Unmarshal(env.Count, &n) == nil && n >= 0 {
		p.Count = n
	}
	return p, nil
}

// errNotCollection says a body has no "value" array.
var errNotCollection = errors.New(`no "value" array: not a Graph collection`)

// checkNextLink validates an @odata.nextLink against the base URL. Graph
// gives a full URL to follow verbatim; the client only checks that it stays
// on the base URL's scheme, host and API root, so the bearer token never
// leaves for a host the caller did not choose.
func checkNextLink(base *url.URL, link string, seen map[string]bool) (*url.URL, error) {
	shown := link
	if len(shown) > 256 {
		shown = shown[:256] + "..."
	}
	refuse := func(reason string) error { return &NextLinkError{Link: shown, Reason: reason} }
	if strings.ContainsAny(link, " \t\r\n\x00") {
		return nil, refuse("holds spaces or control characters")
	}
	u, err := url.Parse(link)
	if err != nil {
		return nil, refuse("not a URL")
	}
	switch {
	case !u.IsAbs() || u.Host == "":
		return nil, refuse("not an absolute URL")
	case u.User != nil:
		return nil, refuse("carries credentials")
	case u.Fragment != "" || strings.Contains(link, "#"):
		return nil, refuse("has a fragment")
	case !strings.EqualFold(u.Scheme, base.Scheme):
		return nil, refuse("scheme differs from the base URL's")
	case !strings.EqualFold(u.Host, base.Host):
		return nil, refuse("host differs from the base URL's")
	}
	root := apiRoot(base)
	if p := u.EscapedPath(); p != root && !strings.HasPrefix(p, root+"/") {
		return nil, refuse("path is outside " + root)
	}
	for _, seg := range strings.Split(u.EscapedPath(), "/") {
		if v, err := url.PathUnescape(seg); err != nil || v == "." || v == ".." {
			return nil, refuse("has dot segments or bad escapes")
		}
	}
	if seen[link] {
		return nil, refuse("already followed (the server pages in a circle)")
	}
	seen[link] = true
	return u, nil
}

// apiRoot is the path every page must stay under: the base URL's own
// path (Graph's nextLinks repeat the resource path they page through).
func apiRoot(base *url.URL) string {
	return strings.TrimSuffix(base.EscapedPath(), "/")
}

// pageOf decodes one collection page of wire items W.
type pageOf[W any] struct{ p *page[W] }

// UnmarshalJSON reads the page and refuses a body without a "value"
// array; the shared stack reports the error as a *DecodeError.
func (p *pageOf[W]) UnmarshalJSON(body []byte) error {
	pg, err := decodePage[W](body)
	if err != nil {
		return err
	}
	p.p = pg
	return nil
}

// list walks a Graph collection: GET path?query, then each
// @odata.nextLink verbatim (after checkNextLink) until a page has none.
// Each wire item is converted by conv; keep, when set, may end the walk
// early by returning false for an item (which is not yielded). Pages are
// fetched as the loop asks for them; an error ends the sequence, yielded
// once, last. Past the page budget ErrPageBudget is yielded.
func list[W, T any](ctx context.Context, c *Client, path string, query url.Values,
	conv func(*W) T, keep func(T) (yield, more bool)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		seen := map[string]bool{}
		var next *url.URL
		for pageNo := 0; ; pageNo++ {
			if pageNo >= c.pageBudget {
				yield(zero, c.core.NewPageBudgetError(path+" listing", pageNo))
				return
			}
			var pg pageOf[W]
			var err error
			if next == nil {
				_, err = c.get(ctx, path, query, &pg)
			} else {
				_, err = c.getURL(ctx, next, &pg)
			}
			if err != nil {
				yield(zero, err)
				return
			}
			for i := range pg.p.Value {
				item := conv(&pg.p.Value[i])
				ok, more := true, true
				if keep != nil {
					ok, more = keep(item)
				}
				if ok && !yield(item, nil) {
					return
				}
				if !more {
					return
				}
			}
			if pg.p.NextLink == "" {
				return
			}
			if next, err = checkNextLink(c.base, pg.p.NextLink, seen); err != nil {
				yield(zero, err)
				return
			}
		}
	}
}

// errCollection says a collection came where one entity belongs.
var errCollection = errors.New("a collection where one entity belongs")

// errNoID says an entity body has no "id": not a Graph entity.
var errNoID = errors.New(`no "id": not a Graph entity`)
