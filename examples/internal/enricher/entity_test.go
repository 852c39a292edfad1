package enricher

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/stix"
)

func TestParseEntity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in         string
		typ, value string
		tlp        stix.TLP
	}{
		{"domain-name:example.com", "domain-name", "example.com", 0},
		{"Domain-Name:Example.COM.", "domain-name", "example.com", 0},
		{"domain:www.example.com TLP:AMBER", "domain-name", "www.example.com", stix.TLPAmber},
		{"example.net", "domain-name", "example.net", 0},
		{"ipv4-addr:198.51.100.7", "ipv4-addr", "198.51.100.7", 0},
		{"IPv4-Addr:198.51.100.7 red", "ipv4-addr", "198.51.100.7", stix.TLPRed},
		{"ip:2001:DB8::1", "ipv6-addr", "2001:db8::1", 0},
		{"ipv6-addr:2001:db8:0:0::1", "ipv6-addr", "2001:db8::1", 0},
		{"2001:db8::2", "ipv6-addr", "2001:db8::2", 0},
		{"198.51.100.9\tTLP:GREEN", "ipv4-addr", "198.51.100.9", stix.TLPGreen},
	}
	for _, tt := range tests {
		e, err := ParseEntity(tt.in)
		if err != nil {
			t.Errorf("ParseEntity(%q): %v", tt.in, err)
			continue
		}
		if e.Type != tt.typ || e.Value != tt.value || e.TLP() != tt.tlp || !strings.HasPrefix(e.ID, tt.typ+"--") {
			t.Errorf("ParseEntity(%q) = %+v, want %s %s %v", tt.in, e, tt.typ, tt.value, tt.tlp)
		}
	}
	for _, in := range []string{"", "domain-name:", "ipv4-addr:example.com", "ipv4-addr:2001:db8::1", "ipv6-addr:198.51.100.7", "ip:example.com", "domain-name:exa mple.com", "example.com TLP:PINK", "url:http://x/"} {
		if e, err := ParseEntity(in); err == nil {
			t.Errorf("ParseEntity(%q) = %+v, want an error", in, e)
		}
	}
}

func TestReadEntities(t *testing.T) {
	t.Parallel()
	in := "# comment\n\nexample.com\n  198.51.100.7 TLP:AMBER \nnot a domain!\n"
	var got []string
	for l, err := range ReadEntities(strings.NewReader(in)) {
		if err != nil {
			t.Fatal(err)
		}
		if l.Err != nil {
			got = append(got, "error@"+string(rune('0'+l.N)))
			continue
		}
		got = append(got, l.Entity.String()+"/"+l.Entity.TLP().String())
	}
	want := []string{"domain-name:example.com/" + stix.TLP(0).String(), "ipv4-addr:198.51.100.7/TLP:AMBER", "error@5"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestWithTLP: the assumed TLP marks only an entity without a TLP of its own, keeps its
// other markings, and never writes into the caller's slice.
func TestWithTLP(t *testing.T) {
	t.Parallel()
	const other = "marking-definition--4f3e2b7a-6c1d-4e8f-9a0b-1c2d3e4f5a6b" // not a TLP
	tests := []struct {
		name     string
		markings []string
		tlp      stix.TLP
		want     []string
	}{
		{"unmarked, no TLP", nil, 0, nil},
		{"unmarked", nil, stix.TLPAmber, []string{stix.TLPAmberID}},
		{"own TLP wins", []string{stix.TLPRedID}, stix.TLPClear, []string{stix.TLPRedID}},
		{"own lower TLP wins too", []string{stix.TLPClearID}, stix.TLPRed, []string{stix.TLPClearID}},
		{"other marking kept", []string{other}, stix.TLPGreen, []string{other, stix.TLPGreenID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := make([]string, len(tt.markings), len(tt.markings)+4) // room an append could write into
			copy(in, tt.markings)
			e := mapping.Entity{Type: stix.TypeDomainName, Value: "example.com", Markings: in}
			got := WithTLP(e, tt.tlp)
			if d := cmp.Diff(tt.want, got.Markings, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("markings (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.markings, in, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("the caller's markings changed (-want +got):\n%s", d)
			}
			for _, s := range in[len(in):cap(in)] {
				if s != "" {
					t.Errorf("WithTLP wrote %q into the caller's spare capacity", s)
				}
			}
		})
	}
}
