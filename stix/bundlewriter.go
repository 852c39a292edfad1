package stix

import (
	"fmt"
	"io"
)

// BundleWriter streams a bundle to an io.Writer one object at a time, so
// a bundle of any size is written without holding its objects. It
// deduplicates by ID with a set of 16-byte keys (see the package
// documentation): that set is the only state that grows. The output is
// valid JSON even when no object is written. A BundleWriter is not safe
// for concurrent use. Wrap w in a bufio.Writer for small writes.
type BundleWriter struct {
	w       io.Writer
	id      string
	seen    map[objectKey]struct{}
	buf     []byte
	started bool
	closed  bool
	err     error
	n       int
}

// NewBundleWriter returns a writer for a bundle with the given id. With
// an empty id the writer derives the same content ID as
// [Bundle.ContentID] and writes it after the objects
// ({"type":"bundle","objects":[...],"id":"bundle--..."}), since it is only
// known at the end.
func NewBundleWriter(w io.Writer, id string) *BundleWriter {
	return &BundleWriter{w: w, id: id, seen: make(map[objectKey]struct{})}
}

// Write appends o unless an object with the same ID was already written.
// It reports whether o was written. After an error every call fails.
func (bw *BundleWriter) Write(o Object) (bool, error) {
	if bw.err != nil {
		return false, bw.err
	}
	if bw.closed {
		return false, errClosed
	}
	if o == nil {
		return false, nil
	}
	k := keyOf(o.StixID())
	if _, dup := bw.seen[k]; dup {
		return false, nil
	}
	bw.buf = bw.buf[:0]
	if !bw.started {
		bw.buf = bw.header(bw.buf)
		bw.started = true
	} else {
		bw.buf = append(bw.buf, ',')
	}
	var err error
	if bw.buf, err = o.AppendJSON(bw.buf); err != nil {
		// Nothing was written yet: the bundle stays valid without o.
		if bw.n == 0 {
			bw.started = false
		}
		return false, fmt.Errorf("stix: bundle object %s: %w", o.StixID(), err)
	}
	if _, err := bw.w.Write(bw.buf); err != nil {
		bw.err = err
		return false, err
	}
	bw.seen[k] = struct{}{}
	bw.n++
	return true, nil
}

func (bw *BundleWriter) header(b []byte) []byte {
	b = append(b, `{"type":"bundle",`...)
	if bw.id != "" {
		b = append(b, `"id":`...)
		b = appendQuotedASCII(b, bw.id)
		b = append(b, ',')
	}
	return append(b, `"objects":[`...)
}

// appendQuotedASCII quotes an ID; IDs are validated ASCII, but escape
// anyway so a bad caller-given ID cannot break the JSON.
func appendQuotedASCII(b []byte, s string) []byte {
	w := writer{b: b}
	w.quote(s)
	if w.err != nil {
		return append(b, `""`...)
	}
	return w.b
}

// Count returns how many distinct objects were written.
func (bw *BundleWriter) Count() int { return bw.n }

// Close writes the end of the bundle. It does not close the underlying
// writer. Calling Close twice is a no-op.
func (bw *BundleWriter) Close() error {
	if bw.err != nil {
		return bw.err
	}
	if bw.closed {
		return nil
	}
	bw.closed = true
	bw.buf = bw.buf[:0]
	if !bw.started {
		bw.buf = bw.header(bw.buf)
	}
	bw.buf = append(bw.buf, ']')
	if bw.id == "" {
		keys := make([]objectKey, 0, len(bw.seen))
		for k := range bw.seen {
			keys = append(keys, k)
		}
		bw.buf = append(bw.buf, `,"id":"`...)
		bw.buf = append(bw.buf, contentID(keys)...)
		bw.buf = append(bw.buf, '"')
	}
	bw.buf = append(bw.buf, '}')
	if _, err := bw.w.Write(bw.buf); err != nil {
		bw.err = err
		return err
	}
	return nil
}
