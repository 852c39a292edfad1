package stix

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ptstix/passivetotal/internal/punycode"
)

// NormalizeURL makes a URL value an RFC 3986 URI, as a browser would send
// it, so that it can be a url observable's value (and the pattern's):
//
//   - surrounding spaces and controls are trimmed, and ASCII tabs and line
//     breaks inside are removed (RFC 3986 appendix C; browsers do the same);
//   - the scheme and host are lower-cased; a non-ASCII host name becomes
//     punycode A-labels ("bücher.example" -> "xn--bcher-kva.example"); an
//     IPv6 literal is written in its canonical form;
//   - for http, https, ws, wss, ftp and file a backslash before the query
//     is a slash, as browsers read it;
//   - every byte RFC 3986 does not allow where it stands (spaces, quotes,
//     brackets, controls, non-ASCII, a "%" that starts no escape) is
//     percent-encoded as UTF-8; existing escapes are kept as written.
//
// Anything already valid is returned unchanged, so the IDs of valid URLs
// do not move. A value that cannot be made a URI (no scheme, an empty or
// invalid host, a bad port, invalid UTF-8) is an error saying why; the
// result always passes [CheckURL].
func NormalizeURL(raw string) (string, error) {
	if !utf8.ValidString(raw) {
		return "", errors.New("value is not valid UTF-8")
	}
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' || unicode.IsSpace(r) })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	if s == "" {
		return "", errors.New("empty value")
	}
	colon := strings.IndexByte(s, ':')
	if colon < 1 || !isAlpha(s[0]) {
		return "", errors.New("not an absolute URL (no scheme)")
	}
	for i := 1; i < colon; i++ {
		if uriClass[s[i]]&uriScheme == 0 {
			return "", errors.New("not an absolute URL (no valid scheme)")
		}
	}
	scheme := strings.ToLower(s[:colon])
	rest := s[colon+1:]
	rest, fragment, hasFragment := strings.Cut(rest, "#")
	rest, query, hasQuery := strings.Cut(rest, "?")
	switch scheme {
	case "http", "https", "ws", "wss", "ftp", "file":
		rest = strings.ReplaceAll(rest, `\`, "/")
	}
	b := make([]byte, 0, len(s)+16)
	b = append(b, scheme...)
	b = append(b, ':')
	path := rest
	if strings.HasPrefix(rest, "//") {
		authority := rest[2:]
		path = ""
		if i := strings.IndexByte(authority, '/'); i >= 0 {
			authority, path = authority[:i], authority[i:]
		}
		var err error
		if b, err = appendAuthority(append(b, '/', '/'), authority, scheme); err != nil {
			return "", err
		}
	}
	b = appendEncoded(b, path, 'p')
	if hasQuery {
		b = appendEncoded(append(b, '?'), query, 'q')
	}
	if hasFragment {
		b = appendEncoded(append(b, '#'), fragment, 'q')
	}
	out := string(b)
	if err := CheckURL(out); err != nil {
		return "", err // not expected: the fuzz target checks it never happens
	}
	return out, nil
}

// appendAuthority appends [userinfo "@"] host [":" port], normalised.
func appendAuthority(b []byte, a, scheme string) ([]byte, error) {
	if at := strings.LastIndexByte(a, '@'); at >= 0 {
		b = appendEncoded(b, a[:at], 'u')
		b = append(b, '@')
		a = a[at+1:]
	}
	host, port := a, ""
	if strings.HasPrefix(a, "[") {
		end := strings.IndexByte(a, ']')
		if end < 0 {
			return nil, errors.New("URL host: unclosed IPv6 literal")
		}
		host, port = a[:end+1], a[end+1:]
		if port != "" && port[0] != ':' {
			return nil, errors.New("URL host: text after the IPv6 literal")
		}
		addr, err := netip.ParseAddr(host[1 : len(host)-1])
		if err != nil || !addr.Is6() || addr.Zone() != "" {
			return nil, errors.New("URL host: invalid IPv6 literal")
		}
		b = append(b, '[')
		b = append(b, addr.String()...)
		b = append(b, ']')
	} else {
		if i := strings.LastIndexByte(a, ':'); i >= 0 {
			host, port = a[:i], a[i:]
		}
		h, err := normalizeURLHost(host)
		if err != nil {
			return nil, err
		}
		if h == "" && scheme != "file" && isSpecialScheme(scheme) {
			return nil, errors.New("URL has no host")
		}
		b = append(b, h...)
	}
	if port != "" {
		digits := port[1:]
		for i := 0; i < len(digits); i++ {
			if digits[i] < '0' || digits[i] > '9' {
				return nil, fmt.Errorf("URL port %q is not a number", truncateForError(digits))
			}
		}
		if n, err := strconv.ParseUint(digits, 10, 32); digits != "" && (err != nil || n > 65535) {
			return nil, fmt.Errorf("URL port %s is out of range", truncateForError(digits))
		}
		b = append(b, port...)
	}
	return b, nil
}

func isSpecialScheme(s string) bool {
	switch s {
	case "http", "https", "ws", "wss", "ftp", "file":
		return true
	}
	return false
}

// normalizeURLHost decodes, lower-cases and punycodes a registered name
// and checks it: letters, digits, hyphens, underscores and dots (the
// names DNS resolves), labels of at most 63 bytes, at most 253 in all.
func normalizeURLHost(h string) (string, error) {
	if strings.IndexByte(h, '%') >= 0 {
		dec, err := url.PathUnescape(h)
		if err != nil || !utf8.ValidString(dec) {
			return "", errors.New("URL host has an invalid percent-encoding")
		}
		h = dec
	}
	h = strings.ToLower(h)
	ascii, err := punycode.HostToASCII(h)
	if err != nil {
		return "", fmt.Errorf("URL host: %w", err)
	}
	if len(strings.TrimSuffix(ascii, ".")) > 253 {
		return "", errors.New("URL host is longer than 253 bytes")
	}
	labels := strings.Split(strings.TrimSuffix(ascii, "."), ".")
	for _, l := range labels {
		if len(l) > 63 {
			return "", errors.New("URL host has a label longer than 63 bytes")
		}
		if l == "" && len(labels) > 1 {
			return "", errors.New("URL host has an empty label")
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return "", fmt.Errorf("URL host %q is not a valid host name", truncateForError(h))
			}
		}
	}
	return ascii, nil
}

// appendEncoded appends s with every byte RFC 3986 does not allow in
// component percent-encoded; well-formed escapes are kept.
func appendEncoded(b []byte, s string, component byte) []byte {
	const hexDigits = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, s[i:i+3]...)
			i += 2
		case c != '%' && uriAllowed(component, c):
			b = append(b, c)
		default:
			b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return b
}
