package pttest

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestShapes(t *testing.T) {
	t.Parallel()
	s := StartTB(t, Config{})
	articleKeys := []string{"guid", "title", "summary", "type", "publishedDate", "createdDate", "link", "categories", "tags", "indicators"}
	recordKeys := []string{"firstSeen", "lastSeen", "value", "collected", "source", "recordHash", "resolve", "resolveType", "recordType"}
	quotaBlockKeys := []string{"owner", "organization", "guid", "profile", "freebies", "counts", "limits", "quotaInterval", "useMonthlyQuotaInactive", "licenseCounts", "licenseLimits", "next_reset", "last_reset", "username", "event_code", "event_code_expiration"}
	guid := s.articles[0].GUID
	tests := []struct {
		name, path string
		top        []string
		list       string   // a list member whose first element is checked
		elem       []string // keys of that element
	}{
		{"articles", "/articles", []string{"success", "articles", "totalRecords"}, "articles", articleKeys},
		{"article", "/articles/" + guid, articleKeys, "indicators", []string{"type", "count", "values", "source"}},
		{"indicators", "/articles/indicators", []string{"success", "indicators", "totalRecords"}, "indicators", []string{"value", "type", "source", "guid", "link", "publishedDate", "tags"}},
		{"pdns", "/dns/passive?query=passivetotal.org", []string{"queryValue", "queryType", "firstSeen", "lastSeen", "totalRecords", "pager", "results"}, "results", recordKeys},
		{"unique", "/dns/passive/unique?query=passivetotal.org", []string{"queryValue", "queryType", "total", "pager", "results", "frequency"}, "", nil},
		{"quota", "/account/quota", []string{"user", "organization"}, "", nil},
		{"account", "/account", []string{"username", "firstName", "lastName", "lastActive", "firstActive", "organization", "searchApiQuotaExceeded"}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := get(t, s, nil, tt.path)
			body := mustOK(t, r)
			if ct := r.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if diff := cmp.Diff(tt.top, keys(t, body)); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
			if tt.list != "" {
				if diff := cmp.Diff(tt.elem, keys(t, firstElem(t, member(t, body, tt.list)))); diff != "" {
					t.Errorf("%s[0] keys (-want +got):\n%s", tt.list, diff)
				}
			}
			if tt.name == "quota" {
				for _, b := range []string{"user", "organization"} {
					if diff := cmp.Diff(quotaBlockKeys, keys(t, member(t, body, b))); diff != "" {
						t.Errorf("%s keys (-want +got):\n%s", b, diff)
					}
				}
			}
		})
	}
}

func TestQuotaBody(t *testing.T) {
	t.Parallel()
	s := StartTB(t, Config{QuotaLimit: 50, QuotaUsed: 7})
	var q struct {
		User struct {
			Counts        map[string]int `json:"counts"`
			Limits        map[string]any `json:"limits"`
			LicenseCounts map[string]int `json:"licenseCounts"`
			LicenseLimits map[string]int `json:"licenseLimits"`
			NextReset     string         `json:"next_reset"`
			LastReset     string         `json:"last_reset"`
			QuotaInterval string         `json:"quotaInterval"`
		} `json:"user"`
		Organization struct {
			LicenseCounts map[string]map[string]int `json:"licenseCounts"`
			LicenseLimits map[string]map[string]int `json:"licenseLimits"`
		} `json:"organization"`
	}
	unmarshal(t, mustOK(t, get(t, s, nil, "/account/quota")), &q)
	got := []any{q.User.Counts["search_api"], q.User.Limits["search_api"], q.User.LicenseCounts["searchApi"], q.User.LicenseLimits["searchApi"],
		q.User.NextReset, q.User.LastReset, q.User.QuotaInterval,
		q.Organization.LicenseCounts["enterprise"]["searchApi"], q.Organization.LicenseLimits["enterprise"]["searchApi"]}
	want := []any{7, float64(50), 7, 50, "2021-07-01 00:00:00", "2021-06-01 00:00:00", "monthly", 0, DefaultOrgQuotaLimit}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

func TestBasePaths(t *testing.T) {
	t.Parallel()
	s := StartTB(t, Config{})
	root := StartTB(t, Config{BasePaths: []string{""}})
	tests := []struct {
		name   string
		srv    *Server
		url    string
		status int
	}{
		{"riskiq form", s, s.URL + "/pt/v2/dns/passive?query=example.com", 200},
		{"passivetotal form", s, s.URL + "/v2/dns/passive?query=example.com", 200},
		{"trailing slash", s, s.URL + "/v2/dns/passive/?query=example.com", 200},
		{"root not served by default", s, s.URL + "/dns/passive?query=example.com", 404},
		{"prefix is a whole segment", s, s.URL + "/v2x/dns/passive?query=example.com", 404},
		{"root", root, root.URL + "/dns/passive?query=example.com", 200},
	}
	var bodies [][]byte
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodGet, tt.url, nil)
		req.SetBasicAuth(DefaultUsername, DefaultAPIKey)
		resp, err := tt.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var b []byte
		b, err = readAll(resp)
		if err != nil || resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, err %v", tt.name, resp.StatusCode, err)
		}
		if tt.status == 200 {
			bodies = append(bodies, b)
		}
	}
	for i := 1; i < len(bodies); i++ {
		if string(bodies[i]) != string(bodies[0]) {
			t.Errorf("base path %d answered differently", i)
		}
	}
}
