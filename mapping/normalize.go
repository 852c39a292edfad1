package mapping

import (
	"net/netip"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ptstix/passivetotal/internal/punycode"
	"github.com/ptstix/passivetotal/stix"
)

// Limits on values. A value longer than maxValueLen is skipped: no real
// indicator is that long and such strings only bloat bundles and patterns.
const (
	maxValueLen  = 8192
	maxDomainLen = 253
	maxLabelLen  = 63
)

// NormalizeDomain returns the canonical form of a hostname: surrounding
// whitespace trimmed, lower-cased, one trailing dot removed. It reports false
// for a value that is not a valid hostname: empty labels, spaces, control
// characters, backslashes (the "IP\032domain" junk seen in passive DNS),
// wildcards, labels longer than 63 bytes, names longer than 253 bytes (both
// once lower-cased), a label that starts or ends with a hyphen, an
// all-numeric top label (an IP address is not a domain) or invalid UTF-8. Internationalised names in
// U-label form (bücher.example) are accepted as they are; punycode A-labels
// (xn--...) are ASCII and accepted too. Underscores are accepted because real
// DNS data carries them (_dmarc, _domainkey).
func NormalizeDomain(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ".")
	// Lower-casing can shrink a name (the Kelvin sign, 3 bytes, becomes
	// "k") or grow it (Ⱥ, 2 bytes, becomes ⱥ, 3): the length limits apply
	// to the final value, and this bound only spares work on huge input.
	if s == "" || len(s) > 3*maxDomainLen || !utf8.ValidString(s) {
		return "", false
	}
	ascii, upper := true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if !ascii {
		s = strings.ToLower(s)
	} else if upper {
		s = asciiLower(s)
	}
	if len(s) > maxDomainLen || !validHostname(s, ascii) {
		return "", false
	}
	return s, true
}

// validHostname checks the labels of a lower-cased name.
func validHostname(s string, ascii bool) bool {
	labelStart := 0
	allDigits := true
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			label := s[labelStart:i]
			if label == "" || len(label) > maxLabelLen || label[0] == '-' || label[len(label)-1] == '-' {
				return false
			}
			if i == len(s) && allDigits {
				return false // numeric top-level label: an IP address or junk
			}
			labelStart, allDigits = i+1, true
			continue
		}
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
		case 'a' <= c && c <= 'z', c == '-', c == '_':
			allDigits = false
		case c >= utf8.RuneSelf && !ascii:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.M, r) {
				return false
			}
			allDigits = false
			i += size - 1
		default:
			return false
		}
	}
	return true
}

// asciiLower lower-cases an ASCII string.
func asciiLower(s string) string {
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

// NormalizeIP parses an IP address (surrounding whitespace trimmed) and
// returns it in canonical text form. IPv4-mapped IPv6 addresses
// (::ffff:192.0.2.1) are unmapped to IPv4, and addresses with a zone
// (fe80::1%eth0) are rejected: a zone is local to one host.
func NormalizeIP(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// normalizeIPOrPrefix accepts an address or a CIDR block (both are valid
// ipv4-addr / ipv6-addr values) and returns the canonical text and whether it
// is IPv6. A prefix is masked (192.0.2.7/24 becomes 192.0.2.0/24) and a /32 or
// /128 prefix becomes the bare address.
func normalizeIPOrPrefix(s string) (value string, v6 bool, ok bool) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "/") {
		a, ok := NormalizeIP(s)
		if !ok {
			return "", false, false
		}
		return a.String(), a.Is6(), true
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || p.Addr().Zone() != "" {
		return "", false, false
	}
	p = p.Masked()
	if p.IsSingleIP() {
		return p.Addr().String(), p.Addr().Is6(), true
	}
	return p.String(), p.Addr().Is6(), true
}

// normalizeEmail checks an e-mail address and returns the addr-spec form
// STIX requires (RFC 5322): a dot-atom local part of ASCII atext (or a
// quoted one) of at most 64 bytes, kept as written (it may be
// case-sensitive), "@", and the domain normalised and, when
// internationalised, written as punycode A-labels, which RFC 5322 needs;
// at most 254 bytes. Underscores, valid in DNS names, are not valid in an
// e-mail domain.
func normalizeEmail(s string) (string, bool) {
	s = strings.TrimSpace(s)
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || len(s) > maxValueLen || !utf8.ValidString(s) {
		return "", false
	}
	local := s[:at]
	if !validEmailLocal(local) {
		return "", false
	}
	dom, ok := NormalizeDomain(s[at+1:])
	if !ok || strings.IndexByte(dom, '_') >= 0 {
		return "", false
	}
	dom, err := punycode.HostToASCII(dom)
	if err != nil {
		return "", false
	}
	out := local + "@" + dom
	if len(out) > maxEmailLen || len(dom) > maxDomainLen || !validHostname(dom, true) {
		return "", false
	}
	return out, true
}

// maxEmailLen is the longest address SMTP carries (RFC 5321 4.5.3.1.3).
const maxEmailLen = 254

// validEmailLocal reports whether local is an RFC 5322 dot-atom of ASCII
// atext, or a quoted string of printable ASCII without quote or
// backslash, of at most 64 bytes.
func validEmailLocal(local string) bool {
	if local == "" || len(local) > 64 {
		return false
	}
	if len(local) >= 2 && local[0] == '"' && local[len(local)-1] == '"' {
		for i := 1; i < len(local)-1; i++ {
			if c := local[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
				return false
			}
		}
		return true
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$%&'*+-/=?^_`{|}~.", c) >= 0) {
			return false
		}
	}
	return true
}

// normalizeURL makes a URL indicator value an RFC 3986 URI with
// [stix.NormalizeURL] (percent-encoding what the grammar does not allow,
// punycode hosts), within the value length limit before and after
// encoding, or reports why it cannot.
func normalizeURL(raw string) (string, string) {
	if len(raw) > maxValueLen {
		return "", "value longer than 8192 bytes"
	}
	v, err := stix.NormalizeURL(raw)
	if err != nil {
		return "", strings.TrimPrefix(err.Error(), "stix: ")
	}
	if len(v) > maxValueLen {
		return "", "URL longer than 8192 bytes once percent-encoded"
	}
	return v, ""
}

// cleanText trims a free-text value (URL, file name, mutex, serial) and
// reports why it cannot be used, or "" when it can. allowControl permits
// control characters other than NUL (a file or mutex name may hold them; the
// pattern escaping copes); URLs and serials never contain them.
func cleanText(s string, allowControl bool) (string, string) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", "empty value"
	case len(s) > maxValueLen:
		return "", "value longer than 8192 bytes"
	case !utf8.ValidString(s):
		return "", "value is not valid UTF-8"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 0 {
			return "", "value contains a NUL character"
		}
		if !allowControl && (c < ' ' || c == 0x7f) {
			return "", "value contains a control character"
		}
	}
	return s, ""
}
