package stix

import (
	"errors"
	"net/netip"
	"strings"
	"unicode/utf8"
)

// Grammars shared by the SCOs whose values STIX 2.1 ties to an RFC; each
// type's own grammar lives in its file (domainname.go, emailaddr.go,
// uri.go). Validate reports a value that breaks them, so no such
// observable leaves the SDK.

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
