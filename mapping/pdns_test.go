package mapping

import (
	"errors"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

func rec(t *testing.T, rt, resolveType, resolve, first, last string) passivetotal.DNSRecord {
	return passivetotal.DNSRecord{
		RecordType: rt, ResolveType: resolveType, Resolve: resolve,
		FirstSeen: ptTime(t, first), LastSeen: ptTime(t, last), Source: []string{"riskiq"},
	}
}

func answer(recs ...passivetotal.DNSRecord) *passivetotal.PassiveDNS {
	return &passivetotal.PassiveDNS{Results: recs}
}

func rels(objs []stix.Object) []*stix.Relationship {
	var out []*stix.Relationship
	for _, o := range objs {
		if r, ok := o.(*stix.Relationship); ok {
			out = append(out, r)
		}
	}
	return out
}

func TestPassiveDNSMarkingFloor(t *testing.T) {
	t.Parallel()
	a := answer(rec(t, "A", "ip", "192.0.2.1", "2020-01-01 00:00:00", "2020-02-01 00:00:00"))
	tests := []struct {
		name     string
		markings []string
		opt      stix.TLP
		want     []string
	}{
		{"unmarked entity, no option", nil, 0, nil},
		{"entity red beats option green", []string{stix.TLPGreenID, stix.TLPRedID, "marking-definition--89484dde-e3d2-547f-a6c6-d14824429eb1"}, stix.TLPGreen, []string{stix.TLPRedID}},
		{"option amber beats entity clear", []string{stix.TLPClearID}, stix.TLPAmber, []string{stix.TLPAmberID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := Entity{Type: stix.TypeDomainName, Value: "example.com", Markings: tt.markings}
			r, err := PassiveDNS(e, a, PassiveDNSOptions{TLP: tt.opt})
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, r)
			for _, o := range r.Objects[1:] {
				if diff := cmp.Diff(tt.want, markingRefs(o)); diff != "" {
					t.Errorf("%s markings (-want +got):\n%s", o.StixID(), diff)
				}
			}
		})
	}
}

func TestPassiveDNSRelatedToOption(t *testing.T) {
	t.Parallel()
	a := answer(
		rec(t, "NS", "domain", "ns1.example.net", "2020-01-01 00:00:00", "2020-02-01 00:00:00"),
		rec(t, "MX", "domain", "mx.example.net", "2020-01-01 00:00:00", "2020-02-01 00:00:00"),
		rec(t, "SOA", "domain", "soa.example.net", "2020-01-01 00:00:00", "2020-02-01 00:00:00"),
		rec(t, "CNAME", "domain", "cdn.example.net", "2020-01-01 00:00:00", "2020-02-01 00:00:00"),
		rec(t, "SOA", "email", "hostmaster@example.com", "2020-01-01 00:00:00", "2020-02-01 00:00:00"),
	)
	e := Entity{Type: stix.TypeDomainName, Value: "example.com"}
	for _, related := range []bool{false, true} {
		r, err := PassiveDNS(e, a, PassiveDNSOptions{RelatedTo: related})
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, r)
		values := map[string]string{} // SCO id -> value
		for _, o := range r.Objects {
			switch v := o.(type) {
			case *stix.DomainName:
				values[v.ID] = v.Value
			case *stix.EmailAddr:
				values[v.ID] = v.Value
			}
		}
		got := map[string]string{} // target value -> relationship type
		for _, rel := range rels(r.Objects) {
			got[values[rel.TargetRef]] = rel.RelationshipType
		}
		ns := "resolves-to"
		if related {
			ns = "related-to"
		}
		want := map[string]string{
			"ns1.example.net": ns, "mx.example.net": ns, "soa.example.net": ns,
			"cdn.example.net": "resolves-to", "hostmaster@example.com": "related-to",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("RelatedTo=%v (-want +got):\n%s", related, diff)
		}
	}
}

func TestPassiveDNSIDIgnoresLastSeen(t *testing.T) {
	t.Parallel()
	e := Entity{Type: stix.TypeDomainName, Value: "example.com"}
	for _, p := range []stix.IDPolicy{stix.PolicyOpenCTI, stix.PolicyLegacy, stix.PolicyStrict} {
		var got []string
		for _, last := range []string{"2020-02-01 00:00:00", "2024-02-01 00:00:00"} {
			r, err := PassiveDNS(e, answer(rec(t, "A", "ip", "192.0.2.1", "2020-01-01 00:00:00", last)), PassiveDNSOptions{Policy: p})
			if err != nil {
				t.Fatal(err)
			}
			rel := rels(r.Objects)[0]
			got = append(got, rel.ID)
			want, _ := stix.RelationshipID(p, "resolves-to", rel.SourceRef, rel.TargetRef, rel.StartTime.Time, time.Time{})
			if rel.ID != want {
				t.Errorf("%v: id %s, want start-only id %s", p, rel.ID, want)
			}
		}
		if got[0] != got[1] {
			t.Errorf("%v: moving lastSeen changed the ID: %v", p, got)
		}
	}
}

func TestPassiveDNSCap(t *testing.T) {
	t.Parallel()
	big := cdnAnswer(1500)
	tests := []struct {
		max      int
		wantRels int
		wantCut  int
	}{
		{0, DefaultMaxRecords, 500},
		{-1, 1500, 0},
		{10, 10, 1490},
	}
	for _, tt := range tests {
		r, err := PassiveDNS(Entity{}, big, PassiveDNSOptions{MaxRecords: tt.max})
		if err != nil {
			t.Fatal(err)
		}
		got := rels(r.Objects)
		if len(got) != tt.wantRels || r.Cut != tt.wantCut {
			t.Errorf("MaxRecords %d: %d relationships, cut %d; want %d, %d", tt.max, len(got), r.Cut, tt.wantRels, tt.wantCut)
		}
		for i := 1; i < len(got); i++ {
			if got[i].StopTime.After(got[i-1].StopTime.Time) {
				t.Fatalf("MaxRecords %d: not most recent first at %d", tt.max, i)
			}
		}
		if tt.wantCut > 0 && !strings.Contains(r.Skips[len(r.Skips)-1].Reason, "over the cap") {
			t.Errorf("MaxRecords %d: cut not reported: %v", tt.max, r.Skips)
		}
	}
}

func TestPassiveDNSEntityErrors(t *testing.T) {
	t.Parallel()
	for _, e := range []Entity{
		{Type: "url", Value: "https://x"},
		{Type: stix.TypeDomainName, Value: "not a domain"},
		{Type: stix.TypeIPv4Addr, Value: "2001:db8::1"},
		{Type: stix.TypeIPv6Addr, Value: "192.0.2.1"},
		{Type: stix.TypeDomainName, Value: "example.com", ID: "ipv4-addr--7a08612a-c82b-50a7-8ad7-47aed844f017"},
		{Value: "example.com"},
	} {
		if _, err := PassiveDNS(e, nil, PassiveDNSOptions{}); err == nil {
			t.Errorf("entity %+v: no error", e)
		}
	}
	if _, err := PassiveDNS(Entity{Type: stix.TypeDomainName, Value: "example.com"}, nil, PassiveDNSOptions{TLP: 99}); err == nil {
		t.Error("invalid TLP: no error")
	}
}

func TestPassiveDNSEntityID(t *testing.T) {
	t.Parallel()
	// An OpenCTI standard_id passed in is used as is.
	const id = "domain-name--00000000-0000-5000-8000-000000000001"
	e := Entity{Type: stix.TypeDomainName, Value: "Example.COM.", ID: id}
	r, err := PassiveDNS(e, answer(rec(t, "A", "ip", "192.0.2.1", "2020-01-01 00:00:00", "2020-02-01 00:00:00")), PassiveDNSOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	if r.Objects[0].StixID() != id || rels(r.Objects)[0].SourceRef != id {
		t.Errorf("entity id not used: %v", ids(r.Objects))
	}
	if v := r.Objects[0].(*stix.DomainName).Value; v != "example.com" {
		t.Errorf("entity value %q not normalised", v)
	}
}

func TestNewEntity(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, typ, value string }{
		{"192.0.2.1", stix.TypeIPv4Addr, "192.0.2.1"},
		{"2001:DB8::1", stix.TypeIPv6Addr, "2001:db8::1"},
		{"Example.com.", stix.TypeDomainName, "example.com"},
	}
	for _, tt := range tests {
		e, err := NewEntity(tt.in)
		if err != nil || e.Type != tt.typ || e.Value != tt.value || e.ID == "" {
			t.Errorf("NewEntity(%q) = %+v, %v", tt.in, e, err)
		}
	}
	if _, err := NewEntity("IP\\032domain"); err == nil {
		t.Error("junk entity accepted")
	}
}

func TestPassiveDNSStreamError(t *testing.T) {
	t.Parallel()
	boom := errors.New("truncated body")
	seq := iter.Seq2[passivetotal.DNSRecord, error](func(yield func(passivetotal.DNSRecord, error) bool) {
		if !yield(rec(t, "A", "ip", "192.0.2.1", "2020-01-01 00:00:00", "2020-02-01 00:00:00"), nil) {
			return
		}
		yield(passivetotal.DNSRecord{}, boom)
	})
	_, err := PassiveDNSRecords(Entity{Type: stix.TypeDomainName, Value: "example.com"}, seq, PassiveDNSOptions{})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want %v", err, boom)
	}
}

func TestPassiveDNSOnSkip(t *testing.T) {
	t.Parallel()
	var got []Skip
	a := answer(
		rec(t, "TXT", "text", "v=spf1", "2020-01-01 00:00:00", "2020-02-01 00:00:00"),
		rec(t, "A", "ip", "nope", "2020-01-01 00:00:00", "2020-02-01 00:00:00"),
	)
	r, err := PassiveDNS(Entity{Type: stix.TypeDomainName, Value: "example.com"}, a, PassiveDNSOptions{OnSkip: func(s Skip) { got = append(got, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(r.Skips) != 0 {
		t.Errorf("OnSkip got %d, Result.Skips %d; want 2, 0", len(got), len(r.Skips))
	}
}
