package stix_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/internal/testkit/stixsamples"
	"github.com/ptstix/passivetotal/stix"
)

func TestBundleDedupAndContentID(t *testing.T) {
	t.Parallel()
	objs := stixsamples.Objects()
	b := stix.NewBundle(objs...)
	if n := b.Add(objs...); n != 0 {
		t.Errorf("re-adding the same objects added %d", n)
	}
	if len(b.Objects) != len(objs) {
		t.Errorf("%d objects, want %d", len(b.Objects), len(objs))
	}
	// Reversed order, duplicates: same content ID.
	rev := make([]stix.Object, 0, 2*len(objs))
	for i := len(objs) - 1; i >= 0; i-- {
		rev = append(rev, objs[i], objs[i])
	}
	if got := stix.NewBundle(rev...).ID; got != b.ID {
		t.Errorf("content ID depends on order: %s vs %s", got, b.ID)
	}
	if stix.NewBundle(objs[1:]...).ID == b.ID {
		t.Error("different content, same ID")
	}
	if got := b.Get(objs[3].StixID()); got != objs[3] {
		t.Errorf("Get = %v", got)
	}
	if !strings.HasPrefix(b.ID, "bundle--") {
		t.Errorf("bad id %s", b.ID)
	}
	// Same UUID, different types: both kept.
	m := &stix.Identity{Common: stix.Common{ID: "identity--693c68fd-9a33-5d6d-b44e-407b6a48b05b"}}
	v := &stix.Vulnerability{Common: stix.Common{ID: "vulnerability--693c68fd-9a33-5d6d-b44e-407b6a48b05b"}}
	if n := stix.NewBundle(m, v).Add(); len(stix.NewBundle(m, v).Objects) != 2 || n != 0 {
		t.Error("objects with the same UUID and different types collapsed")
	}
}

func TestBundleDecode(t *testing.T) {
	t.Parallel()
	b := stixsamples.Bundle()
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	back, err := stix.ParseBundle(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(back)
	if diff := cmp.Diff(string(data), string(again)); diff != "" {
		t.Errorf("bundle round trip (-want +got):\n%s", diff)
	}
	if _, ok := back.Objects[0].(*stix.Identity); !ok {
		t.Errorf("first object decoded as %T", back.Objects[0])
	}
	for _, bad := range []string{`{"type":"x"}`, `[]`, `{"type":"bundle","objects":[{"id":"x"}]}`} {
		if _, err := stix.ParseBundle([]byte(bad)); err == nil {
			t.Errorf("ParseBundle(%s): no error", bad)
		}
	}
}

func TestBundleWriterMatchesBundle(t *testing.T) {
	t.Parallel()
	objs := stixsamples.Objects()
	for _, id := range []string{"", "bundle--2f87c142-bd7c-540e-a911-e88f88913b34"} {
		var buf bytes.Buffer
		w := stix.NewBundleWriter(&buf, id)
		for _, o := range append(objs, objs...) { // every object twice
			if _, err := w.Write(o); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if w.Count() != len(objs) {
			t.Errorf("Count = %d, want %d", w.Count(), len(objs))
		}
		got, err := stix.ParseBundle(buf.Bytes())
		if err != nil {
			t.Fatalf("streamed bundle does not parse: %v\n%s", err, buf.Bytes())
		}
		want := stix.NewBundle(objs...)
		if id != "" {
			want.ID = id
		}
		if got.ID != want.ID {
			t.Errorf("id %s, want %s", got.ID, want.ID)
		}
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(want)
		if diff := cmp.Diff(string(b), string(a)); diff != "" {
			t.Errorf("streamed bundle differs (-mem +stream):\n%s", diff)
		}
	}
}

func TestBundleWriterEmpty(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"", "bundle--2f87c142-bd7c-540e-a911-e88f88913b34"} {
		var buf bytes.Buffer
		w := stix.NewBundleWriter(&buf, id)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		b, err := stix.ParseBundle(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", buf.Bytes(), err)
		}
		if len(b.Objects) != 0 || !strings.HasPrefix(b.ID, "bundle--") {
			t.Errorf("empty bundle %s", buf.Bytes())
		}
		if _, err := w.Write(stixsamples.Objects()[0]); err == nil {
			t.Error("Write after Close: no error")
		}
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n == 0 {
		return 0, errors.New("disk full")
	}
	f.n--
	return len(p), nil
}

func TestBundleWriterErrors(t *testing.T) {
	t.Parallel()
	w := stix.NewBundleWriter(&failWriter{n: 1}, "")
	objs := stixsamples.Objects()
	if _, err := w.Write(objs[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(objs[1]); err == nil {
		t.Fatal("no error from a failing writer")
	}
	if err := w.Close(); err == nil {
		t.Error("Close after a write error: no error")
	}
	// An object that cannot be marshalled is refused, the bundle stays valid.
	var buf bytes.Buffer
	w = stix.NewBundleWriter(&buf, "")
	bad := &stix.DomainName{ObservableCommon: stix.ObservableCommon{ID: "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7"}, Value: "\xff"}
	if _, err := w.Write(bad); err == nil {
		t.Error("no error for invalid UTF-8")
	}
	if _, err := w.Write(objs[0]); err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	if _, err := stix.ParseBundle(buf.Bytes()); err != nil {
		t.Errorf("bundle invalid after a refused object: %v\n%s", err, buf.Bytes())
	}
}

// BenchmarkBundleWriter shows the per-object cost of streaming.
func BenchmarkBundleWriter(b *testing.B) {
	objs := stixsamples.Objects()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		w := stix.NewBundleWriter(&buf, "bundle--2f87c142-bd7c-540e-a911-e88f88913b34")
		for _, o := range objs {
			_, _ = w.Write(o)
		}
		_ = w.Close()
	}
}

func TestObjectsOf(t *testing.T) {
	t.Parallel()
	b := stixsamples.Bundle()
	if got := len(stix.ObjectsOf[*stix.Relationship](b)); got != 11 {
		t.Errorf("%d relationships, want 11", got)
	}
	if got := len(stix.ObjectsOf[*stix.MarkingDefinition](b)); got != 3 {
		t.Errorf("%d markings, want 3", got)
	}
}
