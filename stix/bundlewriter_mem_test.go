package stix_test

import (
	"encoding/json"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/stix"
)

// countingWriter discards the bundle but checks it is one JSON value.
type countingWriter struct {
	n    int
	tail []byte // the last bytes written, to check the end of the bundle
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	c.tail = append(c.tail[:0], p[max(0, len(p)-64):]...)
	return len(p), nil
}

// heapAfterGC returns the live heap.
func heapAfterGC() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// The streaming writer holds no object: what it keeps per distinct object
// is its 16-byte dedup key (plus map overhead), whatever the object's size.
// 100k observables of ~1 kB each go through it; the live heap may grow by
// the key set only, far below the bytes written.
//
// Not parallel on purpose: it measures the live heap, which parallel tests
// would disturb (top-level parallel tests wait until it has finished).
func TestBundleWriterMemory(t *testing.T) {
	const n = 100_000
	pad := strings.Repeat("p", 900)
	out := &countingWriter{}
	w := stix.NewBundleWriter(out, "")
	before := heapAfterGC()
	for i := range n {
		v := "host-" + strconv.Itoa(i) + ".example.com"
		id, err := stix.DomainNameID(v)
		if err != nil {
			t.Fatal(err)
		}
		o := &stix.DomainName{ObservableCommon: stix.ObservableCommon{ID: id, Custom: map[string]any{"x_pad": pad}}, Value: v}
		for range 2 { // the second Write is a duplicate
			if _, err := w.Write(o); err != nil {
				t.Fatal(err)
			}
		}
	}
	during := heapAfterGC()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if w.Count() != n {
		t.Fatalf("Count = %d, want %d (duplicates written?)", w.Count(), n)
	}
	if out.n < n*900 {
		t.Fatalf("wrote %d bytes for %d objects of ~1 kB", out.n, n)
	}
	var grown int64
	if during > before {
		grown = int64(during - before)
	}
	// Go maps of 16-byte keys cost ~20-40 bytes per entry; 128 leaves room
	// for a race-instrumented build and still proves no object (1 kB) or
	// buffer of output is retained.
	if perObject := grown / n; perObject > 128 {
		t.Errorf("live heap grew %d bytes for %d objects (%d per object): the writer retains more than its dedup keys", grown, n, perObject)
	}
	t.Logf("%d objects, %d bytes written, live heap +%d bytes (%d per object)", n, out.n, grown, grown/n)
	if !strings.HasSuffix(string(out.tail), `"}`) {
		t.Errorf("bundle ends with %q", out.tail)
	}
}

// Zero objects, with and without a caller-given ID, is still one valid
// JSON bundle, also through a writer that sees many small writes.
func TestBundleWriterZeroObjectsJSON(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"", "bundle--2f87c142-bd7c-540e-a911-e88f88913b34"} {
		pr, pw := io.Pipe()
		go func() {
			w := stix.NewBundleWriter(pw, id)
			pw.CloseWithError(w.Close())
		}()
		var v struct {
			Type    string            `json:"type"`
			ID      string            `json:"id"`
			Objects []json.RawMessage `json:"objects"`
		}
		dec := json.NewDecoder(pr)
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("id %q: %v", id, err)
		}
		if _, err := dec.Token(); err != io.EOF {
			t.Errorf("id %q: trailing data after the bundle (%v)", id, err)
		}
		if v.Type != "bundle" || v.Objects == nil || len(v.Objects) != 0 || !strings.HasPrefix(v.ID, "bundle--") {
			t.Errorf("id %q: got %+v", id, v)
		}
		if id != "" && v.ID != id {
			t.Errorf("id = %s, want %s", v.ID, id)
		}
	}
}
