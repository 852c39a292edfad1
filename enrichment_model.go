package passivetotal

import (
	"encoding/json"
	"strconv"
	"strings"
)

// HostSummary is the answer of GET /enrichment: what PassiveTotal knows
// about a domain or an IP address at a glance. Domain answers fill the
// first block, IP answers the second. A Microsoft Graph decoder fills it
// from a host (hostname registrar/registrant, ipAddress autonomousSystem,
// countryOrRegion, netblock).
type HostSummary struct {
	QueryValue      string   `json:"queryValue"`
	QueryType       string   `json:"queryType"` // "domain" or "ip"
	PrimaryDomain   string   `json:"primaryDomain"`
	TLD             string   `json:"tld"`
	Tags            []string `json:"tags"`
	EverCompromised bool     `json:"everCompromised"`
	DynamicDNS      bool     `json:"dynamicDns"`

	// AutonomousSystemNumber is 0 when unknown (or sent as a range, whose
	// first number is kept).
	AutonomousSystemNumber int64    `json:"autonomousSystemNumber"`
	AutonomousSystemName   string   `json:"autonomousSystemName"`
	Country                string   `json:"country"` // ISO 3166-1 alpha-2 as sent, e.g. "US"
	Latitude               *float64 `json:"latitude,omitempty"`
	Longitude              *float64 `json:"longitude,omitempty"`
	Network                string   `json:"network"` // CIDR
	Sinkhole               bool     `json:"sinkhole"`
	Classification         string   `json:"classification"`
	GlobalTags             []string `json:"global_tags"`
	SystemTags             []string `json:"system_tags"`
	Subdomains             []string `json:"subdomains"`
}

// UnmarshalJSON decodes a summary leniently: numbers as strings, an AS
// number written "AS13335" or as a range, null for missing values.
func (h *HostSummary) UnmarshalJSON(b []byte) error {
	var w struct {
		QueryValue      flexString           `json:"queryValue"`
		QueryType       flexString           `json:"queryType"`
		PrimaryDomain   flexString           `json:"primaryDomain"`
		TLD             flexString           `json:"tld"`
		Tags            flexList[flexString] `json:"tags"`
		EverCompromised flexBool             `json:"everCompromised"`
		DynamicDNS      flexBool             `json:"dynamicDns"`
		ASN             flexString           `json:"autonomousSystemNumber"`
		ASName          flexString           `json:"autonomousSystemName"`
		Country         flexString           `json:"country"`
		Latitude        flexString           `json:"latitude"`
		Longitude       flexString           `json:"longitude"`
		Network         flexString           `json:"network"`
		Sinkhole        flexBool             `json:"sinkhole"`
		Classification  flexString           `json:"classification"`
		GlobalTags      flexList[flexString] `json:"global_tags"`
		SystemTags      flexList[flexString] `json:"system_tags"`
		Subdomains      flexList[flexString] `json:"subdomains"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*h = HostSummary{
		QueryValue: string(w.QueryValue), QueryType: string(w.QueryType), PrimaryDomain: string(w.PrimaryDomain),
		TLD: string(w.TLD), Tags: flexStrings(w.Tags), EverCompromised: bool(w.EverCompromised),
		DynamicDNS: bool(w.DynamicDNS), AutonomousSystemNumber: parseASN(string(w.ASN)),
		AutonomousSystemName: string(w.ASName), Country: string(w.Country),
		Latitude: parseCoordinate(string(w.Latitude), 90), Longitude: parseCoordinate(string(w.Longitude), 180),
		Network: string(w.Network), Sinkhole: bool(w.Sinkhole), Classification: string(w.Classification),
		GlobalTags: flexStrings(w.GlobalTags), SystemTags: flexStrings(w.SystemTags), Subdomains: flexStrings(w.Subdomains),
	}
	return nil
}

// parseASN reads "13335", "AS13335" or a range "13335-13340" (first
// number); anything else, or a number outside 1..4294967295, is 0.
func parseASN(s string) int64 {
	s = strings.TrimSpace(s)
	if len(s) > 2 && strings.EqualFold(s[:2], "AS") {
		s = s[2:]
	}
	if i := strings.IndexAny(s, "- ,"); i > 0 {
		s = s[:i]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 || n > 4294967295 {
		return 0
	}
	return n
}

// parseCoordinate reads a latitude or longitude; out of [-limit, limit] or
// not a number is nil.
func parseCoordinate(s string, limit float64) *float64 {
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f != f || f < -limit || f > limit {
		return nil
	}
	return &f
}

// Subdomains is the answer of GET /enrichment/subdomains: the labels seen
// under a domain. v2 sends labels ("www"); Graph sends full names. Names
// joins them to the domain.
type Subdomains struct {
	QueryValue string   `json:"queryValue"` // the domain, maybe "*.example.com"
	Subdomains []string `json:"subdomains"`
}

// UnmarshalJSON decodes the answer leniently.
func (s *Subdomains) UnmarshalJSON(b []byte) error {
	var w struct {
		QueryValue flexString           `json:"queryValue"`
		Subdomains flexList[flexString] `json:"subdomains"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = Subdomains{QueryValue: string(w.QueryValue), Subdomains: flexStrings(w.Subdomains)}
	return nil
}

// Parent returns the queried domain without a "*." prefix or trailing dot.
func (s *Subdomains) Parent() string {
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s.QueryValue), "*."), ".")
}

// Names returns the full names: each label joined to Parent, or the entry
// as is when it already ends with the parent. Entries are not checked; the
// mapping validates them (v2 has sent junk like "1.2.3.4\x1adomain").
func (s *Subdomains) Names() []string {
	parent := s.Parent()
	out := make([]string, 0, len(s.Subdomains))
	for _, l := range s.Subdomains {
		l = strings.TrimSuffix(strings.TrimSpace(l), ".")
		switch {
		case l == "":
			continue
		case parent == "" || strings.EqualFold(l, parent) || strings.HasSuffix(strings.ToLower(l), "."+strings.ToLower(parent)):
			out = append(out, l)
		default:
			out = append(out, l+"."+parent)
		}
	}
	return out
}
