package stixsamples

import (
	"testing"

	"github.com/ptstix/passivetotal/stix"
)

func TestBundleIsValid(t *testing.T) {
	t.Parallel()
	if err := stix.ValidateBundle(Bundle()); err != nil {
		t.Fatal(err)
	}
	for _, m := range TLPDefinitions() {
		if err := stix.Validate(m); err != nil {
			t.Error(err)
		}
	}
}
