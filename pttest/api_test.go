package pttest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/internal/gen"
)

func TestAuth(t *testing.T) {
	t.Parallel()
	s := StartTB(t, Config{})
	open := StartTB(t, Config{NoAuth: true})
	const want401 = `{"error":{"http_code":401,"message":"API key provided does not match any user.","developer_message":"Authentication failed; check username/API key pair."}}`
	tests := []struct {
		name      string
		srv       *Server
		user, key string
		status    int
	}{
		{"right", s, DefaultUsername, DefaultAPIKey, 200},
		{"none", s, "", "", 401},
		{"wrong key", s, DefaultUsername, strings.Repeat("0", 64), 401},
		{"wrong user", s, "other@example.com", DefaultAPIKey, 401},
		{"NoAuth without credentials", open, "", "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := do(t, tt.srv, nil, "/account/quota", tt.user, tt.key)
			if r.err != nil || r.status != tt.status {
				t.Fatalf("status %d, err %v", r.status, r.err)
			}
			if tt.status == 401 && string(r.body) != want401 {
				t.Errorf("body %s", r.body)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	s := StartTB(t, Config{})
	flat := StartTB(t, Config{ErrorShape: ErrorFlat})
	tests := []struct {
		name   string
		srv    *Server
		path   string
		status int
		body   string
	}{
		{"unknown path", s, "/dns/search/keyword?query=x.com", 404, `{"error":{"http_code":404,"message":"Not Found","developer_message":"no such endpoint: /dns/search/keyword"}}`},
		{"unknown guid", s, "/articles/00000000", 404, `{"error":{"http_code":404,"message":"Article not found","developer_message":"no article with guid \"00000000\""}}`},
		{"no query", s, "/dns/passive", 400, `{"error":{"http_code":400,"message":"query is required","developer_message":"invalid request parameters"}}`},
		{"junk query", s, "/dns/passive?query=" + url.QueryEscape("a b/../c"), 400, ""},
		{"bad start", s, "/dns/passive?query=x.com&start=yesterday", 400, ""},
		{"end before start", s, "/dns/passive?query=x.com&start=2021-02-01&end=2021-01-01", 400, ""},
		{"bad timeout", s, "/dns/passive/unique?query=x.com&timeout=soon", 400, ""},
		{"bad page", s, "/articles?page=-1", 400, ""},
		{"bad order", s, "/articles?order=up", 400, ""},
		{"bad sort", s, "/articles?sort=title", 400, ""},
		{"bad createdAfter", s, "/articles?createdAfter=03/05/2021", 400, ""},
		{"bad startDate", s, "/articles/indicators?startDate=x", 400, ""},
		{"flat shape", flat, "/dns/passive", 400, `{"message":"query is required"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := get(t, tt.srv, nil, tt.path)
			if r.err != nil || r.status != tt.status {
				t.Fatalf("status %d, err %v, body %s", r.status, r.err, r.body)
			}
			if tt.body != "" && string(r.body) != tt.body {
				t.Errorf("body %s", r.body)
			}
			if !json.Valid(r.body) {
				t.Errorf("error body is not JSON: %s", r.body)
			}
		})
	}
	req, _ := http.NewRequest(http.MethodPost, s.BaseURL()+"/articles", nil)
	req.SetBasicAuth(DefaultUsername, DefaultAPIKey)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	readAll(resp)
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, b := StartTB(t, Config{Seed: 3}), StartTB(t, Config{Seed: 3})
	other := StartTB(t, Config{Seed: 4})
	paths := []string{"/dns/passive?query=example.com", "/dns/passive?query=1.2.3.4", "/dns/passive/unique?query=example.com", "/articles?page=1", "/articles/indicators", "/account/quota"}
	for _, p := range paths {
		ra, rb := mustOK(t, get(t, a, nil, p)), mustOK(t, get(t, b, nil, p))
		if string(ra) != string(rb) {
			t.Errorf("%s: two servers, different bytes", p)
		}
		if p != "/account/quota" && string(ra) == string(mustOK(t, get(t, other, nil, p))) {
			t.Errorf("%s: other seed, same bytes", p)
		}
	}
	// The query is normalized before it seeds the data; queryValue echoes it.
	var x, y pdns
	unmarshal(t, mustOK(t, get(t, a, nil, "/dns/passive?query=Example.COM.")), &x)
	unmarshal(t, mustOK(t, get(t, a, nil, "/dns/passive?query=example.com")), &y)
	if x.QueryValue != "Example.COM." || !cmp.Equal(x.Results, y.Results) {
		t.Errorf("normalization: %q, same rows %v", x.QueryValue, cmp.Equal(x.Results, y.Results))
	}
}

type articleList struct {
	Success      bool          `json:"success"`
	Articles     []gen.Article `json:"articles"`
	TotalRecords int           `json:"totalRecords"`
}

func TestArticlesPaging(t *testing.T) {
	t.Parallel()
	s := StartTB(t, Config{})
	fetch := func(q string) articleList {
		var l articleList
		unmarshal(t, mustOK(t, get(t, s, nil, "/articles?"+q)), &l)
		return l
	}
	var guids []string
	var sizes []int
	for page := 0; ; page++ {
		l := fetch("sort=created&order=asc&page=" + strconv.Itoa(page))
		if l.TotalRecords != DefaultArticles || !l.Success {
			t.Fatalf("page %d: totalRecords %d", page, l.TotalRecords)
		}
		if len(l.Articles) == 0 {
			break
		}
		sizes = append(sizes, len(l.Articles))
		for _, a := range l.Articles {
			guids = append(guids, a.GUID)
		}
	}
	if diff := cmp.Diff([]int{25, 25, 10}, sizes); diff != "" {
		t.Errorf("page sizes: %s", diff)
	}
	for i, g := range guids {
		if g != s.articles[i].GUID {
			t.Fatalf("asc order broken at %d", i)
		}
	}
	if d := fetch(""); d.Articles[0].GUID != s.articles[DefaultArticles-1].GUID {
		t.Error("default order is not newest first")
	}
	// createdAfter is inclusive of the whole day.
	mid := s.articles[40]
	day := mid.Created.Format("2006-01-02")
	l := fetch("order=asc&createdAfter=" + day)
	if l.TotalRecords != DefaultArticles-40 || l.Articles[0].GUID != mid.GUID {
		t.Errorf("createdAfter=%s: total %d first %s, want %d %s", day, l.TotalRecords, l.Articles[0].GUID, DefaultArticles-40, mid.GUID)
	}
	if l := fetch("createdAfter=2030-01-01"); l.TotalRecords != 0 || l.Articles == nil {
		t.Errorf("future createdAfter: %+v", l)
	}
}

func TestArticleIndicators(t *testing.T) {
	t.Parallel()
	s := StartTB(t, Config{IndicatorsPageSize: 40})
	want := 0
	for _, a := range s.articles {
		for _, g := range a.Indicators {
			want += len(g.Values)
		}
	}
	type page struct {
		Indicators []struct {
			Value, Type, Source, GUID, Link string
			PublishedDate                   *string
			Tags                            []string
		} `json:"indicators"`
		TotalRecords int `json:"totalRecords"`
	}
	got := 0
	for p := 0; ; p++ {
		var pg page
		unmarshal(t, mustOK(t, get(t, s, nil, "/articles/indicators?page="+strconv.Itoa(p))), &pg)
		if pg.TotalRecords != want {
			t.Fatalf("totalRecords %d, want %d", pg.TotalRecords, want)
		}
		if len(pg.Indicators) == 0 {
			break
		}
		got += len(pg.Indicators)
	}
	if got != want {
		t.Errorf("paged through %d of %d", got, want)
	}
	a := s.articles[0]
	n0 := 0
	for _, g := range a.Indicators {
		n0 += len(g.Values)
	}
	var pg page
	unmarshal(t, mustOK(t, get(t, s, nil, "/articles/indicators?articleGuid="+a.GUID)), &pg)
	if pg.TotalRecords != n0 || n0 < len(gen.IndicatorTypes) || pg.Indicators[0].GUID != a.GUID || pg.Indicators[0].Link != a.Link {
		t.Errorf("article 0: %d indicators, first %+v", pg.TotalRecords, pg.Indicators[0])
	}
	after := s.articles[50].Published.Format("2006-01-02 15:04:05")
	unmarshal(t, mustOK(t, get(t, s, nil, "/articles/indicators?startDate="+url.QueryEscape(after))), &pg)
	if pg.TotalRecords == 0 || pg.TotalRecords >= want {
		t.Errorf("startDate filter: %d of %d", pg.TotalRecords, want)
	}
}

func TestPassiveDNS(t *testing.T) {
	t.Parallel()
	s := StartTB(t, Config{})
	tests := []struct {
		name, query, extra string
		check              func(t *testing.T, a pdns)
	}{
		{"every record type", "passivetotal.org", "", func(t *testing.T, a pdns) {
			seen := map[string]bool{}
			for _, r := range a.Results {
				seen[r.RecordType+"/"+r.ResolveType] = true
			}
			for _, k := range []string{"A/ip", "AAAA/ip", "CNAME/domain", "NS/domain", "MX/domain", "SOA/email", "SOA/domain", "TXT (SPF1)/domain"} {
				if !seen[k] {
					t.Errorf("no %s", k)
				}
			}
		}},
		{"reversed A for an IPv4", "52.52.94.111", "", func(t *testing.T, a pdns) {
			for _, r := range a.Results {
				if r.Value != "52.52.94.111" || r.RecordType != "A" || r.ResolveType != "domain" {
					t.Fatalf("row %+v", r)
				}
			}
		}},
		{"reversed AAAA for an IPv6", "2001:DB8::10", "", func(t *testing.T, a pdns) {
			if a.QueryType != "ip" || a.Results[0].Value != "2001:db8::10" || a.Results[0].RecordType != "AAAA" {
				t.Errorf("%s %+v", a.QueryType, a.Results[0])
			}
		}},
		{"records-N", "records-1234.example.com", "", func(t *testing.T, a pdns) {
			if a.TotalRecords != 1234 || len(a.Results) != 1234 {
				t.Errorf("%d rows", a.TotalRecords)
			}
		}},
		{"records-0", "records-0.example.com", "", func(t *testing.T, a pdns) {
			if a.TotalRecords != 0 || a.Results == nil || a.FirstSeen != nil || string(a.Pager) != "null" {
				t.Errorf("%+v", a)
			}
		}},
		{"window", "records-500.example.com", "&start=2021-05-01&end=2021-05-15%2012:00:00", func(t *testing.T, a pdns) {
			if a.TotalRecords == 0 || a.TotalRecords == 500 {
				t.Errorf("%d rows in window", a.TotalRecords)
			}
			for _, r := range a.Results {
				if r.LastSeen < "2021-05-01 00:00:00" || r.FirstSeen > "2021-05-15 12:00:00" {
					t.Fatalf("row outside window: %+v", r)
				}
			}
		}},
		{"sources", "records-300.example.com", "&sources=riskiq,pingly", func(t *testing.T, a pdns) {
			for _, r := range a.Results {
				for _, src := range r.Source {
					if src != "riskiq" && src != "pingly" {
						t.Fatalf("source %q kept", src)
					}
				}
			}
			if a.TotalRecords == 0 || a.TotalRecords == 300 {
				t.Errorf("%d rows", a.TotalRecords)
			}
		}},
		{"timeout accepted", "example.com", "&timeout=7", func(t *testing.T, a pdns) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var a pdns
			unmarshal(t, mustOK(t, get(t, s, nil, "/dns/passive?query="+url.QueryEscape(tt.query)+tt.extra)), &a)
			if a.TotalRecords != len(a.Results) {
				t.Errorf("totalRecords %d, %d rows", a.TotalRecords, len(a.Results))
			}
			tt.check(t, a)
		})
	}
}

func TestPassiveDNSPager(t *testing.T) {
	t.Parallel()
	paged := StartTB(t, Config{DNSPageSize: 7})
	whole := StartTB(t, Config{})
	const q = "/dns/passive?query=records-20.example.com"
	var all pdns
	unmarshal(t, mustOK(t, get(t, whole, nil, q)), &all)
	var rows []string
	var pagers []string
	next := ""
	for range 10 {
		path := q
		if next != "" {
			path += "&direction=next&page=" + next
		}
		var a pdns
		unmarshal(t, mustOK(t, get(t, paged, nil, path)), &a)
		if a.TotalRecords != 20 {
			t.Fatalf("totalRecords %d", a.TotalRecords)
		}
		pagers = append(pagers, string(a.Pager))
		for _, r := range a.Results {
			rows = append(rows, r.RecordHash+r.FirstSeen)
		}
		var p struct{ Next *string }
		unmarshal(t, a.Pager, &p)
		if p.Next == nil {
			break
		}
		next = *p.Next
	}
	want := []string{`{"next":"1","previous":null,"page_size":7}`, `{"next":"2","previous":"0","page_size":7}`, `{"next":null,"previous":"1","page_size":7}`}
	if diff := cmp.Diff(want, pagers); diff != "" {
		t.Errorf("pagers (-want +got):\n%s", diff)
	}
	var wantRows []string
	for _, r := range all.Results {
		wantRows = append(wantRows, r.RecordHash+r.FirstSeen)
	}
	if diff := cmp.Diff(wantRows, rows); diff != "" {
		t.Errorf("paged rows differ from the whole answer:\n%s", diff)
	}
}

func TestUnique(t *testing.T) {
	t.Parallel()
	s := StartTB(t, Config{})
	var a pdns
	unmarshal(t, mustOK(t, get(t, s, nil, "/dns/passive?query=passivetotal.org")), &a)
	var u struct {
		Total     int
		Results   []string
		Frequency [][2]json.RawMessage
	}
	unmarshal(t, mustOK(t, get(t, s, nil, "/dns/passive/unique?query=passivetotal.org")), &u)
	sum := 0
	seen := map[string]bool{}
	for i, f := range u.Frequency {
		var v string
		var n int
		unmarshal(t, f[0], &v)
		unmarshal(t, f[1], &n)
		if v != u.Results[i] || seen[v] {
			t.Errorf("frequency[%d] = %s", i, v)
		}
		seen[v] = true
		sum += n
	}
	if u.Total != len(u.Results) || sum != a.TotalRecords || u.Total >= a.TotalRecords {
		t.Errorf("total %d, %d results, counts sum %d, %d rows", u.Total, len(u.Results), sum, a.TotalRecords)
	}
}

func TestQuota(t *testing.T) {
	t.Parallel()
	const quotaBody = `{"error":{"http_code":429,"message":"Quota has been exceeded!","developer_message":"quota exceeded for operation search_api"}}`
	t.Run("runs out", func(t *testing.T) {
		t.Parallel()
		s := StartTB(t, Config{QuotaLimit: 3})
		for i := range 3 {
			mustOK(t, get(t, s, nil, "/dns/passive?query=a"+strconv.Itoa(i)+".example"))
		}
		mustOK(t, get(t, s, nil, "/articles"))      // free
		mustOK(t, get(t, s, nil, "/account/quota")) // free
		get(t, s, nil, "/dns/passive")              // 400: free
		r := get(t, s, nil, "/dns/passive/unique?query=example.com")
		if r.status != 429 || string(r.body) != quotaBody {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if used, limit := s.Quota(); used != 3 || limit != 3 {
			t.Errorf("quota %d/%d", used, limit)
		}
		var searches int
		s.WaitIdle()
		for _, req := range s.Requests() {
			if req.Search {
				searches++
			}
		}
		if searches != 3 {
			t.Errorf("log counts %d searches", searches)
		}
		s.SetQuota(0, 1) // mid-run change
		mustOK(t, get(t, s, nil, "/dns/passive?query=example.com"))
	})
	t.Run("organization is tighter", func(t *testing.T) {
		t.Parallel()
		s := StartTB(t, Config{OrgQuotaLimit: 5, OrgQuotaUsed: 5})
		if r := get(t, s, nil, "/dns/passive?query=example.com"); r.status != 429 {
			t.Errorf("status %d", r.status)
		}
	})
	t.Run("legacy 403 and articles spending", func(t *testing.T) {
		t.Parallel()
		s := StartTB(t, Config{QuotaLimit: 1, QuotaStatus: 403, ArticlesSpendQuota: true})
		mustOK(t, get(t, s, nil, "/articles"))
		r := get(t, s, nil, "/articles")
		if r.status != 403 || !strings.Contains(string(r.body), "Daily Query Limit Reached") {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	t.Run("resets with the clock", func(t *testing.T) {
		t.Parallel()
		var mu syncTime
		mu.set(time.Date(2021, 6, 30, 23, 0, 0, 0, time.UTC))
		s := StartTB(t, Config{QuotaLimit: 1, Now: mu.get})
		mustOK(t, get(t, s, nil, "/dns/passive?query=example.com"))
		if r := get(t, s, nil, "/dns/passive?query=example.com"); r.status != 429 {
			t.Fatalf("status %d", r.status)
		}
		mu.set(time.Date(2021, 7, 1, 0, 0, 1, 0, time.UTC))
		mustOK(t, get(t, s, nil, "/dns/passive?query=example.com"))
		var q struct {
			User struct {
				NextReset string `json:"next_reset"`
			}
		}
		unmarshal(t, mustOK(t, get(t, s, nil, "/account/quota")), &q)
		if q.User.NextReset != "2021-08-01 00:00:00" {
			t.Errorf("next_reset %s", q.User.NextReset)
		}
	})
}
