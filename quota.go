package passivetotal

import (
	"context"
	"encoding/json"
	"math"
	"time"
)

// Quota is the answer of GET /account/quota: the account's own counters and
// its organization's. Either block may be missing (nil).
type Quota struct {
	User         *QuotaBlock `json:"user"`
	Organization *QuotaBlock `json:"organization"`
}

// QuotaBlock is one level of quota (user or organization).
type QuotaBlock struct {
	Owner        string `json:"owner"`
	Organization string `json:"organization"`
	GUID         string `json:"guid"`
	Username     string `json:"username"`
	Profile      struct {
		Analysis string `json:"analysis"`
		Workflow string `json:"workflow"`
	} `json:"profile"`

	Counts   QuotaCounters `json:"counts"`   // used this interval
	Limits   QuotaCounters `json:"limits"`   // allowed per interval
	Freebies QuotaCounters `json:"freebies"` // searches that do not count

	// LicenseCounts and LicenseLimits are the license-level counters
	// (camelCase in the API, and nested under "enterprise" at organization
	// level; both forms decode here).
	LicenseCounts LicenseCounters `json:"licenseCounts"`
	LicenseLimits LicenseCounters `json:"licenseLimits"`

	QuotaInterval           string `json:"quotaInterval"` // "monthly" or "daily"
	UseMonthlyQuotaInactive bool   `json:"useMonthlyQuotaInactive"`
	// NextReset and LastReset are sent as "YYYY-MM-DD HH:MM:SS" with no
	// zone; read as UTC.
	NextReset           Time   `json:"next_reset"`
	LastReset           Time   `json:"last_reset"`
	EventCode           string `json:"event_code"`
	EventCodeExpiration Time   `json:"event_code_expiration"`
}

// QuotaCounters are the snake_case counters of a quota block. Numbers sent
// as strings decode; a missing counter is 0.
type QuotaCounters struct {
	SearchAPI        int
	SearchWeb        int
	BasicMonitors    int
	KeywordMonitors  int
	ProjectsPrivate  int
	ProjectsPublic   int
	MonitorResults   int
	MonitorFrequency string // limits only: "daily", "weekly", ...
	CreateCrawls     int
	CrawlSubmissions int
}

// UnmarshalJSON reads the API's snake_case keys leniently.
func (q *QuotaCounters) UnmarshalJSON(b []byte) error {
	var raw struct {
		SearchAPI        flexInt    `json:"search_api"`
		SearchWeb        flexInt    `json:"search_web"`
		BasicMonitors    flexInt    `json:"basic_monitors"`
		KeywordMonitors  flexInt    `json:"keyword_monitors"`
		ProjectsPrivate  flexInt    `json:"projects_private"`
		ProjectsPublic   flexInt    `json:"projects_public"`
		MonitorResults   flexInt    `json:"monitor_results"`
		MonitorFrequency flexString `json:"monitor_frequency"`
		CreateCrawls     flexInt    `json:"create_crawls"`
		CrawlSubmissions flexInt    `json:"crawl_submissions"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*q = QuotaCounters{
		SearchAPI: int(raw.SearchAPI), SearchWeb: int(raw.SearchWeb),
		BasicMonitors: int(raw.BasicMonitors), KeywordMonitors: int(raw.KeywordMonitors),
		ProjectsPrivate: int(raw.ProjectsPrivate), ProjectsPublic: int(raw.ProjectsPublic),
		MonitorResults: int(raw.MonitorResults), MonitorFrequency: string(raw.MonitorFrequency),
		CreateCrawls: int(raw.CreateCrawls), CrawlSubmissions: int(raw.CrawlSubmissions),
	}
	return nil
}

// LicenseCounters are the camelCase license counters.
type LicenseCounters struct {
	SearchAPI int
	SearchWeb int
}

// UnmarshalJSON accepts {"searchApi":..,"searchWeb":..} and the
// organization form {"enterprise":{"searchApi":..,"searchWeb":..}}.
func (l *LicenseCounters) UnmarshalJSON(b []byte) error {
	type flat struct {
		SearchAPI flexInt `json:"searchApi"`
		SearchWeb flexInt `json:"searchWeb"`
	}
	var raw struct {
		flat
		Enterprise *flat `json:"enterprise"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	f := raw.flat
	if raw.Enterprise != nil {
		f = *raw.Enterprise
	}
	*l = LicenseCounters{SearchAPI: int(f.SearchAPI), SearchWeb: int(f.SearchWeb)}
	return nil
}

// Remaining is the API searches left in this block: limit minus count,
// never negative.
func (b *QuotaBlock) Remaining() int {
	if b.Exhausted() {
		return 0
	}
	left := b.Limits.SearchAPI - b.Counts.SearchAPI
	if left <= 0 {
		// limit > count, so the subtraction overflowed (a junk negative
		// count): plenty is left.
		return math.MaxInt
	}
	return left
}

// Exhausted reports count >= limit. (The old connector compared with ==
// and kept searching once a count overshot its limit.)
func (b *QuotaBlock) Exhausted() bool {
	return b == nil || b.Counts.SearchAPI >= b.Limits.SearchAPI
}

// Binding returns the block that limits searches (the one with fewer
// searches left; the user's on a tie) and its scope, "user" or
// "organization". It returns nil and "" when both blocks are missing.
func (q *Quota) Binding() (*QuotaBlock, string) {
	if q == nil {
		return nil, ""
	}
	switch {
	case q.User == nil && q.Organization == nil:
		return nil, ""
	case q.Organization == nil:
		return q.User, "user"
	case q.User == nil:
		return q.Organization, "organization"
	case q.Organization.Remaining() < q.User.Remaining():
		return q.Organization, "organization"
	default:
		return q.User, "user"
	}
}

// Remaining is the API searches left: the tighter of the user and
// organization blocks, never negative. With no block at all nothing is
// known to be available, so it is 0.
func (q *Quota) Remaining() int {
	b, _ := q.Binding()
	return b.Remaining()
}

// Exhausted reports whether either present block has count >= limit, or
// no block is present.
func (q *Quota) Exhausted() bool {
	if q == nil || (q.User == nil && q.Organization == nil) {
		return true
	}
	return (q.User != nil && q.User.Exhausted()) || (q.Organization != nil && q.Organization.Exhausted())
}

// NextReset is when the binding block resets; zero when unknown.
func (q *Quota) NextReset() time.Time {
	b, _ := q.Binding()
	if b == nil {
		return time.Time{}
	}
	return b.NextReset.Time
}

// Quota returns the account's quota (GET /account/quota). The call does not
// spend a search and bypasses the quota guard; its answer refreshes the
// guard and the observer's quota estimate.
func (c *Client) Quota(ctx context.Context) (*Quota, *Response, error) {
	q := new(Quota)
	resp, err := c.get(ctx, "account/quota", nil, false, q)
	if err != nil {
		return nil, resp, err
	}
	c.quota.store(q, time.Now())
	return q, resp, nil
}
