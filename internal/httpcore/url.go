package httpcore

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
)

// ParseBaseURL checks a base URL and returns it without a trailing slash:
// http or https, a host, no credentials, query, fragment or dot segment,
// and plain http only to loopback unless insecureHTTP. Its errors show the
// URL as BaseURLForError does: a refused base URL may well carry a secret
// (user:password@, ?token=...).
func ParseBaseURL(raw string, insecureHTTP bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("base URL: cannot parse: %s", parserReason(err))
	}
	shown := BaseURLForError(u)
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("base URL %q: scheme must be http or https", shown)
	case u.Host == "":
		return nil, fmt.Errorf("base URL %q: no host", shown)
	case u.User != nil:
		return nil, fmt.Errorf("base URL %q: credentials in the URL are refused; pass them to NewClient", shown)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("base URL %q: must not have a query or fragment", shown)
	case u.Scheme == "http" && !insecureHTTP && !IsLoopback(u.Hostname()):
		return nil, fmt.Errorf("base URL %q: plain http to a non-loopback host would send credentials in clear text; use https or WithInsecureHTTP", shown)
	}
	for _, seg := range SplitPath(u.EscapedPath()) {
		if isDotSegment(seg) {
			return nil, fmt.Errorf("base URL %q: dot segments are not allowed", shown)
		}
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}

// quotedInput matches the quoted pieces of input in net/url's messages.
var quotedInput = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// parserReason is url.Parse's reason without the input it quotes: the
// whole URL in *url.Error, and pieces of it (a "port" that is in fact a
// password: `invalid port ":hunter2"`) in the reason itself.
func parserReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return quotedInput.ReplaceAllString(err.Error(), "(value hidden)")
}

// BaseURLForError renders u for an error message: scheme, host and path,
// with user information, query and fragment replaced by placeholders.
func BaseURLForError(u *url.URL) string {
	shown := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	if u.User != nil {
		shown.User = url.User("REDACTED")
	}
	out := shown.String()
	if u.RawQuery != "" || u.ForceQuery {
		out += "?REDACTED"
	}
	if u.Fragment != "" {
		out += "#REDACTED"
	}
	return out
}

// BuildURL joins an escaped relative path to base and adds the query.
// Unescaped '?', '#', spaces or control characters, bad escapes, empty
// segments and "." or ".." segments are refused, so no value can change
// which resource is addressed.
func BuildURL(base *url.URL, path string, query url.Values) (*url.URL, error) {
	for _, r := range path {
		if r <= ' ' || r == 0x7f || r == '?' || r == '#' {
			return nil, fmt.Errorf("path %q: %q must be escaped (url.PathEscape)", path, r)
		}
	}
	segs := SplitPath(path)
	for i, seg := range segs {
		if seg == "" {
			return nil, fmt.Errorf("path %q: empty segment", path)
		}
		if _, err := url.PathUnescape(seg); err != nil {
			return nil, fmt.Errorf("path %q: bad escape: %w", path, err)
		}
		if isDotSegment(seg) {
			return nil, fmt.Errorf("path %q: dot segments are refused", path)
		}
		segs[i] = escapeInvalid(seg)
	}
	escaped := base.EscapedPath()
	if len(segs) > 0 {
		escaped += "/" + strings.Join(segs, "/")
	}
	u, err := withEscapedPath(base, escaped)
	if err != nil {
		return nil, fmt.Errorf("path %q: %w", path, err)
	}
	u.RawQuery = query.Encode()
	return u, nil
}

// withEscapedPath returns a copy of u whose path is sent exactly as
// escaped. net/url sends RawPath only when it is a valid encoding of Path,
// and otherwise escapes the decoded Path again, which turns an escaped
// "%2F.." into a real "/..": a path it would not send as given is refused.
func withEscapedPath(u *url.URL, escaped string) (*url.URL, error) {
	unescaped, err := url.PathUnescape(escaped)
	if err != nil {
		return nil, err
	}
	out := *u
	out.Path, out.RawPath = unescaped, escaped
	if out.EscapedPath() != escaped {
		return nil, fmt.Errorf("cannot be sent as escaped (%q)", escaped)
	}
	return &out, nil
}

// escapeInvalid percent-encodes the bytes of an escaped path segment that
// net/url does not accept unescaped in a path (non-ASCII, '"', '<', '{',
// ...), keeping the caller's escapes and the characters RFC 3986 allows in
// a segment. Without it, one such byte makes net/url re-escape the whole
// decoded path (see withEscapedPath).
func escapeInvalid(seg string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if segmentByteOK(c) {
			if b.Len() > 0 {
				b.WriteByte(c)
			}
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(seg) + 8)
			b.WriteString(seg[:i])
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	if b.Len() == 0 {
		return seg
	}
	return b.String()
}

// segmentByteOK reports whether c may stand unescaped in an escaped path
// segment: RFC 3986's unreserved characters, sub-delims, ':', '@', the
// '%' of an escape, and '[' and ']', which net/url leaves alone.
func segmentByteOK(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@%[]", c) >= 0
}

// CheckSameOrigin parses an absolute URL a server handed out (a next-page
// link) and accepts it only on base's scheme and host, under base's path,
// with no credentials, fragment, control characters or dot segments: the
// link is followed verbatim, so it is the server's word, not the caller's,
// that decides the resource, and it must not lead the credentials away.
func CheckSameOrigin(base *url.URL, raw string) (*url.URL, error) {
	for _, r := range raw {
		if r <= ' ' || r == 0x7f {
			return nil, errors.New("link: control character or space in the URL")
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("link: cannot parse: %s", parserReason(err))
	}
	shown := BaseURLForError(u)
	switch {
	case !u.IsAbs() || u.Host == "":
		return nil, fmt.Errorf("link %q: not an absolute URL", shown)
	case u.User != nil || u.Fragment != "":
		return nil, fmt.Errorf("link %q: credentials or a fragment are refused", shown)
	case !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host):
		return nil, fmt.Errorf("link %q: leaves %s://%s", shown, base.Scheme, base.Host)
	}
	rawPath := u.RawPath
	if rawPath == "" {
		rawPath = u.EscapedPath()
	}
	segs := strings.Split(rawPath, "/")
	for i, seg := range segs {
		if isDotSegment(seg) {
			return nil, fmt.Errorf("link %q: dot segments are refused", shown)
		}
		segs[i] = escapeInvalid(seg)
	}
	p := strings.Join(segs, "/")
	if bp := base.EscapedPath(); bp != "" && p != bp && !strings.HasPrefix(p, bp+"/") {
		return nil, fmt.Errorf("link %q: leaves the base path %s", shown, bp)
	}
	return withEscapedPath(u, p)
}

// PathSegment escapes s as one path segment. An empty value and the dot
// segments "." and ".." are refused: a URL resolver would collapse them
// into another path even when escaped.
func PathSegment(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", errors.New("empty path segment")
	}
	if s == "." || s == ".." {
		return "", errors.New("dot path segment")
	}
	return url.PathEscape(s), nil
}

// SameHostRedirects is the redirect policy of a client whose HTTP client
// has none: follow at most 10 redirects, all to the same scheme and host
// as the original request (an upgrade from http to https is allowed).
func SameHostRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	first := via[0].URL
	if req.URL.Host != first.Host || (req.URL.Scheme != first.Scheme && req.URL.Scheme != "https") {
		return ErrRedirectRefused
	}
	return nil
}

// SplitPath splits an escaped path into its segments, without empty ones
// at either end.
func SplitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// isDotSegment reports whether an escaped segment means "." or "..".
func isDotSegment(seg string) bool {
	u, err := url.PathUnescape(seg)
	if err != nil {
		return false
	}
	return u == "." || u == ".."
}

// IsLoopback reports whether host (no port) is a loopback name or address.
func IsLoopback(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(h)
	return err == nil && ip.IsLoopback()
}
