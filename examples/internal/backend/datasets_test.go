package backend

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal"
)

func TestParseDatasets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    []DatasetName
		wantErr bool
	}{
		{"", DefaultDatasets, false},
		{" , ", DefaultDatasets, false},
		{"pdns", []DatasetName{DatasetPDNS}, false},
		{"all", AllDatasets, false},
		{"reputation,WHOIS, pdns,whois", []DatasetName{DatasetPDNS, DatasetWhois, DatasetReputation}, false},
		{"all,ports", AllDatasets, false},
		{"dns", nil, true},
		{"pdns;whois", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseDatasets(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseDatasets(%q) error %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("ParseDatasets(%q) (-want +got):\n%s", tt.in, d)
		}
	}
}

func TestDatasetAppliesTo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d                          DatasetName
		domain, ipv4Addr, ipv6Addr bool
	}{
		{DatasetSubdomains, true, false, false}, // a domain's
		{DatasetPorts, false, true, true},       // an address's
		{DatasetWhois, true, true, true},
		{DatasetPDNS, true, true, true},
	}
	for _, tt := range tests {
		got := []bool{tt.d.AppliesTo("domain-name"), tt.d.AppliesTo("ipv4-addr"), tt.d.AppliesTo("ipv6-addr")}
		if d := cmp.Diff([]bool{tt.domain, tt.ipv4Addr, tt.ipv6Addr}, got); d != "" {
			t.Errorf("%s.AppliesTo(domain, ipv4, ipv6) (-want +got):\n%s", tt.d, d)
		}
	}
}

func TestErrorReason(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("lookup: %w", passivetotal.ErrQuotaExceeded), "quota exhausted"},
		{passivetotal.ErrUnauthorized, "unauthorized"},
		{passivetotal.ErrNotPermitted, "not permitted"},
		{passivetotal.ErrNotFound, "not found"},
		{passivetotal.ErrThrottled, "throttled"},
		{fmt.Errorf("dns: %w", &passivetotal.InvalidQueryError{Query: "-", Reason: "not a name"}), "invalid query"},
		{errors.New("connection reset"), "API error"},
	}
	for _, tt := range tests {
		if got := ErrorReason(tt.err); got != tt.want {
			t.Errorf("ErrorReason(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
