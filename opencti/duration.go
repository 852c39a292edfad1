package opencti

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a duration the way pycti's connectors read
// CONNECTOR_DURATION_PERIOD and the old enrichment connector its window (pydantic's
// timedelta): an ISO 8601 duration such as "P30D", "PT12H" or "P1DT2H30M",
// or a plain number of seconds ("86400"). A Go duration ("36h") is accepted too, since
// Go users will try it. Years count as 365 days and months as 30 days, as pydantic does;
// a week is 7 days. Negative durations are refused.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty duration")
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 0 || math.IsNaN(f) || math.IsInf(f, 0) || f > math.MaxInt64/float64(time.Second) {
			return 0, fmt.Errorf("duration %q out of range", s)
		}
		return time.Duration(f * float64(time.Second)), nil
	}
	if s[0] == 'P' || s[0] == 'p' {
		return parseISO8601(s)
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: want ISO 8601 like P30D or PT12H, or seconds", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("duration %q is negative", s)
	}
	return d, nil
}

// isoUnits maps each designator to its length, for the date part and the time part.
var (
	isoDateUnits = map[byte]time.Duration{'Y': 365 * 24 * time.Hour, 'M': 30 * 24 * time.Hour, 'W': 7 * 24 * time.Hour, 'D': 24 * time.Hour}
	isoTimeUnits = map[byte]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second}
	isoOrder     = "YMWDHMS" // designators must appear in this order
)

func parseISO8601(orig string) (time.Duration, error) {
	bad := func(why string) (time.Duration, error) {
		return 0, fmt.Errorf("duration %q: %s (want ISO 8601 like P30D, PT12H or P1DT2H)", orig, why)
	}
	s := strings.ToUpper(orig[1:])
	if s == "" {
		return bad("no components")
	}
	var total float64
	inTime, seen, last := false, 0, -1
	for len(s) > 0 {
		if s[0] == 'T' {
			if inTime {
				return bad("two T separators")
			}
			inTime, s = true, s[1:]
			if s == "" {
				return bad("nothing after T")
			}
			continue
		}
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
			i++
		}
		if i == 0 || i == len(s) {
			return bad("a number must be followed by a designator")
		}
		n, err := strconv.ParseFloat(strings.ReplaceAll(s[:i], ",", "."), 64)
		if err != nil {
			return bad("bad number " + strconv.Quote(s[:i]))
		}
		unit, units, pos := s[i], isoDateUnits, strings.IndexByte(isoOrder, s[i])
		if inTime {
			units = isoTimeUnits
			if s[i] == 'M' {
				pos = 5
			}
		}
		u, ok := units[unit]
		if !ok {
			return bad("unknown designator " + strconv.Quote(string(unit)))
		}
		if pos <= last {
			return bad("designators out of order or repeated")
		}
		last = pos
		total += n * float64(u)
		seen++
		s = s[i+1:]
	}
	if seen == 0 {
		return bad("no components")
	}
	if total > math.MaxInt64 {
		return bad("too long")
	}
	return time.Duration(total), nil
}
