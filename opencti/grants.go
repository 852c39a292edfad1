package opencti

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// CopyGrantedRefs adds the organisations in refs to the OpenCTI extension's
// granted_refs of every object in bundle, as pycti does for an enriched
// entity shared with organisations. Existing grants are kept; objects keep
// all their other members. With no refs the bundle is returned unchanged.
func CopyGrantedRefs(bundle []byte, refs []string) ([]byte, error) {
	if len(refs) == 0 {
		return bundle, nil
	}
	var b map[string]json.RawMessage
	if err := json.Unmarshal(bundle, &b); err != nil {
		return nil, fmt.Errorf("granted_refs: bundle: %w", err)
	}
	var objs []map[string]json.RawMessage
	if err := json.Unmarshal(b["objects"], &objs); err != nil {
		return nil, fmt.Errorf("granted_refs: objects: %w", err)
	}
	for i, o := range objs {
		if o == nil {
			return nil, errors.New("granted_refs: null object in bundle")
		}
		exts := map[string]map[string]json.RawMessage{}
		if raw, ok := o["extensions"]; ok {
			if err := json.Unmarshal(raw, &exts); err != nil {
				return nil, fmt.Errorf("granted_refs: object %d: extensions: %w", i, err)
			}
		}
		x := exts[extOpenCTI]
		if x == nil {
			x = map[string]json.RawMessage{}
		}
		var have []string
		if raw, ok := x["granted_refs"]; ok {
			if err := json.Unmarshal(raw, &have); err != nil {
				return nil, fmt.Errorf("granted_refs: object %d: %w", i, err)
			}
		}
		for _, r := range refs {
			if !slices.Contains(have, r) {
				have = append(have, r)
			}
		}
		x["granted_refs"], _ = json.Marshal(have)
		exts[extOpenCTI] = x
		o["extensions"], _ = json.Marshal(exts)
		delete(o, "x_opencti_granted_refs") // pycti moves it into the extension
	}
	b["objects"], _ = json.Marshal(objs)
	return json.Marshal(b)
}
