package cli

import (
	"github.com/ptstix/passivetotal/stix"
)

// EncodeBundle returns the JSON of a bundle holding objs, deduplicated by ID, with the
// stix package's content-derived ID (the same objects always give the same bytes).
func EncodeBundle(objs []stix.Object) ([]byte, error) {
	return stix.NewBundle(objs...).MarshalJSON()
}
