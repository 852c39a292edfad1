package passivetotal

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Time is a lenient PassiveTotal timestamp.
//
// The API writes times in many formats (see ParseTime). Decoding never fails
// because of one odd timestamp: the embedded time.Time is then zero and Raw
// keeps the text, so the caller decides what to do with it.
type Time struct {
	// Time is the parsed instant in UTC; zero when the value was null,
	// empty, a placeholder such as "N/A", or could not be parsed.
	time.Time
	// Raw is the original text exactly as sent ("" for null). Epoch
	// milliseconds sent as a JSON number are kept as their digits.
	Raw string
}

// NewTime returns a Time for t (converted to UTC) with no original text.
func NewTime(t time.Time) Time { return Time{Time: t.UTC()} }

// IsZero reports whether t holds no usable instant (null, empty, a
// placeholder or unparseable text). Raw may still hold the original text.
func (t Time) IsZero() bool { return t.Time.IsZero() }

// Valid reports whether t was parsed to a real instant.
func (t Time) Valid() bool { return !t.Time.IsZero() }

// String returns the original text when there is one, else the instant in
// RFC 3339, else "".
func (t Time) String() string {
	if t.Raw != "" {
		return t.Raw
	}
	if t.Time.IsZero() {
		return ""
	}
	return t.Time.Format(time.RFC3339Nano)
}

// UnmarshalJSON accepts a JSON string in any format ParseTime knows, a JSON
// number of epoch milliseconds, or null. It never returns an error for a
// well-formed JSON value: what it cannot parse it keeps in Raw.
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*t = Time{}
	switch {
	case len(b) == 0 || string(b) == "null":
		return nil
	case b[0] == '"':
		s, err := unquoteJSON(b)
		if err != nil {
			// Malformed string literal: keep the bytes, not the whole response.
			t.Raw = validText(b)
			return nil
		}
		t.Raw = s
		t.Time, _ = ParseTime(s)
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		t.Raw = string(b)
		t.Time, _ = parseEpochMillis(t.Raw)
	default:
		// An object, list or boolean where a time belongs: keep its text.
		t.Raw = validText(b)
	}
	return nil
}

// validText is b with each invalid UTF-8 sequence replaced by U+FFFD, as
// encoding/json decodes strings: Raw is written back as a JSON string, which
// cannot hold invalid UTF-8, so a saved body decodes to the same value again.
func validText(b []byte) string {
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// MarshalJSON writes the original text back when there is one, so a saved
// body round-trips: epoch milliseconds as a number, anything else
// (including numbers that did not parse) as a string. A Time built in code is written in RFC 3339; an empty one as null.
func (t Time) MarshalJSON() ([]byte, error) {
	switch {
	case t.Raw != "":
		if t.Valid() && isJSONNumber(t.Raw) {
			return []byte(t.Raw), nil // epoch milliseconds
		}
		return json.Marshal(t.Raw)
	case t.Time.IsZero():
		return []byte("null"), nil
	default:
		return json.Marshal(t.Time.UTC().Format(time.RFC3339Nano))
	}
}

// timeLayouts are tried in order. Layouts without a zone are read as UTC,
// which is what the API means by them (its server clock is UTC).
var timeLayouts = []string{
	"2006-01-02 15:04:05",          // pDNS, crawl, account, quota (fractions accepted by Parse)
	"2006-01-02",                   // SSL history, createdAfter
	time.RFC3339,                   // Z and +00:00, with or without fractions
	"2006-01-02T15:04:05Z0700",     // +0000, -0700 (articles, WHOIS)
	"2006-01-02T15:04:05Z07",       // +00
	"2006-01-02T15:04:05",          // artifact: no zone
	"2006-01-02 15:04:05Z07:00",    // space instead of T, with an offset
	"2006-01-02 15:04:05Z0700",     //
	"2006-01-02 15:04:05 MST",      // space then zone abbreviation
	"Jan _2 15:04:05 2006 MST",     // SSL issueDate/expirationDate
	"Mon Jan _2 15:04:05 MST 2006", // article publishedDate (Java Date.toString)
	time.RFC1123,
	time.RFC1123Z,
	"2006/01/02 15:04:05",
	"2006/01/02",
}

// zoneOffsets lists the abbreviations worth trusting. time.Parse gives an
// unknown abbreviation a zero offset, which would silently shift the
// instant, so an abbreviation not listed here makes the text unparseable.
var zoneOffsets = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"CET": 1 * 3600, "CEST": 2 * 3600, "BST": 1 * 3600, "EET": 2 * 3600, "EEST": 3 * 3600,
	"VET": -4 * 3600, // Venezuela since May 2016 (the article sample is Aug 2016)
	"JST": 9 * 3600, "KST": 9 * 3600, "IST": 5*3600 + 1800,
}

// ParseTime parses a PassiveTotal timestamp in any format seen from the API:
// "YYYY-MM-DD HH:MM:SS" (UTC), "YYYY-MM-DD", ISO 8601 with Z, +00:00, +0000
// or no zone, with or without fractions, "Apr 28 00:00:00 2015 GMT",
// "Mon Aug 29 20:00:00 VET 2016", and epoch milliseconds written as digits.
// Placeholders ("", "N/A", "n/a", "null", "None") return the zero time and no error.
// The result is in UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if isPlaceholder(s) || s == "null" || s == "None" {
		return time.Time{}, nil
	}
	if isEpochDigits(s) {
		return parseEpochMillis(s)
	}
	if tt, ok := parseDateTimeFast(s); ok {
		return tt, nil
	}
	for _, layout := range timeLayouts {
		tt, err := time.ParseInLocation(layout, s, time.UTC)
		if err != nil {
			continue
		}
		if strings.Contains(layout, "MST") {
			name, _ := tt.Zone()
			off, ok := zoneOffsets[name]
			if !ok {
				return time.Time{}, &TimeParseError{Text: s, Reason: "unknown time zone " + strconv.Quote(name)}
			}
			// Reinterpret the wall clock in the abbreviation's real offset.
			tt = time.Date(tt.Year(), tt.Month(), tt.Day(), tt.Hour(), tt.Minute(), tt.Second(), tt.Nanosecond(),
				time.FixedZone(name, off))
		}
		if y := tt.UTC().Year(); y < 1 || y > 9999 {
			return time.Time{}, &TimeParseError{Text: s, Reason: "year out of range"}
		}
		return tt.UTC(), nil
	}
	return time.Time{}, &TimeParseError{Text: s, Reason: "no known layout matches"}
}

// TimeParseError reports text that ParseTime could not read.
type TimeParseError struct {
	Text   string // the text as given
	Reason string
}

// Error quotes the text and says why it could not be read.
func (e *TimeParseError) Error() string {
	return "passivetotal: cannot parse time " + strconv.Quote(e.Text) + ": " + e.Reason
}

// isEpochDigits reports whether s looks like epoch milliseconds: an optional
// minus sign and at least ten digits (shorter digit strings are more likely
// years or junk than instants after 1970-04-26).
func isEpochDigits(s string) bool {
	d := strings.TrimPrefix(s, "-")
	if len(d) < 10 || len(d) > 19 {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}

// maxEpochMillis bounds epoch values to years 1..9999 so a parsed instant
// can always be formatted as RFC 3339 (STIX timestamps need that).
const (
	minEpochMillis = -62135596800000 // 0001-01-01T00:00:00Z
	maxEpochMillis = 253402300799999 // 9999-12-31T23:59:59.999Z
)

// parseEpochMillis reads a JSON number as epoch milliseconds. Fractions and
// exponents are accepted (truncated to the millisecond).
func parseEpochMillis(s string) (time.Time, error) {
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != f {
			return time.Time{}, &TimeParseError{Text: s, Reason: "not a number"}
		}
		if f < minEpochMillis || f > maxEpochMillis {
			return time.Time{}, &TimeParseError{Text: s, Reason: "epoch milliseconds out of range"}
		}
		ms = int64(f)
	}
	if ms < minEpochMillis || ms > maxEpochMillis {
		return time.Time{}, &TimeParseError{Text: s, Reason: "epoch milliseconds out of range"}
	}
	return time.UnixMilli(ms).UTC(), nil
}

// parseDateTimeFast reads the API's most common format, "YYYY-MM-DD
// HH:MM:SS" (UTC), without the layout machinery: passive DNS bodies carry
// three per record, so this is the hot path of the streaming decoder.
func parseDateTimeFast(s string) (time.Time, bool) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for j := i; j < i+n; j++ {
			c := s[j]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d, h, mi, sec := num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)
	if y < 1 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	if d > daysIn(mo, y) { // 31 April and the like: let the slow path report it
		return time.Time{}, false
	}
	// time.Unix(...).UTC() is the same value time.Date(..., time.UTC)
	// gives, without its normalisation work.
	secs := daysFromCivil(y, mo, d)*86400 + int64(h*3600+mi*60+sec)
	return time.Unix(secs, 0).UTC(), true
}

// daysIn returns the number of days of month mo (1-12) in year y.
func daysIn(mo, y int) int {
	switch mo {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days from 1970-01-01 to y-mo-d in the
// proleptic Gregorian calendar, for years 1 to 9999 (H. Hinnant's
// algorithm).
func daysFromCivil(y, mo, d int) int64 {
	if mo <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (mo + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// isJSONNumber reports whether s is a JSON number literal.
func isJSONNumber(s string) bool {
	return s != "" && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) && json.Valid([]byte(s))
}
