package mapping

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/stix"
)

// TestEntityTLPAndString: TLP is the highest TLP among the markings, ignoring
// markings that are not TLP ones; String names the entity as "type:value".
func TestEntityTLPAndString(t *testing.T) {
	t.Parallel()
	const other = "marking-definition--4f3e2b7a-6c1d-4e8f-9a0b-1c2d3e4f5a6b" // not a TLP
	tests := []struct {
		name       string
		value      string
		markings   []string
		wantTLP    stix.TLP
		wantString string
	}{
		{"unmarked", "Example.COM.", nil, 0, "domain-name:example.com"},
		{"one TLP", "198.51.100.7", []string{stix.TLPGreenID}, stix.TLPGreen, "ipv4-addr:198.51.100.7"},
		{"highest of several", "2001:DB8::1", []string{stix.TLPAmberID, stix.TLPRedID, stix.TLPClearID}, stix.TLPRed, "ipv6-addr:2001:db8::1"},
		{"other markings ignored", "example.net", []string{other, stix.TLPAmberID}, stix.TLPAmber, "domain-name:example.net"},
		{"only other markings", "example.org", []string{other}, 0, "domain-name:example.org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := NewEntity(tt.value, tt.markings...)
			if err != nil {
				t.Fatal(err)
			}
			got := struct {
				TLP    stix.TLP
				String string
			}{e.TLP(), e.String()}
			want := struct {
				TLP    stix.TLP
				String string
			}{tt.wantTLP, tt.wantString}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
