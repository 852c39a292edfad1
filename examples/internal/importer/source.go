package importer

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"os"
	"slices"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
)

// APISource reads GET /articles through c, every page, oldest first
// (sort=created&order=asc), from the since day on.
func APISource(c *passivetotal.Client) Source {
	return func(ctx context.Context, since time.Time) iter.Seq2[passivetotal.Article, error] {
		return c.ListArticles(ctx, &passivetotal.ArticleListOptions{CreatedAfter: since, Sort: "created", Order: "asc"})
	}
}

// FileSource reads saved response bodies from path: one file, or every *.json file of a
// directory tree in name order. A file may hold a GET /articles page or a single
// GET /articles/{guid} article; any other body (passive DNS, an API error) is logged and
// left out, since a mixed archive is normal. Articles created before since are left out
// too, as the API would. A file that is not JSON at all ends the run with an error
// naming it.
func FileSource(path string, log *slog.Logger) (Source, error) {
	files, err := cli.ListJSON(path)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return func(ctx context.Context, since time.Time) iter.Seq2[passivetotal.Article, error] {
		return func(yield func(passivetotal.Article, error) bool) {
			for _, f := range files {
				if err := ctx.Err(); err != nil {
					yield(passivetotal.Article{}, err)
					return
				}
				arts, err := readArticles(f)
				if err != nil {
					yield(passivetotal.Article{}, err)
					return
				}
				if arts == nil {
					log.Warn("input file is not an articles body; left out", "file", f)
					continue
				}
				// Oldest first, like the API with order=asc, so the cursor moves forward.
				slices.SortStableFunc(arts, func(a, b passivetotal.Article) int { return a.CreatedDate.Compare(b.CreatedDate.Time) })
				for _, a := range arts {
					if !since.IsZero() && a.CreatedDate.Valid() && a.CreatedDate.Before(since) {
						continue
					}
					if !yield(a, nil) {
						return
					}
				}
			}
		}
	}, nil
}

// readArticles decodes one saved body; nil, nil when it is another kind of body.
func readArticles(path string) ([]passivetotal.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	kind, v, err := passivetotal.Decode(f)
	if err != nil && kind != passivetotal.KindError {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	switch x := v.(type) {
	case *passivetotal.ArticleList:
		return append([]passivetotal.Article{}, x.Articles...), nil
	case *passivetotal.Article:
		return []passivetotal.Article{*x}, nil
	}
	return nil, nil
}
