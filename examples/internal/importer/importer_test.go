package importer

import (
	"context"
	"errors"
	"iter"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/stix"
)

func article(guid string, created time.Time) passivetotal.Article {
	return passivetotal.Article{GUID: guid, Title: guid, CreatedDate: passivetotal.NewTime(created)}
}

// fixedSource yields arts, filtering by since like the API, and counts the calls.
func fixedSource(calls *atomic.Int32, arts ...passivetotal.Article) Source {
	return func(ctx context.Context, since time.Time) iter.Seq2[passivetotal.Article, error] {
		calls.Add(1)
		return func(yield func(passivetotal.Article, error) bool) {
			for _, a := range arts {
				if !since.IsZero() && a.CreatedDate.Before(since) {
					continue
				}
				if !yield(a, nil) {
					return
				}
			}
		}
	}
}

// recordSink remembers the names of the bundles written.
type recordSink struct{ names []string }

func (s *recordSink) WriteBundle(_ context.Context, _, name string, _ *stix.Bundle) error {
	s.names = append(s.names, name)
	return nil
}
func (s *recordSink) Close() error { return nil }

func mapOK(a passivetotal.Article) (Mapped, error) {
	if a.Title == "bad" {
		return Mapped{}, errors.New("cannot map")
	}
	id, _ := stix.DomainNameID(a.GUID + ".example")
	d := &stix.DomainName{Value: a.GUID + ".example"}
	d.ID = id
	return Mapped{Bundles: []Output{{Kind: "article", Name: a.GUID, Bundle: stix.NewBundle(d)}}}, nil
}

func TestRunDeduplicatesAndPrunes(t *testing.T) {
	t.Parallel()
	day := func(d, h int) time.Time { return time.Date(2024, 4, d, h, 0, 0, 0, time.UTC) }
	var calls atomic.Int32
	store := &cli.MemoryStore{}
	bad := article("g-bad", day(10, 9))
	bad.Title = "bad"
	arts := []passivetotal.Article{article("g1", day(1, 8)), bad, article("g2", day(10, 10)), article("g3", day(12, 7)), article("g4", day(12, 7))}
	sink := &recordSink{}
	im := &Importer{Source: fixedSource(&calls, arts...), Map: mapOK, Sink: sink, Store: store}
	res, err := im.Run(t.Context())
	if err != nil || res.Sent != 4 || res.Skipped != 1 {
		t.Fatalf("first run = %+v, %v", res, err)
	}
	st, _ := store.Load(t.Context())
	// The window is the day before the cursor's day: only g3 and g4 (the 12th) remain.
	if d := cmp.Diff(cli.State{LastArticleTime: day(12, 7), SentGUIDs: []string{"g3", "g4"}, LastRunTime: st.LastRunTime}, st); d != "" {
		t.Errorf("state (-want +got):\n%s", d)
	}
	res, err = im.Run(t.Context())
	if err != nil || res.Sent != 0 || res.AlreadySent != 2 {
		t.Errorf("second run = %+v, %v; want nothing new, g3 and g4 recognised", res, err)
	}
	if d := cmp.Diff([]string{"g1", "g2", "g3", "g4"}, sink.names); d != "" {
		t.Errorf("bundles (-want +got):\n%s", d)
	}
}

func TestLoopRunsEveryInterval(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		im := &Importer{Source: fixedSource(&calls), Map: mapOK, Sink: &recordSink{}, Store: &cli.MemoryStore{}}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- im.Loop(ctx, time.Hour) }()
		time.Sleep(150 * time.Minute)
		synctest.Wait()
		if n := calls.Load(); n != 3 {
			t.Errorf("%d runs in 2.5 hours with a 1 hour interval, want 3", n)
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Loop after cancel = %v, want nil", err)
		}
	})
}

func TestLoopStopsOnBadCredentials(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := func(ctx context.Context, since time.Time) iter.Seq2[passivetotal.Article, error] {
			return func(yield func(passivetotal.Article, error) bool) {
				yield(passivetotal.Article{}, &passivetotal.ErrorResponse{StatusCode: 401})
			}
		}
		im := &Importer{Source: src, Map: mapOK, Sink: &recordSink{}, Store: &cli.MemoryStore{}}
		if err := im.Loop(t.Context(), time.Hour); !errors.Is(err, passivetotal.ErrUnauthorized) {
			t.Errorf("Loop = %v, want an unauthorized error at once", err)
		}
	})
}
