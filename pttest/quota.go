package pttest

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/ptstix/passivetotal/internal/gen"
)

// quotaState is the search_api counter of the user and the organization for
// the current monthly period. Guarded by Server.mu.
type quotaState struct {
	userUsed, userLimit int
	orgUsed, orgLimit   int
	period              time.Time // start of the current period (last_reset)
}

func newQuota(c Config) quotaState {
	return quotaState{
		userUsed: max(c.QuotaUsed, 0), userLimit: c.QuotaLimit,
		orgUsed: max(c.OrgQuotaUsed, 0), orgLimit: c.OrgQuotaLimit,
		period: periodStart(c.Now()),
	}
}

// periodStart is the first instant of t's month, UTC: quotaInterval monthly.
func periodStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// roll resets the counters when the clock has passed next_reset.
func (s *Server) roll() {
	if p := periodStart(s.cfg.Now()); p.After(s.quota.period) {
		s.quota.period = p
		s.quota.userUsed, s.quota.orgUsed = 0, 0
	}
}

// spend counts one search, or reports false when the user's or the
// organization's quota is exhausted (count >= limit).
func (s *Server) spend() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roll()
	q := &s.quota
	if q.userUsed >= q.userLimit || q.orgUsed >= q.orgLimit {
		return false
	}
	q.userUsed++
	q.orgUsed++
	return true
}

// SetQuota sets the user's search_api count and limit, e.g. to make quota
// run out after a few more calls in the middle of a run.
func (s *Server) SetQuota(used, limit int) {
	s.mu.Lock()
	s.quota.userUsed, s.quota.userLimit = max(used, 0), max(limit, 0)
	s.mu.Unlock()
}

// SetOrgQuota sets the organization's search_api count and limit.
func (s *Server) SetOrgQuota(used, limit int) {
	s.mu.Lock()
	s.quota.orgUsed, s.quota.orgLimit = max(used, 0), max(limit, 0)
	s.mu.Unlock()
}

// Quota returns the user's current search_api count and limit.
func (s *Server) Quota() (used, limit int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roll()
	return s.quota.userUsed, s.quota.userLimit
}

type quotaBody struct {
	User         quotaBlock `json:"user"`
	Organization quotaBlock `json:"organization"`
}

type quotaBlock struct {
	Owner        *string `json:"owner"`
	Organization *string `json:"organization"`
	GUID         *string `json:"guid"`
	Profile      struct {
		Analysis *string `json:"analysis"`
		Workflow *string `json:"workflow"`
	} `json:"profile"`
	Freebies struct {
		SearchWeb int `json:"search_web"`
		SearchAPI int `json:"search_api"`
	} `json:"freebies"`
	Counts struct {
		KeywordMonitors int `json:"keyword_monitors"`
		BasicMonitors   int `json:"basic_monitors"`
		ProjectsPrivate int `json:"projects_private"`
		ProjectsPublic  int `json:"projects_public"`
		SearchAPI       int `json:"search_api"`
		SearchWeb       int `json:"search_web"`
	} `json:"counts"`
	Limits struct {
		BasicMonitors    int    `json:"basic_monitors"`
		MonitorResults   int    `json:"monitor_results"`
		ProjectsPrivate  int    `json:"projects_private"`
		MonitorFrequency string `json:"monitor_frequency"`
		KeywordMonitors  int    `json:"keyword_monitors"`
		ProjectsPublic   int    `json:"projects_public"`
		CreateCrawls     int    `json:"create_crawls"`
		CrawlSubmissions int    `json:"crawl_submissions"`
		SearchAPI        int    `json:"search_api"`
		SearchWeb        int    `json:"search_web"`
	} `json:"limits"`
	QuotaInterval           string  `json:"quotaInterval"`
	UseMonthlyQuotaInactive bool    `json:"useMonthlyQuotaInactive"`
	LicenseCounts           any     `json:"licenseCounts"`
	LicenseLimits           any     `json:"licenseLimits"`
	NextReset               string  `json:"next_reset"`
	LastReset               string  `json:"last_reset"`
	Username                *string `json:"username"`
	EventCode               *string `json:"event_code"`
	EventCodeExpiration     *string `json:"event_code_expiration"`
}

type license struct {
	SearchAPI int `json:"searchApi"`
	SearchWeb int `json:"searchWeb"`
}

func ptr(s string) *string { return &s }

// quotaJSON renders GET /account/quota in the shape of the python_api
// fixture: snake_case counts/limits, camelCase licence blocks (nested under
// "enterprise" for the organization), times as "YYYY-MM-DD HH:MM:SS".
func (s *Server) quotaJSON() []byte {
	s.mu.Lock()
	s.roll()
	q := s.quota
	s.mu.Unlock()
	last := q.period.Format(gen.TimeLayout)
	next := q.period.AddDate(0, 1, 0).Format(gen.TimeLayout)

	var u quotaBlock
	u.Owner, u.Username = ptr(s.cfg.Username), ptr(s.cfg.Username)
	u.Counts.SearchAPI, u.Counts.SearchWeb = q.userUsed, 3
	u.Limits.BasicMonitors, u.Limits.MonitorResults, u.Limits.ProjectsPrivate = 100, 1, 1
	u.Limits.MonitorFrequency, u.Limits.KeywordMonitors, u.Limits.ProjectsPublic = "weekly", 1, 1000
	u.Limits.SearchAPI, u.Limits.SearchWeb = q.userLimit, 1000
	u.QuotaInterval = "monthly"
	u.LicenseCounts = license{SearchAPI: q.userUsed, SearchWeb: 3}
	u.LicenseLimits = license{SearchAPI: q.userLimit, SearchWeb: 1000}
	u.NextReset, u.LastReset = next, last

	var o quotaBlock
	o.Owner, o.Organization = ptr("PassiveTotal Simulator"), ptr("PassiveTotal Simulator")
	o.GUID = ptr("5a1e0c2d-0000-4000-8000-00000000517a")
	o.Profile.Analysis, o.Profile.Workflow = ptr("enterprise"), ptr("enterprise")
	o.Counts.KeywordMonitors, o.Counts.BasicMonitors = 1, 4
	o.Counts.SearchAPI, o.Counts.SearchWeb = q.orgUsed, 40
	o.Limits.BasicMonitors, o.Limits.MonitorResults, o.Limits.ProjectsPrivate = 100, 1, 100
	o.Limits.MonitorFrequency, o.Limits.KeywordMonitors, o.Limits.ProjectsPublic = "daily", 100, 100
	o.Limits.SearchAPI, o.Limits.SearchWeb = q.orgLimit, 10000
	o.QuotaInterval = "monthly"
	o.UseMonthlyQuotaInactive = true
	o.LicenseCounts = map[string]license{"enterprise": {SearchAPI: q.orgUsed, SearchWeb: 40}}
	o.LicenseLimits = map[string]license{"enterprise": {SearchAPI: q.orgLimit, SearchWeb: 10000}}
	o.NextReset, o.LastReset = next, last

	b, _ := json.Marshal(quotaBody{User: u, Organization: o})
	return b
}

func (s *Server) serveQuota(w http.ResponseWriter) { writeJSON(w, http.StatusOK, s.quotaJSON()) }

type accountBody struct {
	Username               string `json:"username"`
	FirstName              string `json:"firstName"`
	LastName               string `json:"lastName"`
	LastActive             string `json:"lastActive"`
	FirstActive            string `json:"firstActive"`
	Organization           string `json:"organization"`
	SearchAPIQuotaExceeded bool   `json:"searchApiQuotaExceeded"`
}

// serveAccount answers GET /account, handy as a cheap "are my credentials
// right" call.
func (s *Server) serveAccount(w http.ResponseWriter) {
	s.mu.Lock()
	s.roll()
	exceeded := s.quota.userUsed >= s.quota.userLimit
	s.mu.Unlock()
	b, _ := json.Marshal(accountBody{
		Username: s.cfg.Username, FirstName: "Sim", LastName: "Analyst",
		LastActive:   s.cfg.Epoch.Add(-time.Hour).Format(gen.TimeLayout),
		FirstActive:  s.cfg.Epoch.AddDate(-3, 0, 0).Format(gen.TimeLayout),
		Organization: "PassiveTotal Simulator", SearchAPIQuotaExceeded: exceeded,
	})
	writeJSON(w, http.StatusOK, b)
}
