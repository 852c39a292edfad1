package importer

import (
	"errors"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ptstix/passivetotal"
)

// TestMapAhead: articles come out in source order, mapped, except those known
// (unmapped, marked skip); a source error ends the sequence; a consumer that stops
// early stops the source, which has returned by the time mapAhead does.
func TestMapAhead(t *testing.T) {
	t.Parallel()
	boom := errors.New("page 3 failed")
	var ended atomic.Bool
	var calls atomic.Int64
	src := func(n int, err error) func(func(passivetotal.Article, error) bool) {
		return func(yield func(passivetotal.Article, error) bool) {
			defer ended.Store(true)
			for i := range n {
				if !yield(article("g"+strconv.Itoa(i), time.Unix(int64(i), 0)), nil) {
					return
				}
			}
			if err != nil {
				yield(passivetotal.Article{}, err)
			}
		}
	}
	fn := func(a passivetotal.Article) (Mapped, error) {
		calls.Add(1)
		return mapOK(a)
	}
	known := map[string]bool{"g3": true}
	i := 0
	for it := range mapAhead(src(50, boom), known, fn) {
		if it.srcErr != nil {
			if i != 50 || !errors.Is(it.srcErr, boom) {
				t.Fatalf("error %v after %d articles", it.srcErr, i)
			}
			i++
			continue
		}
		if want := "g" + strconv.Itoa(i); it.a.GUID != want {
			t.Fatalf("article %d is %s, want %s", i, it.a.GUID, want)
		}
		if it.skip != (it.a.GUID == "g3") || !it.skip && (it.mapErr != nil || len(it.m.Bundles) != 1 || it.m.Bundles[0].Name != it.a.GUID) {
			t.Fatalf("article %s: skip %v, mapped %+v, %v", it.a.GUID, it.skip, it.m, it.mapErr)
		}
		i++
	}
	if i != 51 || calls.Load() != 49 || !ended.Load() {
		t.Errorf("%d items, %d mapped, source ended %v", i, calls.Load(), ended.Load())
	}

	ended.Store(false)
	n := 0
	for range mapAhead(src(10000, nil), nil, fn) {
		if n++; n == 5 {
			break
		}
	}
	if !ended.Load() {
		t.Error("mapAhead returned before its source")
	}
}
