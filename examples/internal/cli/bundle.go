package cli

import (
	"crypto/sha1"
	"fmt"
	"slices"
	"strings"

	"github.com/ptstix/passivetotal/stix"
)

// EncodeBundle returns the JSON of a bundle holding objs, deduplicated by ID, with an ID
// derived from its content so the same objects always give the same bytes.
func EncodeBundle(objs []stix.Object) ([]byte, error) {
	seen := make(map[string]bool, len(objs))
	ids := make([]string, 0, len(objs))
	var body []byte
	for _, o := range objs {
		id := o.StixID()
		if seen[id] {
			continue
		}
		seen[id] = true
		ids = append(ids, id)
		if len(body) > 0 {
			body = append(body, ',')
		}
		var err error
		if body, err = o.AppendJSON(body); err != nil {
			return nil, fmt.Errorf("encode %s: %w", id, err)
		}
	}
	slices.Sort(ids)
	out := make([]byte, 0, len(body)+100)
	out = append(out, `{"type":"bundle","id":"bundle--`...)
	out = append(out, uuid5(strings.Join(ids, "\n"))...)
	out = append(out, `","objects":[`...)
	out = append(out, body...)
	return append(out, "]}"...), nil
}

// bundleNamespace is the UUIDv5 namespace of content-derived bundle IDs.
var bundleNamespace = [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// uuid5 is RFC 4122 UUIDv5 (SHA-1) of name in bundleNamespace.
func uuid5(name string) string {
	h := sha1.New()
	h.Write(bundleNamespace[:])
	h.Write([]byte(name))
	s := h.Sum(nil)
	s[6] = s[6]&0x0f | 0x50
	s[8] = s[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
}
