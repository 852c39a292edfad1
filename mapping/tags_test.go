package mapping

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMitreTag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		id, name string
		ok       bool
	}{
		{"T1566", "T1566", "T1566", true},
		{"T1566.002", "T1566.002", "T1566.002", true},
		{"T1566.002 - Spearphishing Link", "T1566.002", "Spearphishing Link", true},
		{" t1204.002 - Malicious File ", "T1204.002", "Malicious File", true},
		{"T1566 - ", "T1566", "T1566", true},
		{"T156", "", "", false},
		{"T15666", "", "", false},
		{"T1566.02", "", "", false},
		{"T1566-002", "T1566", "002", true},
		{"T1566.002: Spearphishing Link", "T1566.002", "Spearphishing Link", true},
		{"T1566.0021", "", "", false},
		{"T1566x", "", "", false},
		{"X1566", "", "", false},
		{"spam", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		id, name, ok := mitreTag(tt.in)
		if id != tt.id || name != tt.name || ok != tt.ok {
			t.Errorf("mitreTag(%q) = %q, %q, %v; want %q, %q, %v", tt.in, id, name, ok, tt.id, tt.name, tt.ok)
		}
	}
}

func TestCVETag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"CVE-2021-44228", "CVE-2021-44228", true},
		{"cve-2021-44228", "CVE-2021-44228", true},
		{" Cve-2019-1234567 ", "CVE-2019-1234567", true},
		{"CVE-2021-442", "", false},
		{"CVE-21-44228", "", false},
		{"CVE-2021-4422x", "", false},
		{"CVE 2021 44228", "", false},
		{"log4shell", "", false},
	}
	for _, tt := range tests {
		got, ok := cveTag(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("cveTag(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCleanTags(t *testing.T) {
	t.Parallel()
	got := cleanTags([]string{" spam ", "NDR", "", "spam", "NDR ", "Non-Delivery Receipt"})
	want := []string{"spam", "NDR", "Non-Delivery Receipt"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cleanTags (-want +got):\n%s", diff)
	}
}
