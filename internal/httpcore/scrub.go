package httpcore

import (
	"bytes"
	"encoding/json"
	"html"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Scrubber removes secrets (API keys, Basic credentials, bearer tokens)
// from text that came from elsewhere: a server echoing the request, a
// transport error, a decoder quoting a body. It is safe for concurrent
// use, and secrets can be added at any time (a token learned at run time).
type Scrubber struct {
	mu      sync.RWMutex
	secrets []string
	known   map[string]bool
	longest int
}

// NewScrubber returns a scrubber for the given secrets (empty ones are
// ignored).
func NewScrubber(secrets ...string) *Scrubber {
	s := &Scrubber{known: map[string]bool{}}
	for _, secret := range secrets {
		s.Add(secret)
	}
	return s
}

// Add registers a secret with every encoding a server might echo it in
// (see encodings); an empty or known one changes nothing.
func (s *Scrubber) Add(secret string) {
	if secret == "" {
		return
	}
	s.mu.RLock()
	known := s.known[secret]
	s.mu.RUnlock()
	if known {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.known[secret] {
		return
	}
	s.known[secret] = true
	for _, v := range encodings(secret) {
		s.addLocked(v)
	}
}

// encodings are the forms of secret a server may echo: as is, escaped in a
// JSON string (Go's HTML-safe \u003c style, plain, and with "\/" for "/"
// as PHP and others write it), percent-encoded for a query or a path (in
// upper- or lower-case hex), and HTML-escaped.
func encodings(secret string) []string {
	out := []string{secret}
	for _, escapeHTML := range []bool{true, false} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(escapeHTML)
		if enc.Encode(secret) == nil {
			j := strings.TrimSuffix(b.String(), "\n")
			j = j[1 : len(j)-1] // the quotes
			out = append(out, j, strings.ReplaceAll(j, "/", `\/`))
		}
	}
	for _, e := range []string{url.QueryEscape(secret), url.PathEscape(secret)} {
		out = append(out, e, lowerHexEscapes(e))
	}
	return append(out, html.EscapeString(secret))
}

// lowerHexEscapes writes the hex digits of every %XX escape in lower case.
func lowerHexEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lowerHex(b[i+1]), lowerHex(b[i+2])
		}
	}
	return string(b)
}

func lowerHex(c byte) byte {
	if 'A' <= c && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// addLocked inserts one text to remove; s.mu is held.
func (s *Scrubber) addLocked(secret string) {
	if slices.Contains(s.secrets, secret) {
		return
	}
	// Longest first, so a secret that contains another is removed whole.
	// A new slice each time: readers iterate the old one without a lock.
	i := 0
	for i < len(s.secrets) && len(s.secrets[i]) >= len(secret) {
		i++
	}
	next := make([]string, 0, len(s.secrets)+1)
	next = append(next, s.secrets[:i]...)
	next = append(next, secret)
	s.secrets = append(next, s.secrets[i:]...)
	s.longest = max(s.longest, len(secret))
}

func (s *Scrubber) list() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.secrets
}

// Longest is the length of the longest text the scrubber removes.
func (s *Scrubber) Longest() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.longest
}

// String removes every secret from text.
func (s *Scrubber) String(text string) string {
	for _, secret := range s.list() {
		if strings.Contains(text, secret) {
			text = strings.ReplaceAll(text, secret, "REDACTED")
		}
	}
	return text
}

// Bytes is String for bodies. b may be modified.
func (s *Scrubber) Bytes(b []byte) []byte {
	for _, secret := range s.list() {
		if bytes.Contains(b, []byte(secret)) {
			b = bytes.ReplaceAll(b, []byte(secret), []byte("REDACTED"))
		}
	}
	return b
}

// Error returns err, or, when its text carries a secret, an error with
// that text scrubbed which still unwraps to err (so errors.Is and
// errors.As keep working).
func (s *Scrubber) Error(err error) error {
	if err == nil {
		return nil
	}
	text := err.Error()
	if scrubbed := s.String(text); scrubbed != text {
		return &requestError{msg: scrubbed, err: err}
	}
	return err
}

// MinSecretPrefix is the shortest start of a secret that Cut removes from
// the end of a cut text: shorter ones say nothing about the secret, and a
// body may well end with a few of its characters by chance.
const MinSecretPrefix = 4

// Cut scrubs b and cuts it to at most n bytes. Scrubbing before the cut
// removes a secret that the cut would split. When the text is cut, here or
// before (cut reports an earlier cut: a body kept up to a limit), a secret
// split by that earlier cut can only survive as the text's tail, so a
// tail that starts a secret is dropped too.
func (s *Scrubber) Cut(b []byte, n int, cut bool) []byte {
	b = s.Bytes(b)
	if len(b) > n {
		b, cut = b[:n], true
	}
	if !cut {
		return b
	}
	for _, secret := range s.list() {
		for k := len(secret) - 1; k >= MinSecretPrefix; k-- {
			if bytes.HasSuffix(b, []byte(secret[:k])) {
				b = b[:len(b)-k]
				break
			}
		}
	}
	return b
}

// secretParams are query parameter names whose values never leave the
// client in an error or a log record.
var secretParams = []string{"key", "token", "secret", "password", "passwd", "auth", "signature", "sig"}

// RedactURL prints a URL without user info, without secret query values,
// and with every secret removed wherever else it might hide.
func (c *Client) RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	r := *u
	r.User = nil
	if r.RawQuery != "" {
		q, err := url.ParseQuery(r.RawQuery)
		if err != nil {
			r.RawQuery = "REDACTED"
		} else {
			changed := false
			for name := range q {
				lower := strings.ToLower(name)
				for _, s := range secretParams {
					if strings.Contains(lower, s) {
						q[name] = []string{"REDACTED"}
						changed = true
						break
					}
				}
			}
			if changed {
				r.RawQuery = q.Encode()
			}
		}
	}
	return c.scrubber.String(r.String())
}
