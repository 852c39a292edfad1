package passivetotal

import (
	"fmt"
	"testing"
	"time"
)

// parseDateTimeFast must give exactly what time.Date gives, and refuse
// what it normalises (31 April, 29 February of common years).
func TestParseDateTimeFastMatchesTimeDate(t *testing.T) {
	t.Parallel()
	for _, y := range []int{1, 2, 3, 4, 99, 100, 399, 400, 1582, 1899, 1900, 1969, 1970, 1971, 1999, 2000, 2001, 2004, 2023, 2024, 2100, 2400, 9999} {
		for mo := 1; mo <= 12; mo++ {
			for d := 1; d <= 31; d++ {
				s := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, d%24, (d*7)%60, (d*13)%60)
				got, ok := parseDateTimeFast(s)
				want := time.Date(y, time.Month(mo), d, d%24, (d*7)%60, (d*13)%60, 0, time.UTC)
				if want.Day() != d {
					if ok {
						t.Errorf("%s accepted as %v", s, got)
					}
					continue
				}
				if !ok || got != want {
					t.Errorf("%s: got %v (%v), want %v", s, got, ok, want)
				}
			}
		}
	}
}
