package stix

import (
	"bytes"
	"crypto/sha1"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
)

// Bundle is a STIX bundle held in memory. Objects are kept in insertion
// order and deduplicated by ID (the first object with an ID wins). Use
// [NewBundle] or the zero value with [Bundle.Add].
type Bundle struct {
	// ID is the bundle's id. When empty, marshalling uses [Bundle.ContentID].
	ID string
	// Objects are the bundle's objects. Append through Add to keep them
	// deduplicated; direct edits are allowed but bypass the check.
	Objects []Object

	index map[string]int // ID -> position in Objects
}

// NewBundle returns a bundle holding objs (deduplicated) and a
// content-derived ID.
func NewBundle(objs ...Object) *Bundle {
	b := &Bundle{}
	b.Add(objs...)
	b.ID = b.ContentID()
	return b
}

// Add appends the objects whose ID is not in the bundle yet and returns
// how many it added. nil objects are ignored.
func (b *Bundle) Add(objs ...Object) int {
	if b.index == nil || len(b.index) != len(b.Objects) {
		b.reindex()
	}
	if len(b.index) == 0 && len(objs) > 8 {
		// Room for all of them at once: NewBundle of a mapping result
		// otherwise spent much of its time growing the index and list.
		b.index = make(map[string]int, len(objs))
		if len(b.Objects) == 0 && cap(b.Objects) < len(objs) {
			b.Objects = make([]Object, 0, len(objs))
		}
	}
	n := 0
	for _, o := range objs {
		if o == nil {
			continue
		}
		id := o.StixID()
		if _, dup := b.index[id]; dup {
			continue
		}
		b.index[id] = len(b.Objects)
		b.Objects = append(b.Objects, o)
		n++
	}
	return n
}

func (b *Bundle) reindex() {
	b.index = make(map[string]int, len(b.Objects))
	for i, o := range b.Objects {
		if _, dup := b.index[o.StixID()]; !dup {
			b.index[o.StixID()] = i
		}
	}
}

// Get returns the object with id, or nil.
func (b *Bundle) Get(id string) Object {
	if b.index == nil || len(b.index) != len(b.Objects) {
		b.reindex()
	}
	if i, ok := b.index[id]; ok {
		return b.Objects[i]
	}
	return nil
}

// ContentID returns the bundle ID derived from the set of object IDs: see
// the package documentation. The same set always gives the same ID,
// whatever the order; [BundleWriter] computes the same value.
func (b *Bundle) ContentID() string {
	keys := make([]objectKey, 0, len(b.Objects))
	for _, o := range b.Objects {
		keys = append(keys, keyOf(o.StixID()))
	}
	return contentID(keys)
}

// ContentIDOf returns the ID [Bundle.ContentID] gives a bundle of objects
// with these IDs, whatever their order and repeats: a writer that knows
// every ID before it has built the objects can write the ID first, as
// [Bundle.MarshalJSON] does.
func ContentIDOf(ids []string) string {
	keys := make([]IDKey, len(ids))
	for i, id := range ids {
		keys[i] = KeyOfID(id)
	}
	return ContentIDOfKeys(keys)
}

// IDKey is what a bundle's content ID retains of one object ID: 16 bytes,
// so a writer of a million objects can derive the ID without holding a
// million ID strings.
type IDKey [16]byte

// KeyOfID returns the key of an object ID.
func KeyOfID(id string) IDKey { return keyOf(id) }

// ContentIDOfKeys is ContentIDOf for the keys of the IDs (it sorts keys).
func ContentIDOfKeys(keys []IDKey) string {
	return contentID(keys)
}

// objectKey is the 16-byte dedupe key of an object ID: its UUID with a
// 64-bit hash of its type folded into the first half, so that
// "malware--X" and "tool--X" (same name, same UUID) stay distinct.
type objectKey = IDKey

func keyOf(id string) objectKey {
	typ, u, err := splitID(id)
	if err != nil {
		// Not a well-formed ID: fall back to a hash of the whole string.
		sum := sha1.Sum([]byte(id))
		return objectKey(sum[:16])
	}
	h := fnv.New64a()
	h.Write([]byte(typ))
	t := h.Sum64()
	for i := range 8 {
		u[i] ^= byte(t >> (8 * i))
	}
	return objectKey(u)
}

// contentID is bundle--UUIDv5(BundleNamespace, sorted distinct keys).
func contentID(keys []objectKey) string {
	slices.SortFunc(keys, func(a, b objectKey) int { return bytes.Compare(a[:], b[:]) })
	keys = slices.Compact(keys)
	// Hashed through a small buffer: the keys of a million objects are not
	// copied whole.
	h := sha1.New()
	h.Write(bundleNS[:])
	buf := make([]byte, 0, 256*len(objectKey{}))
	for _, k := range keys {
		if len(buf) == cap(buf) {
			h.Write(buf)
			buf = buf[:0]
		}
		buf = append(buf, k[:]...)
	}
	h.Write(buf)
	var sum [sha1.Size]byte
	return formatID(TypeBundle, uuidOfSHA1(h.Sum(sum[:0])))
}

// AppendJSON appends the bundle's JSON: {"type":"bundle","id":...,
// "objects":[...]}.
func (b *Bundle) AppendJSON(dst []byte) ([]byte, error) {
	id := b.ID
	if id == "" {
		id = b.ContentID()
	}
	dst = append(dst, `{"type":"bundle","id":"`...)
	dst = append(dst, id...)
	dst = append(dst, `","objects":[`...)
	var err error
	for i, o := range b.Objects {
		if i > 0 {
			dst = append(dst, ',')
		}
		if dst, err = o.AppendJSON(dst); err != nil {
			return dst, fmt.Errorf("stix: bundle object %s: %w", o.StixID(), err)
		}
	}
	return append(dst, "]}"...), nil
}

// MarshalJSON implements json.Marshaler.
func (b *Bundle) MarshalJSON() ([]byte, error) { return b.AppendJSON(nil) }

// UnmarshalJSON reads a bundle, decoding each object by type with
// [DecodeObject] (unknown types become *[Unknown]).
func (b *Bundle) UnmarshalJSON(data []byte) error {
	var raw struct {
		Type    string            `json:"type"`
		ID      string            `json:"id"`
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("stix: decode bundle: %w", err)
	}
	if raw.Type != TypeBundle {
		return fmt.Errorf("stix: decode bundle: type %q, want \"bundle\"", raw.Type)
	}
	nb := Bundle{ID: raw.ID, Objects: make([]Object, 0, len(raw.Objects))}
	for i, r := range raw.Objects {
		o, err := DecodeObject(r)
		if err != nil {
			return fmt.Errorf("stix: decode bundle object %d: %w", i, err)
		}
		nb.Objects = append(nb.Objects, o)
	}
	*b = nb
	return nil
}

// ParseBundle decodes a bundle from JSON.
func ParseBundle(data []byte) (*Bundle, error) {
	b := &Bundle{}
	if err := b.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return b, nil
}

// errClosed is returned by a BundleWriter used after Close.
var errClosed = errors.New("stix: bundle writer is closed")

// ObjectsOf returns the bundle's objects of Go type T, in bundle order:
// ObjectsOf[*stix.Indicator](b).
func ObjectsOf[T Object](b *Bundle) []T {
	var out []T
	for _, o := range b.Objects {
		if t, ok := o.(T); ok {
			out = append(out, t)
		}
	}
	return out
}
