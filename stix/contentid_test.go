package stix_test

import (
	"testing"

	"github.com/ptstix/passivetotal/stix"
)

func TestContentIDOf(t *testing.T) {
	t.Parallel()
	b := stix.NewBundle(
		&stix.DomainName{ObservableCommon: stix.ObservableCommon{ID: "domain-name--3c10e5a3-5f2a-5b7e-9a1c-0e7d1b1f6a01"}, Value: "a.example"},
		&stix.IPv4Addr{ObservableCommon: stix.ObservableCommon{ID: "ipv4-addr--3c10e5a3-5f2a-5b7e-9a1c-0e7d1b1f6a01"}, Value: "192.0.2.1"},
		&stix.Mutex{ObservableCommon: stix.ObservableCommon{ID: "not an id"}, Name: "m"},
	)
	ids := []string{"not an id", "ipv4-addr--3c10e5a3-5f2a-5b7e-9a1c-0e7d1b1f6a01", "domain-name--3c10e5a3-5f2a-5b7e-9a1c-0e7d1b1f6a01", "not an id"}
	if got, want := stix.ContentIDOf(ids), b.ContentID(); got != want {
		t.Errorf("stix.ContentIDOf = %s, Bundle.ContentID = %s", got, want)
	}
	if stix.ContentIDOf(ids[1:2]) == b.ContentID() {
		t.Error("a different set of IDs gave the same content ID")
	}
}
