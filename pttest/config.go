package pttest

import (
	"time"

	"github.com/ptstix/passivetotal/internal/gen"
)

// Default credentials; any client of a simulator started with a zero Config
// must send them as HTTP Basic auth.
const (
	DefaultUsername = "analyst@example.com"
	DefaultAPIKey   = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

// Default sizes of the data set.
const (
	DefaultArticles           = 60
	DefaultArticlesPageSize   = 25
	DefaultIndicatorsPageSize = 100
	DefaultMaxDNSRecords      = 100_000
	DefaultQuotaLimit         = 1000
	DefaultOrgQuotaLimit      = 10_000
)

// ErrorShape selects how the simulator words its own error bodies. Both
// shapes were used by the real service at some point.
type ErrorShape int

const (
	// ErrorLegacy is {"error":{"http_code":N,"message":...,"developer_message":...}}.
	ErrorLegacy ErrorShape = iota
	// ErrorFlat is {"message":...}.
	ErrorFlat
)

// Config configures a simulator. The zero value is usable: default
// credentials, both base paths, 60 articles in pages of 25, a user quota of
// 1000 searches and the fixed reference date [gen.DefaultEpoch].
type Config struct {
	// Username and APIKey are the Basic auth credentials the server accepts;
	// DefaultUsername and DefaultAPIKey when both are empty.
	Username, APIKey string
	// NoAuth accepts any request, with or without credentials. A redirect
	// target uses it to record whether credentials followed.
	NoAuth bool

	// BasePaths are the path prefixes the API is served under. Nil means
	// {"/pt/v2", "/v2"}, the api.riskiq.net and api.passivetotal.org forms;
	// include "" to serve at the root as well. The first one is used by
	// [Server.BaseURL].
	BasePaths []string

	// Seed selects the data set. The same Config gives byte-identical
	// answers to the same requests.
	Seed uint64
	// Epoch is the data's reference date: the newest passive DNS lastSeen
	// and article createdDate. Zero means gen.DefaultEpoch (2021-06-01 UTC).
	// A program that combines the simulator with a wall-clock window (say
	// the enricher's "last 30 days" in -demo mode) should set it to today.
	Epoch time.Time
	// Now is the quota clock (current period, next_reset). Nil means a clock
	// stopped at Epoch, so quota answers are deterministic too. Request log
	// times are arrival times from time.Now and never appear in responses.
	Now func() time.Time

	// Articles is the number of articles (DefaultArticles when zero;
	// negative means none).
	Articles int
	// ArticlesPageSize is the page size of GET /articles.
	ArticlesPageSize int
	// IndicatorsPageSize is the page size of GET /articles/indicators.
	IndicatorsPageSize int
	// HostAttributesPageSize is the page size of GET /host-attributes/*
	// (2000, the real API's, when zero).
	HostAttributesPageSize int
	// PlainArticles turns off the feed's quirks (null and odd publishedDate,
	// empty title, malformed hashes, untidy tags; see gen.ArticleAt).
	PlainArticles bool
	// ArticlesSpendQuota makes every articles call spend one search. The
	// reference documents only that API searches count against search_api;
	// articles were the public feed, and the OpenCTI importer never checked
	// quota, so by default they spend nothing.
	ArticlesSpendQuota bool

	// DNSPageSize, when positive, splits passive DNS answers longer than it
	// into pages linked by "pager". Zero answers in one piece with
	// "pager": null, as the real service did in practice.
	DNSPageSize int
	// MaxDNSRecords caps the size asked for with a "records-N." query.
	MaxDNSRecords int

	// QuotaLimit and QuotaUsed are the user's search_api limit and count at
	// start (DefaultQuotaLimit when the limit is zero; negative means 0).
	QuotaLimit, QuotaUsed int
	// OrgQuotaLimit and OrgQuotaUsed are the organization's.
	OrgQuotaLimit, OrgQuotaUsed int
	// QuotaStatus is the status of the quota-exhausted refusal: 429 (the
	// default) or 403, the legacy "Daily Query Limit Reached".
	QuotaStatus int

	// Latency is added before every answer (see also Server.SetLatency).
	Latency time.Duration
	// ErrorShape selects the body of the simulator's own errors.
	ErrorShape ErrorShape
}

func (c Config) withDefaults() Config {
	if c.Username == "" && c.APIKey == "" {
		c.Username, c.APIKey = DefaultUsername, DefaultAPIKey
	}
	if c.BasePaths == nil {
		c.BasePaths = []string{"/pt/v2", "/v2"}
	}
	if c.Epoch.IsZero() {
		c.Epoch = gen.DefaultEpoch
	}
	c.Epoch = c.Epoch.UTC().Truncate(time.Second)
	if c.Now == nil {
		epoch := c.Epoch
		c.Now = func() time.Time { return epoch }
	}
	if c.Articles == 0 {
		c.Articles = DefaultArticles
	}
	c.Articles = max(c.Articles, 0)
	if c.ArticlesPageSize <= 0 {
		c.ArticlesPageSize = DefaultArticlesPageSize
	}
	if c.IndicatorsPageSize <= 0 {
		c.IndicatorsPageSize = DefaultIndicatorsPageSize
	}
	if c.HostAttributesPageSize <= 0 {
		c.HostAttributesPageSize = 2000
	}
	if c.MaxDNSRecords <= 0 {
		c.MaxDNSRecords = DefaultMaxDNSRecords
	}
	if c.QuotaLimit == 0 {
		c.QuotaLimit = DefaultQuotaLimit
	}
	if c.OrgQuotaLimit == 0 {
		c.OrgQuotaLimit = DefaultOrgQuotaLimit
	}
	c.QuotaLimit, c.OrgQuotaLimit = max(c.QuotaLimit, 0), max(c.OrgQuotaLimit, 0)
	if c.QuotaStatus == 0 {
		c.QuotaStatus = 429
	}
	return c
}
