package passivetotal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"
)

// pagerCall runs one of the two paged passive DNS endpoints and reduces its
// answer to what the pager tests compare.
type pagerCall func(c *Client) (got pagedSummary, err error)

type pagedSummary struct {
	Results   []string
	Frequency []ResolutionCount
	Total     int
	Pager     *Pager
}

func callPassiveDNS(c *Client) (pagedSummary, error) {
	p, _, err := c.PassiveDNS(context.Background(), "cdn.example.com", nil)
	if p == nil {
		return pagedSummary{}, err
	}
	s := pagedSummary{Total: p.TotalRecords, Pager: p.Pager}
	for _, r := range p.Results {
		s.Results = append(s.Results, r.Resolve)
	}
	return s, err
}

func callUnique(c *Client) (pagedSummary, error) {
	u, _, err := c.UniqueResolutions(context.Background(), "cdn.example.com", nil)
	if u == nil {
		return pagedSummary{}, err
	}
	return pagedSummary{Results: u.Results, Frequency: u.Frequency, Total: u.Total, Pager: u.Pager}, err
}

// pagedBody writes page n of a paged answer for either endpoint: one result
// per page, and a pager naming next (none when next is "").
func pagedBody(unique bool, n int, next string) string {
	pager := "null"
	if next != "" {
		pager = `{"next":` + strconv.Quote(next) + `,"page_size":1}`
	}
	ip := fmt.Sprintf("198.51.100.%d", n%250+1)
	if unique {
		return fmt.Sprintf(`{"queryValue":"cdn.example.com","total":3,"results":[%q],"frequency":[[%q,%d]],"pager":%s}`, ip, ip, n+1, pager)
	}
	return fmt.Sprintf(`{"queryValue":"cdn.example.com","totalRecords":3,"results":[{"resolve":%q,"recordType":"A"}],"pager":%s}`, ip, pager)
}

func TestPagedEndpointsFollowPager(t *testing.T) {
	t.Parallel()
	threePages := func(unique bool) func(w http.ResponseWriter, r *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			switch {
			case q.Get("page") == "" && q.Get("direction") == "":
				fmt.Fprint(w, pagedBody(unique, 0, "p1"))
			case q.Get("page") == "p1" && q.Get("direction") == "next":
				fmt.Fprint(w, pagedBody(unique, 1, "p2"))
			case q.Get("page") == "p2" && q.Get("direction") == "next":
				fmt.Fprint(w, pagedBody(unique, 2, ""))
			default:
				http.Error(w, `{"message":"unexpected page"}`, http.StatusBadRequest)
			}
		}
	}
	ips := []string{"198.51.100.1", "198.51.100.2", "198.51.100.3"}
	tests := []struct {
		name     string
		call     pagerCall
		handle   func(w http.ResponseWriter, r *http.Request)
		want     pagedSummary
		requests int
		wantErr  error // nil: success
	}{
		{"passive DNS: three pages", callPassiveDNS, threePages(false),
			pagedSummary{Results: ips, Total: 3}, 3, nil},
		{"unique: three pages", callUnique, threePages(true),
			pagedSummary{Results: ips, Frequency: []ResolutionCount{{ips[0], 1}, {ips[1], 2}, {ips[2], 3}}, Total: 3}, 3, nil},
		{"passive DNS: empty pager object ends", callPassiveDNS, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, strings.Replace(pagedBody(false, 0, ""), `"pager":null`, `"pager":{}`, 1))
		}, pagedSummary{Results: ips[:1], Total: 3, Pager: &Pager{}}, 1, nil},
		{"unique: repeated cursor", callUnique, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, pagedBody(true, 0, "same"))
		}, pagedSummary{Results: []string{ips[0], ips[0]}, Frequency: []ResolutionCount{{ips[0], 1}, {ips[0], 1}}, Total: 3,
			Pager: &Pager{Next: "same", PageSize: 1}}, 2, ErrRepeatedPage},
		{"passive DNS: later page fails", callPassiveDNS, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("page") == "" {
				fmt.Fprint(w, pagedBody(false, 0, "p1"))
				return
			}
			http.Error(w, `{"message":"no such page"}`, http.StatusNotFound)
		}, pagedSummary{}, 2, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, api := newEndpointClient(t, tt.handle, WithRateLimit(rate.Inf, 0))
			got, err := tt.call(c)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("merged answer (-want +got):\n%s", diff)
			}
			if n := len(api.Requests()); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
		})
	}
}

// TestPagerBudget checks that a cursor that never ends stops after
// maxPagerPages requests, with the pages read so far.
func TestPagerBudget(t *testing.T) {
	t.Parallel()
	for _, unique := range []bool{false, true} {
		t.Run(fmt.Sprintf("unique=%v", unique), func(t *testing.T) {
			t.Parallel()
			c, api := newEndpointClient(t, func(w http.ResponseWriter, r *http.Request) {
				n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Query().Get("page"), "p"))
				fmt.Fprint(w, pagedBody(unique, n, "p"+strconv.Itoa(n+1)))
			}, WithRateLimit(rate.Inf, 0))
			call := callPassiveDNS
			if unique {
				call = callUnique
			}
			got, err := call(c)
			var be *PageBudgetError
			if !errors.As(err, &be) || !errors.Is(err, ErrPageBudget) || be.Pages != maxPagerPages ||
				err.Error() != "passivetotal: passive DNS pager still going after 1000 pages" {
				t.Errorf("err = %v, want the page budget error", err)
			}
			if len(got.Results) != maxPagerPages || len(api.Requests()) != maxPagerPages {
				t.Errorf("%d results after %d requests, want %d of each", len(got.Results), len(api.Requests()), maxPagerPages)
			}
		})
	}
}
