package stix

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// Character classes of RFC 3986 section 2 and 3, as bit flags per byte.
const (
	uriUnreserved = 1 << iota // ALPHA DIGIT - . _ ~
	uriSubDelim               // ! $ & ' ( ) * + , ; =
	uriScheme                 // ALPHA DIGIT + - .
)

var uriClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= uriUnreserved | uriScheme
		t[c-'a'+'A'] |= uriUnreserved | uriScheme
	}
	for c := '0'; c <= '9'; c++ {
		t[c] |= uriUnreserved | uriScheme
	}
	for _, c := range "-._~" {
		t[c] |= uriUnreserved
	}
	for _, c := range "!$&'()*+,;=" {
		t[c] |= uriSubDelim
	}
	for _, c := range "+-." {
		t[c] |= uriScheme
	}
	return t
}()

// uriAllowed reports whether RFC 3986 allows byte c unencoded in a
// component: 'p' path (pchar and "/"), 'q' query or fragment (pchar, "/"
// and "?"), 'u' userinfo, 'h' reg-name host. A '%' is never "allowed" on
// its own: it must start a percent-encoding.
func uriAllowed(component byte, c byte) bool {
	if uriClass[c]&(uriUnreserved|uriSubDelim) != 0 {
		return true
	}
	switch component {
	case 'p':
		return c == ':' || c == '@' || c == '/'
	case 'q':
		return c == ':' || c == '@' || c == '/' || c == '?'
	case 'u':
		return c == ':'
	}
	return false
}

// CheckURL reports whether s is an absolute URI as RFC 3986 section 4.3
// defines it (scheme ":" hier-part ["?" query] ["#" fragment]), every
// character allowed where it stands or percent-encoded, with a valid IP
// literal or registered name as host and a numeric port; and that Go's
// net/url parses it as absolute too (what the OASIS "uri" format checks).
// STIX 2.1 requires url values to be RFC 3986 URLs.
func CheckURL(s string) error {
	if err := checkURI(s); err != nil {
		return fmt.Errorf("stix: url %q: %w", truncateForError(s), err)
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() {
		return fmt.Errorf("stix: url %q: not an absolute URL to net/url", truncateForError(s))
	}
	return nil
}

func truncateForError(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

func checkURI(s string) error {
	colon := strings.IndexByte(s, ':')
	if colon < 1 || !isAlpha(s[0]) {
		return errors.New("no scheme")
	}
	for i := 1; i < colon; i++ {
		if uriClass[s[i]]&uriScheme == 0 {
			return errors.New("invalid scheme")
		}
	}
	rest := s[colon+1:]
	rest, fragment, hasFragment := strings.Cut(rest, "#")
	rest, query, hasQuery := strings.Cut(rest, "?")
	if hasFragment {
		if err := checkComponent(fragment, 'q'); err != nil {
			return fmt.Errorf("fragment: %w", err)
		}
	}
	if hasQuery {
		if err := checkComponent(query, 'q'); err != nil {
			return fmt.Errorf("query: %w", err)
		}
	}
	path := rest
	if strings.HasPrefix(rest, "//") {
		authority := rest[2:]
		path = ""
		if i := strings.IndexByte(authority, '/'); i >= 0 {
			authority, path = authority[:i], authority[i:]
		}
		if err := checkAuthority(authority); err != nil {
			return err
		}
	}
	if err := checkComponent(path, 'p'); err != nil {
		return fmt.Errorf("path: %w", err)
	}
	return nil
}

func checkAuthority(a string) error {
	if at := strings.LastIndexByte(a, '@'); at >= 0 {
		if err := checkComponent(a[:at], 'u'); err != nil {
			return fmt.Errorf("userinfo: %w", err)
		}
		a = a[at+1:]
	}
	host, port := a, ""
	if strings.HasPrefix(a, "[") {
		end := strings.IndexByte(a, ']')
		if end < 0 {
			return errors.New("host: unclosed IP literal")
		}
		host, port = a[:end+1], a[end+1:]
		if port != "" && port[0] != ':' {
			return errors.New("host: text after the IP literal")
		}
		lit := host[1 : len(host)-1]
		if addr, err := netip.ParseAddr(lit); err != nil || !addr.Is6() || addr.Zone() != "" {
			return errors.New("host: invalid IPv6 literal")
		}
	} else if i := strings.LastIndexByte(a, ':'); i >= 0 {
		host, port = a[:i], a[i:]
	}
	if port != "" {
		for i := 1; i < len(port); i++ {
			if port[i] < '0' || port[i] > '9' {
				return errors.New("port: not a number")
			}
		}
	}
	if strings.HasPrefix(host, "[") {
		return nil
	}
	if err := checkComponent(host, 'h'); err != nil {
		return fmt.Errorf("host: %w", err)
	}
	return nil
}

// checkComponent checks that every byte of s is allowed in component or
// starts a well-formed percent-encoding.
func checkComponent(s string, component byte) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return errors.New("malformed percent-encoding")
			}
			i += 2
			continue
		}
		if !uriAllowed(component, c) {
			return fmt.Errorf("character %q must be percent-encoded", c)
		}
	}
	return nil
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
