package backend

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
	"github.com/ptstix/passivetotal/pttest"
	"github.com/ptstix/passivetotal/stix"
)

var epoch = time.Date(2024, 4, 12, 0, 0, 0, 0, time.UTC)

// TestPassiveTotalPassiveDNS: the PassiveTotal backend yields the records of the
// client's answer, in order, and returns a refused request at once rather than inside
// the sequence.
func TestPassiveTotalPassiveDNS(t *testing.T) {
	t.Parallel()
	sim := pttest.StartTB(t, pttest.Config{Epoch: epoch})
	tests := []struct {
		name    string
		key     string
		wantErr error
	}{
		{"answer", pttest.DefaultAPIKey, nil},
		{"refused", "wrong-key", passivetotal.ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := passivetotal.NewClient(pttest.DefaultUsername, tt.key, passivetotal.WithBaseURL(sim.BaseURL()))
			if err != nil {
				t.Fatal(err)
			}
			since := epoch.AddDate(0, 0, -30)
			records, err := NewPassiveTotal(c, nil).PassiveDNS(t.Context(), "example.com", since)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil {
				if records != nil {
					t.Error("a refused lookup returned records too")
				}
				return
			}
			var got []passivetotal.DNSRecord
			for r, err := range records {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, r)
			}
			want, _, err := c.PassiveDNS(t.Context(), "example.com", &passivetotal.PassiveDNSOptions{Start: since})
			if err != nil {
				t.Fatal(err)
			}
			if len(want.Results) == 0 {
				t.Fatal("the simulator answered no records: nothing compared")
			}
			if d := cmp.Diff(want.Results, got); d != "" {
				t.Errorf("records (-client +backend):\n%s", d)
			}
		})
	}
}

// TestGraphWhoisHistorySkip: a WHOIS history Graph cannot answer is a skip and the
// current record still maps; the skip goes to OnSkip when it is set, else to the
// result's Skips.
func TestGraphWhoisHistorySkip(t *testing.T) {
	t.Parallel()
	sim := mdtitest.StartTB(t, mdtitest.Config{Epoch: epoch, Faults: []mdtitest.Fault{
		{Kind: mdtitest.FaultStatus, Endpoint: "/whoisRecords/", Status: http.StatusNotFound},
	}})
	cfg := sim.Config()
	c, err := mdti.NewClient(mdti.WithBaseURL(sim.BaseURL()), mdti.WithTokenURL(sim.TokenURL()),
		mdti.WithClientCredentials(cfg.TenantID, cfg.ClientID, cfg.ClientSecret))
	if err != nil {
		t.Fatal(err)
	}
	e, err := mapping.NewEntity("example.com")
	if err != nil {
		t.Fatal(err)
	}
	want := []mapping.Skip{{Item: "domain-name:example.com WHOIS history", Reason: "WHOIS history: not found"}}
	for _, withOnSkip := range []bool{false, true} {
		var heard []mapping.Skip
		var opts mapping.HostOptions
		if withOnSkip {
			opts.OnSkip = func(s mapping.Skip) { heard = append(heard, s) }
		}
		r, err := NewGraph(c, nil).Dataset(t.Context(), DatasetWhois, e, time.Time{}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(r.Objects, func(o stix.Object) bool { return o.Type() == "note" }) {
			t.Errorf("OnSkip %v: the current record was not mapped (no note)", withOnSkip)
		}
		got := r.Skips
		if withOnSkip {
			if len(r.Skips) > 0 {
				t.Errorf("OnSkip set, yet the result lists skips %v", r.Skips)
			}
			got = heard
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("OnSkip %v: skips (-want +got):\n%s", withOnSkip, d)
		}
	}
}
