package importer

import (
	"context"
	"fmt"
	"io"
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

// readArticles decodes one saved body; nil, nil when it is another kind of body. The
// kind is sniffed first (a few bytes), so a large body of another kind (a passive DNS
// answer) is only checked to be whole, never held in memory; an articles body larger
// than passivetotal.MaxDecodeSize is refused from its size, before it is read.
func readArticles(path string) ([]passivetotal.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	kind, err := passivetotal.SniffBody(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	switch kind {
	case passivetotal.KindArticleList, passivetotal.KindArticle:
	default:
		// Left out only when whole: a truncated file is broken, whatever it held.
		if err := cli.CheckJSON(f); err != nil {
			return nil, fmt.Errorf("%s: %s body: %w", path, kind, err)
		}
		return nil, nil
	}
	if fi.Size() > passivetotal.MaxDecodeSize {
		return nil, fmt.Errorf("%s: %s body of %d bytes, over the %d-byte limit: %w", path, kind, fi.Size(),
			int64(passivetotal.MaxDecodeSize), &passivetotal.DecodeError{Kind: passivetotal.DecodeTooLarge, Err: passivetotal.ErrResponseTooLarge})
	}
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
