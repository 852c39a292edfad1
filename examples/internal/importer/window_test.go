package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/stix"
)

// diskSink is a ConcurrentSink double: each write takes a time of its own (so writes
// end out of order), a write may fail or cancel the run, and a bundle is durable only
// once Sync has run after its write returned.
type diskSink struct {
	window int
	delay  func(name string) time.Duration
	failOn string             // the name whose write fails
	cancel string             // the name whose write cancels the run (it succeeds)
	stop   context.CancelFunc // the run's cancel

	mu       sync.Mutex
	inFlight map[string]bool
	written  map[string][]byte // name -> the bytes of its last write that returned
	durable  map[string][]byte
	overlap  int // the most writes seen in flight at once
	clash    []string
}

func newDiskSink(window int) *diskSink {
	return &diskSink{window: window, inFlight: map[string]bool{}, written: map[string][]byte{}, durable: map[string][]byte{}}
}

func (d *diskSink) Concurrency() int { return d.window }

func (d *diskSink) Sync() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	for k, v := range d.written {
		d.durable[k] = v
	}
	return nil
}

func (d *diskSink) WriteBundle(ctx context.Context, kind, name string, b *stix.Bundle) error {
	return d.StreamBundle(ctx, kind, name, func(w io.Writer) error {
		data, err := b.AppendJSON(nil)
		w.Write(data)
		return err
	})
}

func (d *diskSink) StreamBundle(ctx context.Context, kind, name string, write func(io.Writer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	k := kind + ":" + name
	d.mu.Lock()
	if d.inFlight[k] {
		d.clash = append(d.clash, k)
	}
	d.inFlight[k] = true
	d.overlap = max(d.overlap, len(d.inFlight))
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		delete(d.inFlight, k)
		d.mu.Unlock()
	}()
	if d.delay != nil {
		time.Sleep(d.delay(name))
	}
	if name == d.failOn {
		return errDiskFull
	}
	if name == d.cancel {
		d.stop()
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	d.mu.Lock()
	d.written[k] = buf.Bytes()
	d.mu.Unlock()
	return nil
}

func (d *diskSink) Close() error { return nil }

// checkStore is a StateStore that checks, at every save, that each article the state
// names as sent has its bundle durable in the sink (articles in bad map to nothing).
type checkStore struct {
	cli.MemoryStore
	sink       *diskSink
	bad        map[string]bool
	violations []string
	saves      int
}

func (c *checkStore) Save(ctx context.Context, s cli.State) error {
	c.sink.mu.Lock()
	for _, g := range s.SentGUIDs {
		if _, ok := c.sink.durable["article:"+g]; !ok && !c.bad[g] {
			c.violations = append(c.violations, fmt.Sprintf("save %d names %s, not durable", c.saves, g))
		}
	}
	c.sink.mu.Unlock()
	c.saves++
	return c.MemoryStore.Save(ctx, s)
}

// spread delays the writes by 0 to 6 ms, by name, so that they end out of order.
func spread(name string) time.Duration {
	h := fnv.New32a()
	h.Write([]byte(name))
	return time.Duration(h.Sum32()%7) * time.Millisecond
}

// TestWindowStateNamesOnlyDelivered: with writes overlapping and ending out of order,
// every state saved names only durable bundles, and a failed write or a cancellation
// ends the run with the state naming exactly the delivered prefix of the source.
func TestWindowStateNamesOnlyDelivered(t *testing.T) {
	t.Parallel()
	var arts []passivetotal.Article
	for i := range 40 {
		arts = append(arts, article(fmt.Sprintf("g%02d", i), time.Date(2024, 4, 1, 0, i, 0, 0, time.UTC)))
	}
	arts[9].Title = "bad" // skipped articles count in order too
	guids := func(n int) []string {
		var s []string
		for _, a := range arts[:n] {
			s = append(s, a.GUID)
		}
		return s
	}
	tests := []struct {
		name           string
		window         int
		failOn, cancel string
		wantErr        error
		wantSent       []string // nil: a prefix, not fixed (a cancellation)
	}{
		{"all delivered", 4, "", "", nil, guids(40)},
		{"window of one", 1, "", "", nil, guids(40)},
		{"the 13th write fails", 4, "g13", "", errDiskFull, guids(13)},
		{"the first write fails", 4, "g00", "", errDiskFull, []string{}},
		{"the last write fails", 8, "g39", "", errDiskFull, guids(39)},
		{"cancelled at the 20th", 4, "", "g20", context.Canceled, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				sink := newDiskSink(tt.window)
				sink.delay, sink.failOn, sink.cancel, sink.stop = spread, tt.failOn, tt.cancel, cancel
				store := &checkStore{sink: sink, bad: map[string]bool{"g09": true}}
				var calls atomic.Int32
				im := &Importer{Source: fixedSource(&calls, arts...), Map: mapOK, Sink: sink, Store: store}
				res, err := im.Run(ctx)
				if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
					t.Fatalf("Run = %v, want %v", err, tt.wantErr)
				}
				if n := len(store.violations); n > 0 {
					t.Errorf("%d states naming bundles not durable, first %v", n, store.violations[0])
				}
				if len(sink.clash) > 0 {
					t.Errorf("the same output written twice at once: %v", sink.clash)
				}
				st, _ := store.Load(t.Context())
				sent := st.SentGUIDs
				if tt.wantSent != nil {
					if d := cmp.Diff(tt.wantSent, sent, cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })); d != "" {
						t.Errorf("state after the run (-want +got):\n%s", d)
					}
				} else if !slices.Equal(sent, guids(len(sent))) {
					t.Errorf("state names %v, not a prefix of the source", sent)
				}
				skipped := 0
				if len(sent) > 9 {
					skipped = 1
				}
				if res.Sent != len(sent)-skipped || res.Skipped != skipped {
					t.Errorf("counts %+v for %d articles in the state", res, len(sent))
				}
				if tt.window > 1 && tt.failOn == "" && tt.cancel == "" && sink.overlap < 2 {
					t.Errorf("at most %d write in flight with a window of %d", sink.overlap, tt.window)
				}
				if tt.window == 1 && sink.overlap != 1 {
					t.Errorf("%d writes in flight with a window of one", sink.overlap)
				}
			})
		})
	}
}

// vulnMap maps an article to its bundle and a keyed bundle shared by every article,
// whose content changes every third article: the same output is written again while
// earlier writes of it may still be in flight.
func vulnMap(a passivetotal.Article) (Mapped, error) {
	m, err := mapOK(a)
	if err != nil {
		return m, err
	}
	var i int
	fmt.Sscanf(a.GUID, "g%d", &i)
	v := &stix.Vulnerability{Name: "CVE-2024-0001", Description: fmt.Sprintf("revision %d", i/3)}
	if v.ID, err = stix.VulnerabilityID(stix.PolicyOpenCTI, v.Name); err != nil {
		return Mapped{}, err
	}
	v.Created = stix.Time(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	v.Modified = v.Created
	m.Keyed = []KeyedBundle{{Key: "vulnerability:CVE-2024-0001", Output: Output{Kind: "vulnerability", Name: "CVE-2024-0001", Bundle: stix.NewBundle(v)}}}
	return m, nil
}

// serialSink hides the ConcurrentSink methods of a DirSink: one write at a time.
type serialSink struct{ cli.StreamingSink }

// TestWindowMatchesSerial: to a directory, the files, the state file and the events
// of a run through the window are those of the same run one write at a time.
func TestWindowMatchesSerial(t *testing.T) {
	t.Parallel()
	var arts []passivetotal.Article
	for i := range 30 {
		arts = append(arts, article(fmt.Sprintf("g%02d", i), time.Date(2024, 4, 1+i/10, i, 0, 0, 0, time.UTC)))
	}
	arts[7].Title = "bad"
	arts = append(arts, arts[25]) // sent earlier in the same run
	run := func(concurrent bool) (files map[string]string, state string, events []string) {
		dir := t.TempDir()
		out, statePath := filepath.Join(dir, "out"), filepath.Join(dir, "state.json")
		ds, err := cli.NewDirSink(out)
		if err != nil {
			t.Fatal(err)
		}
		var sink cli.Sink = ds
		if !concurrent {
			sink = serialSink{ds}
		}
		_, isConcurrent := sink.(cli.ConcurrentSink)
		if isConcurrent != concurrent {
			t.Fatalf("sink concurrent %v, want %v", isConcurrent, concurrent)
		}
		var calls atomic.Int32
		obs := cli.ObserverFunc(func(e cli.Event) {
			events = append(events, fmt.Sprintf("%d %s %s %v %v", e.Kind, e.Item, e.Reason, e.Objects, e.Err))
		})
		im := &Importer{Source: fixedSource(&calls, arts...), Map: vulnMap, Sink: sink, Store: cli.FileStore{Path: statePath},
			Observer: obs, Now: func() time.Time { return time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC) }}
		if res, err := im.Run(t.Context()); err != nil || res.Sent != 29 || res.Skipped != 1 || res.AlreadySent != 1 {
			t.Fatalf("concurrent %v: %+v, %v", concurrent, res, err)
		}
		files = map[string]string{}
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			b, _ := os.ReadFile(filepath.Join(out, e.Name()))
			files[e.Name()] = string(b)
		}
		b, _ := os.ReadFile(statePath)
		return files, string(b), events
	}
	files, state, events := run(true)
	wantFiles, wantState, wantEvents := run(false)
	if len(wantFiles) != 30 {
		t.Errorf("%d files, want 29 articles and the vulnerability", len(wantFiles))
	}
	if d := cmp.Diff(wantFiles, files); d != "" {
		t.Errorf("files (-serial +window):\n%s", d)
	}
	if d := cmp.Diff(wantState, state); d != "" {
		t.Errorf("state file (-serial +window):\n%s", d)
	}
	if d := cmp.Diff(wantEvents, events); d != "" {
		t.Errorf("events (-serial +window):\n%s", d)
	}
}

// TestWindowFailedSlotRecordsItsKeyedWrites: a keyed bundle written by a slot whose later
// output then fails is on disk with its new content, so the saved state records its new
// hash; with the old hash kept, content going back to the old value would count as
// unchanged and the file would keep the newer content for good.
func TestWindowFailedSlotRecordsItsKeyedWrites(t *testing.T) {
	t.Parallel()
	value := "v1.example"
	items := func(context.Context) iter.Seq2[Item, error] {
		return func(yield func(Item, error) bool) {
			yield(Item{Name: "profile p", Mapped: Mapped{
				Keyed:   []KeyedBundle{{Key: "profile:p", Output: domainBundle(t, "p", value)}},
				Bundles: []Output{domainBundle(t, "px", "x.example")},
			}}, nil)
		}
	}
	sink := newDiskSink(4)
	var calls atomic.Int32
	im := &Importer{Source: fixedSource(&calls), Map: mapOK, Sink: sink, Store: &cli.MemoryStore{}, Items: items}
	if _, err := im.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	value, sink.failOn = "v2.example", "px"
	if _, err := im.Run(t.Context()); err == nil {
		t.Fatal("the failed write gave no error")
	}
	value, sink.failOn = "v1.example", ""
	if _, err := im.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	want, err := domainBundle(t, "p", "v1.example").Bundle.AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := sink.written["profile:p"]; string(got) != string(want) {
		t.Errorf("profile p on disk:\n%s\nwant\n%s", got, want)
	}
}
