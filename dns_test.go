package passivetotal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestValidateDNSQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"passivetotal.org", "passivetotal.org", true},
		{" Example.COM. ", "Example.COM.", true},
		{"*.example.org", "*.example.org", true},
		{"_dmarc.example.org", "_dmarc.example.org", true},
		{"bücher.example", "bücher.example", true},
		{"xn--bcher-kva.example", "xn--bcher-kva.example", true},
		{"192.0.2.1", "192.0.2.1", true},
		{"2001:db8::1", "2001:db8::1", true},
		{"", "", false},
		{"   ", "", false},
		{"localhost", "", false},
		{"fe80::1%eth0", "", false},
		{"1.2.3.999", "", false},
		{"evil.com/path", "", false},
		{"a b.com", "", false},
		{"a..com", "", false},
		{"http://example.com", "", false},
		{strings.Repeat("a", 64) + ".com", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ValidateDNSQuery(tt.in)
			if tt.ok {
				if err != nil || got != tt.want {
					t.Errorf("= %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			var iq *InvalidQueryError
			if !errors.As(err, &iq) || iq.Query != tt.in || !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.in)) {
				t.Errorf("error %v does not name %q", err, tt.in)
			}
		})
	}
}

func TestPassiveDNSInvalidQuerySendsNothing(t *testing.T) {
	t.Parallel()
	c, api := newEndpointClient(t, func(w http.ResponseWriter, r *http.Request) { t.Error("request sent") })
	for _, q := range []string{"", "not a domain"} {
		if _, _, err := c.PassiveDNS(context.Background(), q, nil); !errors.As(err, new(*InvalidQueryError)) {
			t.Errorf("PassiveDNS(%q) err = %v", q, err)
		}
		if _, _, err := c.UniqueResolutions(context.Background(), q, nil); !errors.As(err, new(*InvalidQueryError)) {
			t.Errorf("UniqueResolutions(%q) err = %v", q, err)
		}
	}
	if n := len(api.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestPassiveDNSParams(t *testing.T) {
	t.Parallel()
	c, api := newEndpointClient(t, func(w http.ResponseWriter, r *http.Request) { serveFixture(t, w, "pdns_domain.json") })
	now := time.Date(2023, 10, 6, 12, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	opts := LastDays(now, 30)
	opts.End = now
	opts.Timeout = 2500 * time.Millisecond
	opts.Sources = []string{"riskiq", " pingly ", ""}
	got, _, err := c.PassiveDNS(context.Background(), "shop.example.org", opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Results) != 8 || got.Pager != nil {
		t.Errorf("%d results, pager %+v", len(got.Results), got.Pager)
	}
	reqs := api.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	want := map[string]string{"query": "shop.example.org", "start": "2023-09-06 10:30:00", "end": "2023-10-06 10:30:00",
		"timeout": "3", "sources": "riskiq,pingly"}
	gotQ := map[string]string{}
	for k := range reqs[0].URL.Query() {
		gotQ[k] = reqs[0].URL.Query().Get(k)
	}
	if diff := cmp.Diff(want, gotQ); diff != "" || reqs[0].URL.Path != "/dns/passive" {
		t.Errorf("%s query (-want +got):\n%s", reqs[0].URL.Path, diff)
	}
	if LastDays(now, 0).Start != (time.Time{}) {
		t.Error("LastDays(now, 0) set Start")
	}
}

func TestPassiveDNSFollowsPager(t *testing.T) {
	t.Parallel()
	c, api := newEndpointClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch q := r.URL.Query(); {
		case q.Get("page") == "" && q.Get("direction") == "":
			serveFixture(t, w, "pdns_paged_1.json")
		case q.Get("page") == "c2Vjb25k" && q.Get("direction") == "next":
			serveFixture(t, w, "pdns_paged_2.json")
		default:
			t.Errorf("unexpected request %s", r.URL)
			http.NotFound(w, r)
		}
	})
	got, _, err := c.PassiveDNS(context.Background(), "cdn.example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	var resolves []string
	for _, r := range got.Results {
		resolves = append(resolves, r.Resolve)
	}
	want := []string{"198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4", "198.51.100.5"}
	if diff := cmp.Diff(want, resolves); diff != "" {
		t.Errorf("merged results (-want +got):\n%s", diff)
	}
	if got.Pager != nil || got.TotalRecords != 5 || len(api.Requests()) != 2 ||
		got.FirstSeen.Raw != "2023-01-01 00:00:00" || got.LastSeen.Raw != "2023-03-05 00:00:00" {
		t.Errorf("envelope %+v after %d requests", got, len(api.Requests()))
	}
}

func TestPassiveDNSRepeatingPager(t *testing.T) {
	t.Parallel()
	c, api := newEndpointClient(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"queryValue":"a.example","results":[{"resolve":"192.0.2.1"}],"pager":{"next":"same"}}`)
	})
	got, _, err := c.PassiveDNS(context.Background(), "a.example", nil)
	if !errors.Is(err, ErrRepeatedPage) || len(api.Requests()) != 2 || got == nil || len(got.Results) != 2 {
		t.Errorf("err = %v after %d requests, got %+v", err, len(api.Requests()), got)
	}
}

func TestUniqueResolutions(t *testing.T) {
	t.Parallel()
	c, api := newEndpointClient(t, func(w http.ResponseWriter, r *http.Request) { serveFixture(t, w, "pdns_unique.json") })
	got, _, err := c.UniqueResolutions(context.Background(), "shop.example.org", &PassiveDNSOptions{Sources: []string{"riskiq"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != 4 || len(got.Frequency) != 4 || got.Frequency[0] != (ResolutionCount{"203.0.113.7", 12}) {
		t.Errorf("unique %+v", got)
	}
	if r := api.Requests(); len(r) != 1 || r[0].URL.Path != "/dns/passive/unique" || r[0].URL.Query().Get("sources") != "riskiq" {
		t.Errorf("requests %v", r)
	}
}
