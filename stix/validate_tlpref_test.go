package stix

import "testing"

// TestTLPIDsWellFormed checks that validator.ref's shortcut for TLP IDs
// is taken (it is exact either way: the flag is computed from splitID).
func TestTLPIDsWellFormed(t *testing.T) {
	t.Parallel()
	if !tlpIDsWellFormed {
		t.Error("tlpIDsWellFormed = false: TLP references are parsed on every validation")
	}
}
