package stix

import (
	"errors"
	"net/netip"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The value grammars of the SCOs whose values STIX 2.1 ties to an RFC:
// domain-name (RFC 1034, 5890), ipv4-addr and ipv6-addr (an address or
// CIDR block), email-addr (the addr-spec of RFC 5322), and the hash values
// the OASIS hashes type constrains. Validate reports a value that breaks
// them, so no such observable leaves the SDK.

// checkDomainValue accepts a host name: at most 253 bytes (a trailing dot
// aside), labels of 1 to 63 bytes made of letters, digits, marks, hyphens
// and underscores (U-labels and A-labels alike).
func checkDomainValue(s string) error {
	s = strings.TrimSuffix(s, ".")
	if len(s) > 253 {
		return errors.New("longer than 253 bytes")
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 {
			return errors.New("labels must be 1 to 63 bytes")
		}
		for _, r := range label {
			if !(r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)) {
				return errors.New("not a host name")
			}
		}
	}
	return nil
}

// checkIPValue accepts an address or CIDR block of the family of typ,
// without a zone.
func checkIPValue(s string, v6 bool) error {
	var a netip.Addr
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return errors.New("not an address or CIDR block")
		}
		a = p.Addr()
	} else {
		var err error
		if a, err = netip.ParseAddr(s); err != nil {
			return errors.New("not an address or CIDR block")
		}
	}
	switch {
	case a.Zone() != "":
		return errors.New("an address with a zone is local to one host")
	case v6 && !a.Is6():
		return errors.New("not an IPv6 address")
	case !v6 && !a.Is4():
		return errors.New("not an IPv4 address")
	}
	return nil
}

// checkEmailValue accepts an RFC 5322 addr-spec: a dot-atom or quoted
// local part of at most 64 bytes, "@", and an ASCII host name (A-labels
// for internationalised names) or an address literal; 254 bytes at most.
func checkEmailValue(s string) error {
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at == len(s)-1 {
		return errors.New("not local@domain")
	}
	if len(s) > 254 {
		return errors.New("longer than 254 bytes")
	}
	local, domain := s[:at], s[at+1:]
	if err := checkEmailLocal(local); err != nil {
		return err
	}
	if strings.HasPrefix(domain, "[") && strings.HasSuffix(domain, "]") {
		lit := strings.TrimPrefix(domain[1:len(domain)-1], "IPv6:")
		if _, err := netip.ParseAddr(lit); err != nil {
			return errors.New("invalid address literal")
		}
		return nil
	}
	return checkASCIIHost(domain)
}

func checkEmailLocal(local string) error {
	if len(local) > 64 {
		return errors.New("local part longer than 64 bytes")
	}
	if len(local) >= 2 && local[0] == '"' && local[len(local)-1] == '"' {
		for i := 1; i < len(local)-1; i++ {
			if c := local[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
				return errors.New("invalid character in the quoted local part")
			}
		}
		return nil
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return errors.New("misplaced dot in the local part")
	}
	for i := 0; i < len(local); i++ {
		if !isAtext(local[i]) && local[i] != '.' {
			return errors.New("invalid character in the local part")
		}
	}
	return nil
}

// isAtext reports whether c is an RFC 5322 atext character.
func isAtext(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// checkASCIIHost accepts a letters-digits-hyphens host name.
func checkASCIIHost(h string) error {
	h = strings.TrimSuffix(h, ".")
	if len(h) > 253 {
		return errors.New("domain longer than 253 bytes")
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return errors.New("invalid domain label")
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return errors.New("domain is not an ASCII host name (use A-labels)")
			}
		}
	}
	return nil
}

// hexHashLen is the hex length of the hash algorithms the OASIS hashes
// type constrains.
var hexHashLen = map[string]int{
	HashMD5: 32, HashSHA1: 40, HashSHA256: 64, HashSHA512: 128, "SHA3-256": 64, "SHA3-512": 128,
}

// checkHash checks one hashes entry: a key of 3 to 250 of a-z A-Z 0-9 _ -
// and, for the algorithms with a fixed length, a hex value of it.
func checkHash(name, value string) error {
	if len(name) < 3 || len(name) > 250 {
		return errors.New("hash name must be 3 to 250 characters")
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return errors.New("hash name must be letters, digits, _ and -")
		}
	}
	if value == "" || !utf8.ValidString(value) {
		return errors.New("empty hash value")
	}
	if n, ok := hexHashLen[name]; ok {
		if len(value) != n {
			return errors.New("wrong length for " + name)
		}
		for i := 0; i < len(value); i++ {
			if !isHex(value[i]) {
				return errors.New(name + " is not hex")
			}
		}
	}
	return nil
}
