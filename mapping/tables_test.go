package mapping

import "testing"

func TestLookupIndicatorType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want indicatorType
		ok   bool
	}{
		{"domain", indicatorType{kind: kindDomain}, true},
		{" IP ", indicatorType{kind: kindIP}, true},
		{"hash", indicatorType{kind: kindHash}, true},
		{"sha1", indicatorType{kind: kindHash, hash: hashSHA1}, true},
		{"hash_sha512", indicatorType{kind: kindHash, hash: hashSHA512}, true},
		{"proces_mutex", indicatorType{kind: kindMutex}, true},
		{"certficate_sha1", indicatorType{kind: kindCertSHA1}, true},
		{"code_certificate_serial", indicatorType{kind: kindCertSerial}, true},
		{"certificate_issuercommonname", indicatorType{kind: kindCertIssuer}, true},
		{"certificate_subjectorganizationname", indicatorType{kind: kindCertSubject}, true},
		{"certificate_subjectalternativename", indicatorType{}, false},
		{"wildcard", indicatorType{}, false},
		{"", indicatorType{}, false},
	}
	for _, tt := range tests {
		got, ok := lookupIndicatorType(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("lookupIndicatorType(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLookupRecordRule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		record, resolve string
		rule            recordRule
		relatedOK       bool
	}{
		{"A", "ip", ruleIP, false},
		{"AAAA", "ip", ruleIP, false},
		{"a", "IP", ruleIP, false},
		{"A", "domain", ruleReverseA, false},
		{"AAAA", "domain", ruleReverseA, false},
		{"CNAME", "domain", ruleDomain, false},
		{"NS", "domain", ruleDomain, true},
		{"MX", "domain", ruleDomain, true},
		{"SOA", "domain", ruleDomain, true},
		{"SOA", "email", ruleSOAEmail, false},
		{"TXT", "text", ruleNone, false},
		{"TXT (SPF1)", "text", ruleNone, false},
		{"PTR", "domain", ruleNone, false},
		{"CNAME", "ip", ruleNone, false},
		{"", "", ruleNone, false},
	}
	for _, tt := range tests {
		rule, ok := lookupRecordRule(tt.record, tt.resolve)
		if rule != tt.rule || ok != tt.relatedOK {
			t.Errorf("lookupRecordRule(%q, %q) = %v, %v; want %v, %v", tt.record, tt.resolve, rule, ok, tt.rule, tt.relatedOK)
		}
	}
}

func TestQuoteValue(t *testing.T) {
	t.Parallel()
	if got, want := item("indicator domain", "a\x00b"), `indicator domain "a\x00b"`; got != want {
		t.Errorf("item = %q, want %q", got, want)
	}
	long := make([]byte, 1000)
	for i := range long {
		long[i] = 'x'
	}
	long[119] = 0xc3 // split a rune at the cut point
	if got := quoteValue(string(long)); len(got) > maxShownLen+40 {
		t.Errorf("quoteValue of 1000 bytes is %d bytes long", len(got))
	}
}
