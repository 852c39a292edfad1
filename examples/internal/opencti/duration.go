package opencti

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads an ISO 8601 duration with fixed-length units
// (PnW, PnDTnHnMnS, fractions allowed on the last unit) or a plain number of
// seconds, the two forms pycti and pydantic accept for periods. Years and
// months are refused: they have no fixed length.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty duration")
	}
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		if secs < 0 || secs > float64(1<<62)/float64(time.Second) {
			return 0, fmt.Errorf("%q is out of range", s)
		}
		return time.Duration(secs * float64(time.Second)), nil
	}
	up := strings.ToUpper(s)
	if !strings.HasPrefix(up, "P") || len(up) < 3 {
		return 0, fmt.Errorf("%q is not an ISO 8601 duration (e.g. PT1H, P1D) or a number of seconds", s)
	}
	var total float64
	inTime, sawUnit := false, false
	num := ""
	for _, r := range up[1:] {
		switch {
		case r >= '0' && r <= '9' || r == '.' || r == ',':
			if r == ',' {
				r = '.'
			}
			num += string(r)
			continue
		case r == 'T':
			if inTime || num != "" {
				return 0, fmt.Errorf("%q: misplaced T", s)
			}
			inTime = true
			continue
		}
		if num == "" {
			return 0, fmt.Errorf("%q: unit %c without a number", s, r)
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, fmt.Errorf("%q: bad number %q", s, num)
		}
		var unit float64
		switch {
		case !inTime && r == 'W':
			unit = 7 * 24 * 3600
		case !inTime && r == 'D':
			unit = 24 * 3600
		case inTime && r == 'H':
			unit = 3600
		case inTime && r == 'M':
			unit = 60
		case inTime && r == 'S':
			unit = 1
		case !inTime && (r == 'Y' || r == 'M'):
			return 0, fmt.Errorf("%q: years and months have no fixed length; use days (P30D)", s)
		default:
			return 0, fmt.Errorf("%q: unknown unit %c", s, r)
		}
		total += v * unit
		num, sawUnit = "", true
	}
	if num != "" || !sawUnit {
		return 0, fmt.Errorf("%q: number without a unit", s)
	}
	if total > float64(1<<62)/float64(time.Second) {
		return 0, fmt.Errorf("%q is out of range", s)
	}
	return time.Duration(total * float64(time.Second)), nil
}
