package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ptstix/passivetotal/opencti"
)

// ParseDuration reads an ISO 8601 duration ("P30D", "PT12H"), a number of seconds or a Go
// duration, as opencti.ParseDuration does: the programs' durations and the connector's
// CONNECTOR_DURATION_PERIOD are read alike.
func ParseDuration(s string) (time.Duration, error) { return opencti.ParseDuration(s) }

// FormatISO8601 writes d as an ISO 8601 duration (days and time only), the inverse of
// ParseDuration for logs and summaries: 30 days is "P30D", 90 minutes "PT1H30M".
func FormatISO8601(d time.Duration) string {
	if d == 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteString("P")
	if days := d / (24 * time.Hour); days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		d -= days * 24 * time.Hour
	}
	if d > 0 {
		b.WriteString("T")
		if h := d / time.Hour; h > 0 {
			fmt.Fprintf(&b, "%dH", h)
			d -= h * time.Hour
		}
		if m := d / time.Minute; m > 0 {
			fmt.Fprintf(&b, "%dM", m)
			d -= m * time.Minute
		}
		if d > 0 {
			b.WriteString(strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "S")
		}
	}
	return b.String()
}
