package importer

import (
	"context"
	"errors"
	"iter"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/stix"
)

// domainBundle is a one-object bundle named name holding value's domain.
func domainBundle(t *testing.T, name, value string) Output {
	t.Helper()
	id, err := stix.DomainNameID(value)
	if err != nil {
		t.Fatal(err)
	}
	d := &stix.DomainName{Value: value}
	d.ID = id
	return Output{Kind: "profile", Name: name, Bundle: stix.NewBundle(d)}
}

// TestRunItems: items go before the articles; a keyed bundle is sent
// again only when its content changed; an item that cannot be converted
// is skipped; an item source error ends the run with the state saved.
func TestRunItems(t *testing.T) {
	t.Parallel()
	values := map[string]string{"a": "a.example", "b": "b.example"}
	var fail atomic.Bool
	items := func(ctx context.Context) iter.Seq2[Item, error] {
		return func(yield func(Item, error) bool) {
			for _, k := range []string{"a", "b"} {
				it := Item{Name: "profile " + k, Mapped: Mapped{
					Keyed: []KeyedBundle{{Key: "profile:" + k, Output: domainBundle(t, k, values[k])}},
					Skips: []mapping.Skip{{Item: "indicator x", Reason: "why"}},
				}}
				if !yield(it, nil) {
					return
				}
			}
			if !yield(Item{Name: "profile broken", Err: errors.New("no title")}, nil) {
				return
			}
			if fail.Load() {
				yield(Item{}, errors.New("listing failed"))
			}
		}
	}
	var calls atomic.Int32
	sink := &recordSink{}
	store := &cli.MemoryStore{}
	im := &Importer{
		Source: fixedSource(&calls, article("g1", time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC))),
		Map:    mapOK, Sink: sink, Store: store, Items: items,
	}
	res, err := im.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "b", "g1"}, sink.names); diff != "" {
		t.Errorf("first run wrote (-want +got):\n%s", diff)
	}
	if res.ItemsSent != 2 || res.ItemsSkipped != 1 || res.Sent != 1 {
		t.Errorf("first run: %+v", res)
	}

	sink.names = nil
	values["b"] = "b2.example"
	res, err = im.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"b"}, sink.names); diff != "" {
		t.Errorf("second run wrote (-want +got):\n%s", diff)
	}
	if res.ItemsSent != 1 || res.ItemsUnchanged != 1 {
		t.Errorf("second run: %+v", res)
	}
	st, _ := store.Load(t.Context())
	hb, err := ContentHash(domainBundle(t, "b", "b2.example").Bundle)
	if err != nil || st.SentBundles["profile:b"] != hb || len(st.SentBundles) != 2 {
		t.Errorf("state %v, want profile:b = %s", st.SentBundles, hb)
	}

	fail.Store(true)
	sink.names = nil
	if _, err := im.Run(t.Context()); err == nil || err.Error() != "listing failed" {
		t.Errorf("item source error: %v", err)
	}
	if len(sink.names) != 0 {
		t.Errorf("after an item source error the articles ran: %v", sink.names)
	}
	if st2, _ := store.Load(t.Context()); len(st2.SentBundles) != 2 {
		t.Errorf("state lost on error: %v", st2.SentBundles)
	}
}
