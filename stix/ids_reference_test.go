package stix

import (
	"encoding/json"
	"os"
	"testing"
)

// vectorsEnv names the environment variable CI sets to the reference
// vector file (../shared/reference/stix-id-vectors.json).
const vectorsEnv = "PTSTIX_STIX_VECTORS"

// TestReferenceVectorsCovered reads the reference vector file and checks
// that the project's own tables (ids_vectors_test.go) hold every vector,
// under the same label, with the same ID, canonical form and policy: a
// vector added to or changed in the reference file fails CI until the
// tables follow. The tables themselves are checked by TestSCOIDVectors
// and TestPyctiIDVectors.
func TestReferenceVectorsCovered(t *testing.T) {
	t.Parallel()
	path := os.Getenv(vectorsEnv)
	if path == "" {
		t.Skip(vectorsEnv + " is unset: the reference ID vectors are only read in CI (.ci/run sets it)")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type vector struct {
		Label     string `json:"label"`
		Canonical string `json:"canonical"`
		ID        string `json:"id"`
		Policy    string `json:"policy"`
	}
	var ref struct {
		Namespace string   `json:"namespace"`
		SCO       []vector `json:"sco"`
		Pycti     []vector `json:"pycti"`
	}
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	if ref.Namespace != SCONamespace || len(ref.SCO) == 0 || len(ref.Pycti) == 0 {
		t.Fatalf("%s: namespace %q, %d sco and %d pycti vectors", path, ref.Namespace, len(ref.SCO), len(ref.Pycti))
	}
	sco := map[string]scoVector{}
	for _, v := range scoVectorTable() {
		sco[v.label] = v
	}
	for _, v := range ref.SCO {
		mine, ok := sco[v.Label]
		if !ok {
			t.Errorf("sco vector %q is not in scoVectorTable", v.Label)
			continue
		}
		if mine.want != v.ID {
			t.Errorf("sco vector %q: table wants %s, reference %s", v.Label, mine.want, v.ID)
		}
	}
	pycti := map[string]pyctiVector{}
	for _, v := range pyctiVectorTable(t) {
		pycti[v.label] = v
	}
	for _, v := range ref.Pycti {
		mine, ok := pycti[v.Label]
		if !ok {
			t.Errorf("pycti vector %q is not in pyctiVectorTable", v.Label)
			continue
		}
		if mine.want != v.ID || mine.canonical != v.Canonical || mine.policy != v.Policy {
			t.Errorf("pycti vector %q: table (%s, %s, %s), reference (%s, %s, %s)", v.Label,
				mine.want, mine.canonical, mine.policy, v.ID, v.Canonical, v.Policy)
		}
	}
}
