package mdtitest

import "time"

// Default credentials the simulator accepts unless Config says otherwise.
const (
	DefaultTenantID     = "00000000-0000-0000-0000-00000000a11c"
	DefaultClientID     = "11111111-2222-3333-4444-555555555555"
	DefaultClientSecret = "sim~client~secret~do-not-use"
)

// Config configures a simulator. The zero value is usable: every field
// has a default.
type Config struct {
	// Seed and Epoch drive the generated data (default 2024-06-01 UTC):
	// the same seed and epoch give the same bytes.
	Seed  uint64
	Epoch time.Time
	// Articles is the number of articles (default 40), one a day up to
	// Epoch.
	Articles int
	// PageSize is the page size of every listing when the request has no
	// $top (default 100, the page size of Graph's own nextLinks); $top is
	// honoured up to 1000.
	PageSize int
	// MaxRecords caps passive DNS answers (default 100,000).
	MaxRecords int
	// TenantID, ClientID and ClientSecret are the credentials the token
	// endpoint accepts (defaults above).
	TenantID, ClientID, ClientSecret string
	// TokenLifetime is the expires_in of issued tokens (default 1 hour).
	TokenLifetime time.Duration
	// Faults are the standing injected faults, checked in order for every
	// request (the first due one applies).
	Faults []Fault
}

func (c Config) withDefaults() Config {
	if c.Epoch.IsZero() {
		c.Epoch = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	c.Epoch = c.Epoch.UTC()
	if c.Articles <= 0 {
		c.Articles = 40
	}
	if c.PageSize <= 0 {
		c.PageSize = 100
	}
	if c.MaxRecords <= 0 {
		c.MaxRecords = 100_000
	}
	if c.TenantID == "" {
		c.TenantID = DefaultTenantID
	}
	if c.ClientID == "" {
		c.ClientID = DefaultClientID
	}
	if c.ClientSecret == "" {
		c.ClientSecret = DefaultClientSecret
	}
	if c.TokenLifetime <= 0 {
		c.TokenLifetime = time.Hour
	}
	return c
}
