package enricher

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseDatasets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    []Dataset
		wantErr bool
	}{
		{"", DefaultDatasets, false},
		{" , ", DefaultDatasets, false},
		{"pdns", []Dataset{DatasetPDNS}, false},
		{"all", AllDatasets, false},
		{"reputation,WHOIS, pdns,whois", []Dataset{DatasetPDNS, DatasetWhois, DatasetReputation}, false},
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

func TestDatasetApplies(t *testing.T) {
	t.Parallel()
	domain, _ := ParseEntity("domain-name:example.com")
	ip, _ := ParseEntity("ipv4-addr:198.51.100.7")
	if DatasetSubdomains.applies(ip) || !DatasetSubdomains.applies(domain) {
		t.Error("subdomains are a domain's")
	}
	if DatasetPorts.applies(domain) || !DatasetPorts.applies(ip) {
		t.Error("ports are an address's")
	}
	if !DatasetWhois.applies(ip) || !DatasetWhois.applies(domain) {
		t.Error("WHOIS is anyone's")
	}
}
