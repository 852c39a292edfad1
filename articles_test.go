package passivetotal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"
)

func TestListArticlesWalksEveryPage(t *testing.T) {
	t.Parallel()
	c, api := newEndpointClient(t, func(w http.ResponseWriter, r *http.Request) {
		serveFixture(t, w, "articles_page"+r.URL.Query().Get("page")+".json")
	})
	opts := &ArticleListOptions{CreatedAfter: time.Date(2023, 1, 2, 23, 0, 0, 0, time.UTC), Sort: "created", Order: "asc"}
	var guids []string
	for a, err := range c.ListArticles(context.Background(), opts) {
		if err != nil {
			t.Fatal(err)
		}
		guids = append(guids, a.GUID)
	}
	want := []string{"1a2b3c4d", "2b3c4d5e", "3c4d5e6f", "4d5e6f70", "5e6f7081", "6f708192", "708192a3"}
	if diff := cmp.Diff(want, guids); diff != "" {
		t.Errorf("GUIDs (-want +got):\n%s", diff)
	}
	reqs := api.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 (totalRecords reached after page 2)", len(reqs))
	}
	for i, r := range reqs {
		q := r.URL.Query()
		if r.URL.Path != "/articles" || q.Get("page") != fmt.Sprint(i) || q.Get("createdAfter") != "2023-01-02" ||
			q.Get("sort") != "created" || q.Get("order") != "asc" {
			t.Errorf("request %d: %s", i, r.URL)
		}
	}
}

func TestListArticlesStops(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		handle    func(t *testing.T, w http.ResponseWriter, r *http.Request)
		breakAt   int // stop the loop after this many articles; 0 = never
		wantN     int
		wantReqs  int
		wantErrIs error
	}{
		{"break after two articles", func(t *testing.T, w http.ResponseWriter, r *http.Request) {
			serveFixture(t, w, "articles_page"+r.URL.Query().Get("page")+".json")
		}, 2, 2, 1, nil},
		{"break at a page boundary", func(t *testing.T, w http.ResponseWriter, r *http.Request) {
			serveFixture(t, w, "articles_page"+r.URL.Query().Get("page")+".json")
		}, 3, 3, 1, nil},
		{"empty listing", func(t *testing.T, w http.ResponseWriter, r *http.Request) {
			serveFixture(t, w, "articles_empty.json")
		}, 0, 0, 1, nil},
		{"empty page before totalRecords", func(t *testing.T, w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("page") == "0" {
				fmt.Fprint(w, `{"success":true,"totalRecords":50,"articles":[{"guid":"aaaa0001"}]}`)
				return
			}
			fmt.Fprint(w, `{"success":true,"totalRecords":50,"articles":[]}`)
		}, 0, 1, 2, nil},
		{"server ignores page", func(t *testing.T, w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"success":true,"totalRecords":50,"articles":[{"guid":"aaaa0001"}]}`)
		}, 0, 1, 2, ErrRepeatedPage},
		{"server alternates two pages", func(t *testing.T, w http.ResponseWriter, r *http.Request) {
			page, _ := strconv.Atoi(r.URL.Query().Get("page"))
			fmt.Fprintf(w, `{"success":true,"totalRecords":0,"articles":[{"guid":"aaaa000%d"}]}`, page%2)
		}, 0, 2, 3, ErrRepeatedPage},
		{"new items forever, totalRecords 0", func(t *testing.T, w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"success":true,"totalRecords":0,"articles":[{"guid":"g%s"}]}`, r.URL.Query().Get("page"))
		}, 0, maxListPages, maxListPages, ErrPageBudget},
		{"API error", func(t *testing.T, w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":{"http_code":401,"message":"API key provided does not match any user."}}`)
		}, 0, 0, 1, ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, api := newEndpointClient(t, func(w http.ResponseWriter, r *http.Request) { tt.handle(t, w, r) }, WithRateLimit(rate.Inf, 0))
			n := 0
			var gotErr error
			for _, err := range c.ListArticles(context.Background(), nil) {
				if err != nil {
					gotErr = err
					continue
				}
				n++
				if n == tt.breakAt {
					break
				}
			}
			if tt.wantErrIs == nil && gotErr != nil || tt.wantErrIs != nil && !errors.Is(gotErr, tt.wantErrIs) {
				t.Errorf("error = %v, want %v", gotErr, tt.wantErrIs)
			}
			var be *PageBudgetError
			if errors.Is(tt.wantErrIs, ErrPageBudget) && (!errors.As(gotErr, &be) || be.Pages != maxListPages) {
				t.Errorf("error = %#v, want a *PageBudgetError of %d pages", gotErr, maxListPages)
			}
			if n != tt.wantN || len(api.Requests()) != tt.wantReqs {
				t.Errorf("%d articles in %d requests, want %d in %d", n, len(api.Requests()), tt.wantN, tt.wantReqs)
			}
		})
	}
}

func TestGetArticle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		guid     string
		wantPath string // escaped path the server sees; "" = no request expected
	}{
		{"8a9b0c1d", "/articles/8a9b0c1d"},
		{"a/b", "/articles/a%2Fb"},
		{"x?page=1", "/articles/x%3Fpage=1"},
		{"../account", "/articles/..%2Faccount"},
		{"with space", "/articles/with%20space"},
		{"..", ""},
		{"", ""},
		{"  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.guid, func(t *testing.T) {
			t.Parallel()
			c, api := newEndpointClient(t, func(w http.ResponseWriter, r *http.Request) {
				serveFixture(t, w, "article_null_published.json")
			})
			a, _, err := c.GetArticle(context.Background(), tt.guid)
			reqs := api.Requests()
			if tt.wantPath == "" {
				var iq *InvalidQueryError
				if !errors.As(err, &iq) || len(reqs) != 0 {
					t.Errorf("err = %v after %d requests; want *InvalidQueryError and none", err, len(reqs))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(reqs) != 1 || reqs[0].URL.EscapedPath() != tt.wantPath {
				t.Fatalf("requests %v, want one to %s", reqs, tt.wantPath)
			}
			if a.GUID != "8a9b0c1d" || a.PublishedDate.Valid() {
				t.Errorf("article %+v", a)
			}
		})
	}
}

func TestListArticleIndicators(t *testing.T) {
	t.Parallel()
	c, api := newEndpointClient(t, func(w http.ResponseWriter, r *http.Request) {
		serveFixture(t, w, "articles_indicators.json")
	})
	opts := &ArticleIndicatorOptions{ArticleGUID: "9c8d7e6f", StartDate: time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)}
	var got []string
	for ind, err := range c.ListArticleIndicators(context.Background(), opts) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ind.Type+":"+ind.Value)
	}
	if len(got) != 7 || got[0] != "domain:malicious.example.com" {
		t.Errorf("indicators %v", got)
	}
	reqs := api.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	q := reqs[0].URL.Query()
	if reqs[0].URL.Path != "/articles/indicators" || q.Get("articleGuid") != "9c8d7e6f" || q.Get("startDate") != "2023-10-01" || q.Get("page") != "0" {
		t.Errorf("request %s", reqs[0].URL)
	}
}

func TestListNegativePageSendsNothing(t *testing.T) {
	t.Parallel()
	c, api := newEndpointClient(t, func(w http.ResponseWriter, r *http.Request) { t.Errorf("request sent: %s", r.URL) })
	lists := map[string]func() []error{
		"articles": func() (errs []error) {
			for _, err := range c.ListArticles(context.Background(), &ArticleListOptions{Page: -1}) {
				errs = append(errs, err)
			}
			return errs
		},
		"indicators": func() (errs []error) {
			for _, err := range c.ListArticleIndicators(context.Background(), &ArticleIndicatorOptions{Page: -2}) {
				errs = append(errs, err)
			}
			return errs
		},
	}
	for name, list := range lists {
		t.Run(name, func(t *testing.T) {
			errs := list()
			var iq *InvalidQueryError
			if len(errs) != 1 || !errors.As(errs[0], &iq) {
				t.Errorf("yielded %v, want one *InvalidQueryError", errs)
			}
		})
	}
	if n := len(api.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
