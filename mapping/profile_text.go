package mapping

import (
	"html"
	"regexp"
	"strings"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
)

// profileTime returns the instant of a Graph time if STIX can carry it
// (years 1 to 9999), else zero and why its text was not used: unreadable
// or out of range. Null and placeholders ("N/A") give zero and no reason.
func profileTime(t passivetotal.Time) (time.Time, string) {
	if !t.Valid() {
		if _, err := passivetotal.ParseTime(t.Raw); err == nil {
			return time.Time{}, ""
		}
		return time.Time{}, "unreadable time " + quoteValue(t.Raw) + ", ignored"
	}
	if y := t.Time.Year(); y < 1 || y > 9999 {
		return time.Time{}, "time " + quoteValue(t.String()) + " outside STIX's years 1 to 9999, ignored"
	}
	return t.Time, ""
}

// profilePlainText renders Graph formatted content as plain text for a
// STIX description: HTML loses its tags (block ends become line breaks)
// and entities are decoded; Markdown loses heading marks, emphasis and
// code marks, and a link keeps its text with the URL in parentheses.
// Plain text is kept. The result is safe to marshal (see safeText), with
// \r\n made \n, no more than one blank line in a row, and no outer space.
func profilePlainText(f mdti.FormattedText) string {
	s := strings.ReplaceAll(f.Content, "\r\n", "\n")
	switch f.Format {
	case "html":
		s = profileHTMLText(s)
	case "markdown":
		s = profileMarkdownText(s)
	}
	s = safeText(s)
	s = profileBlankLines.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

var (
	profileBlankLines = regexp.MustCompile(`\n[ \t]*\n(?:[ \t]*\n)+`)
	profileBlockTag   = regexp.MustCompile(`(?i)<\s*(?:br\s*/?|/\s*(?:p|div|li|h[1-6]|tr|ul|ol|table|blockquote))\s*>`)
	profileListTag    = regexp.MustCompile(`(?i)<\s*li(?:\s[^>]*)?>`)
	profileAnyTag     = regexp.MustCompile(`<[^>]*>`)
	profileMDImage    = regexp.MustCompile(`!\[([^\]\n]*)\]\([^)\n]*\)`)
	profileMDLink     = regexp.MustCompile(`\[([^\]\n]+)\]\(([^)\s]+)\)`)
	profileMDHeading  = regexp.MustCompile(`(?m)^[ \t]{0,3}#{1,6}[ \t]*`)
	profileMDRule     = regexp.MustCompile(`(?m)^[ \t]*(?:[-*_][ \t]*){3,}$`)
	profileMDQuote    = regexp.MustCompile(`(?m)^[ \t]{0,3}>[ \t]?`)
)

// profileHTMLText strips HTML to text.
func profileHTMLText(s string) string {
	s = profileBlockTag.ReplaceAllString(s, "\n")
	s = profileListTag.ReplaceAllString(s, "- ")
	s = profileAnyTag.ReplaceAllString(s, "")
	return html.UnescapeString(s)
}

// profileMarkdownText strips the Markdown marks that carry no words.
// Single * and _ are left alone: they are as often part of a name
// (snake_case, a wildcard) as emphasis.
func profileMarkdownText(s string) string {
	s = profileMDImage.ReplaceAllString(s, "$1")
	s = profileMDLink.ReplaceAllString(s, "$1 ($2)")
	s = profileMDRule.ReplaceAllString(s, "")
	s = profileMDHeading.ReplaceAllString(s, "")
	s = profileMDQuote.ReplaceAllString(s, "")
	s = strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
	return profileHTMLText(s) // Markdown may embed HTML
}

// profileCountryCode finds the ISO 3166-1 alpha-2 code of a country named
// or coded s (any case, outer space ignored), and its canonical name.
func profileCountryCode(s string) (code, name string, ok bool) {
	key := strings.TrimSpace(s)
	if len(key) == 2 {
		if n, ok := profileCountries[strings.ToUpper(key)]; ok {
			return strings.ToUpper(key), n, true
		}
	}
	lower := strings.ToLower(key)
	if c, ok := profileCountryAliases[lower]; ok {
		return c, profileCountries[c], true
	}
	if c, ok := profileCountryNames[lower]; ok {
		return c, profileCountries[c], true
	}
	return "", "", false
}

// profileCountryNames maps each lower-cased canonical name to its code.
var profileCountryNames = func() map[string]string {
	m := make(map[string]string, len(profileCountries))
	for c, n := range profileCountries {
		m[strings.ToLower(n)] = c
	}
	return m
}()
