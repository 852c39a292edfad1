package stix

import (
	"errors"
	"time"
)

// Precision is the number of fractional-second digits a [Timestamp] is
// written with. The zero value means milliseconds, the STIX/OpenCTI norm.
type Precision int8

// Precisions. Any value 1..9 is also a valid digit count.
const (
	PrecisionMilli  Precision = 0  // .sss (the zero value)
	PrecisionSecond Precision = -1 // no fraction
	PrecisionMicro  Precision = 6  // .ssssss
	PrecisionNano   Precision = 9  // .sssssssss
)

// digits returns how many fractional digits p stands for.
func (p Precision) digits() int {
	switch {
	case p == 0:
		return 3
	case p < 0:
		return 0
	case p > 9:
		return 9
	}
	return int(p)
}

// Timestamp is a STIX timestamp: an instant written in UTC with a "Z" and a
// fixed number of fractional digits. The zero Timestamp means "not set" and
// is omitted from optional properties.
type Timestamp struct {
	time.Time
	// Precision applies to every property except created and modified,
	// which are always written with milliseconds.
	Precision Precision
}

// Time returns a Timestamp for t with millisecond precision.
func Time(t time.Time) Timestamp { return Timestamp{Time: t} }

// ErrTimestampRange is the error of an instant the STIX timestamp grammar
// cannot hold: its year, in UTC, has more or fewer than four digits.
// Marshalling, validation, parsing and the deterministic IDs all refuse
// such an instant, so it never leaves the package.
var ErrTimestampRange = errors.New("stix: timestamp outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z")

// TimeInRange reports whether t can be written as a STIX timestamp: its
// year in UTC is 0001 to 9999. The zero time.Time ("not set") is in range.
// Callers that compute times (a stop_time one second after a start_time
// at the end of year 9999) check the result with it.
func TimeInRange(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 1 && y <= 9999
}

// ParseTimestamp parses an RFC 3339 timestamp and remembers how many
// fractional digits it had, so it is written back the same way.
func ParseTimestamp(s string) (Timestamp, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return Timestamp{}, err
	}
	if len(s) < 20 || s[10] != 'T' && s[10] != 't' {
		return Timestamp{}, errors.New("stix: timestamp must be YYYY-MM-DDTHH:MM:SS[.s+](Z|±hh:mm)")
	}
	n := 0
	if s[19] == '.' {
		for i := 20; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			n++
		}
	}
	if !TimeInRange(t) { // 9999-12-31T23:00:00-05:00 is in year 10000 in UTC
		return Timestamp{}, ErrTimestampRange
	}
	return Timestamp{Time: t.UTC(), Precision: digitsPrecision(n)}, nil
}

func digitsPrecision(n int) Precision {
	switch {
	case n == 0:
		return PrecisionSecond
	case n == 3:
		return PrecisionMilli
	case n > 9:
		return PrecisionNano
	}
	return Precision(n)
}

// String returns the timestamp as it is written in JSON (without quotes).
func (t Timestamp) String() string { return string(t.appendText(nil, t.Precision.digits())) }

// appendText writes t in UTC with exactly digits fractional digits
// (truncated, never rounded, so a timestamp never moves forward).
func (t Timestamp) appendText(dst []byte, digits int) []byte {
	u := t.Time.UTC()
	dst = appendDateTime(dst, u)
	if digits > 0 {
		ns := u.Nanosecond()
		var frac [9]byte
		for i := 8; i >= 0; i-- {
			frac[i] = byte('0' + ns%10)
			ns /= 10
		}
		dst = append(dst, '.')
		dst = append(dst, frac[:digits]...)
	}
	return append(dst, 'Z')
}

// appendDateTime writes u (in UTC) as "2006-01-02T15:04:05" by hand:
// time.AppendFormat parses its layout on every call, and every object of a
// bundle carries two to four timestamps. Years outside 0000-9999 (which
// the marshallers and IDs refuse before getting here) take the standard
// path.
func appendDateTime(dst []byte, u time.Time) []byte {
	y, mo, d := u.Date()
	if y < 0 || y > 9999 {
		return u.AppendFormat(dst, "2006-01-02T15:04:05")
	}
	h, mi, s := u.Clock()
	return append(dst,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(mo)/10), byte('0'+int(mo)%10), '-', byte('0'+d/10), byte('0'+d%10), 'T',
		byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':',
		byte('0'+s/10), byte('0'+s%10))
}

// MarshalJSON writes the quoted timestamp with its precision; an instant
// out of range (see [TimeInRange]) is an error wrapping
// [ErrTimestampRange].
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if !TimeInRange(t.Time) {
		return nil, ErrTimestampRange
	}
	b := append([]byte{'"'}, t.appendText(nil, t.Precision.digits())...)
	return append(b, '"'), nil
}

// UnmarshalJSON reads an RFC 3339 string (see [ParseTimestamp]).
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = Timestamp{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return errors.New("stix: timestamp is not a JSON string")
	}
	v, err := ParseTimestamp(string(b[1 : len(b)-1]))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// formatOpenCTI renders t as JavaScript's Date.toISOString does
// (YYYY-MM-DDTHH:MM:SS.sssZ), the form the OpenCTI platform hashes.
func formatOpenCTI(dst []byte, t time.Time) []byte {
	return Timestamp{Time: t}.appendText(dst, 3)
}

// formatPythonISO renders t as Python's datetime.isoformat() does for a
// datetime with microsecond resolution: a fraction of six digits only when
// the microseconds are non-zero, then "+00:00" when aware, nothing when
// naive.
func formatPythonISO(dst []byte, t time.Time, aware bool) []byte {
	u := t.UTC()
	dst = appendDateTime(dst, u)
	if us := u.Nanosecond() / 1000; us != 0 {
		dst = append(dst, '.')
		var frac [6]byte
		for i := 5; i >= 0; i-- {
			frac[i] = byte('0' + us%10)
			us /= 10
		}
		dst = append(dst, frac[:]...)
	}
	if aware {
		dst = append(dst, "+00:00"...)
	}
	return dst
}
