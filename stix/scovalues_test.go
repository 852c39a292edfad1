package stix_test

import (
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/stix"
)

// Validate checks the values whose grammar STIX ties to an RFC (the
// siblings of the url check): a bad value is a problem on "value" or
// "hashes", a good one passes.
func TestValidateObservableValues(t *testing.T) {
	t.Parallel()
	const (
		dID = "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7"
		v4  = "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"
		v6  = "ipv6-addr--6469e3a9-b053-5e34-a025-9396ae051d26"
		eID = "email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934"
		uID = "url--f80a5a67-44b9-567c-8b8f-a5f23127daef"
		fID = "file--02fff920-f614-527c-81d1-6353633a6d21"
		xID = "x509-certificate--bf86f034-2390-54d7-8426-d08433db3fbe"
	)
	oc := func(id string) stix.ObservableCommon { return stix.ObservableCommon{ID: id} }
	tests := []struct {
		name string
		obj  stix.Object
		want string // "" = valid, else a substring of the only problem
	}{
		{"domain", &stix.DomainName{ObservableCommon: oc(dID), Value: "bücher.example."}, ""},
		{"domain with underscore", &stix.DomainName{ObservableCommon: oc(dID), Value: "_dmarc.example.com"}, ""},
		{"domain with a space", &stix.DomainName{ObservableCommon: oc(dID), Value: "exa mple.com"}, "value: not a host name"},
		{"domain of 255 bytes", &stix.DomainName{ObservableCommon: oc(dID), Value: strings.Repeat(strings.Repeat("ⱥ", 21)+".", 3) + strings.Repeat("ⱥ", 21)}, "value: longer than 253"},
		{"domain label of 64", &stix.DomainName{ObservableCommon: oc(dID), Value: strings.Repeat("a", 64) + ".com"}, "value: labels must be"},
		{"domain empty label", &stix.DomainName{ObservableCommon: oc(dID), Value: "a..com"}, "value: labels must be"},
		{"ipv4", &stix.IPv4Addr{ObservableCommon: oc(v4), Value: "203.0.113.0/24"}, ""},
		{"ipv4 holding v6", &stix.IPv4Addr{ObservableCommon: oc(v4), Value: "2001:db8::1"}, "value: not an IPv4"},
		{"ipv4 junk", &stix.IPv4Addr{ObservableCommon: oc(v4), Value: "999.1.1.1"}, "value: not an address"},
		{"ipv6", &stix.IPv6Addr{ObservableCommon: oc(v6), Value: "2001:db8::/32"}, ""},
		{"ipv6 holding v4", &stix.IPv6Addr{ObservableCommon: oc(v6), Value: "192.0.2.1"}, "value: not an IPv6"},
		{"ipv6 with zone", &stix.IPv6Addr{ObservableCommon: oc(v6), Value: "fe80::1%eth0"}, "value: an address with a zone"},
		{"email", &stix.EmailAddr{ObservableCommon: oc(eID), Value: "john.doe+x@xn--bcher-kva.example"}, ""},
		{"email quoted", &stix.EmailAddr{ObservableCommon: oc(eID), Value: `"john doe"@example.com`}, ""},
		{"email literal", &stix.EmailAddr{ObservableCommon: oc(eID), Value: "john@[IPv6:2001:db8::1]"}, ""},
		{"email U-label domain", &stix.EmailAddr{ObservableCommon: oc(eID), Value: "john@bücher.example"}, "value: domain is not an ASCII host name"},
		{"email non-ASCII local", &stix.EmailAddr{ObservableCommon: oc(eID), Value: "jöhn@example.com"}, "value: invalid character in the local part"},
		{"email no domain", &stix.EmailAddr{ObservableCommon: oc(eID), Value: "john@"}, "value: not local@domain"},
		{"email double dot", &stix.EmailAddr{ObservableCommon: oc(eID), Value: "jo..hn@example.com"}, "value: misplaced dot"},
		{"email long local", &stix.EmailAddr{ObservableCommon: oc(eID), Value: strings.Repeat("a", 65) + "@example.com"}, "value: local part longer than 64"},
		{"url", &stix.URL{ObservableCommon: oc(uID), Value: "https://example.com/path?q=1&r=%22x%22"}, ""},
		{"url with quotes", &stix.URL{ObservableCommon: oc(uID), Value: `https://example.com/path?q=1&r="x"`}, "value: stix: url"},
		{"url without scheme", &stix.URL{ObservableCommon: oc(uID), Value: "example.com/x"}, "no scheme"},
		{"file MD5", &stix.File{ObservableCommon: oc(fID), Hashes: stix.Hashes{"MD5": "D41D8CD98F00B204E9800998ECF8427E"}}, ""},
		{"file short SHA-256", &stix.File{ObservableCommon: oc(fID), Hashes: stix.Hashes{"SHA-256": "abc"}}, `hashes: "SHA-256": wrong length`},
		{"file non-hex SHA-1", &stix.File{ObservableCommon: oc(fID), Hashes: stix.Hashes{"SHA-1": strings.Repeat("z", 40)}}, `hashes: "SHA-1": SHA-1 is not hex`},
		{"file custom hash", &stix.File{ObservableCommon: oc(fID), Hashes: stix.Hashes{"TLSH": "T1abc"}}, ""},
		{"file bad hash name", &stix.File{ObservableCommon: oc(fID), Hashes: stix.Hashes{"a b": "x"}}, `hashes: "a b": hash name must be letters`},
		{"x509 bad SHA-1", &stix.X509Certificate{ObservableCommon: oc(xID), Hashes: stix.Hashes{"SHA-1": "00"}}, `hashes: "SHA-1": wrong length`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := problems(t, stix.Validate(tt.obj))
			if tt.want == "" {
				if len(got) != 0 {
					t.Fatalf("problems %q, want none", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tt.want) {
				t.Fatalf("problems %q, want one containing %q", got, tt.want)
			}
		})
	}
}
