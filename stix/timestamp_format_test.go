package stix

import (
	"testing"
	"time"
)

// appendDateTime must write what time.AppendFormat writes.
func TestAppendDateTimeMatchesAppendFormat(t *testing.T) {
	t.Parallel()
	times := []time.Time{
		{}, time.Unix(0, 0), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2024, 2, 29, 7, 8, 9, 0, time.FixedZone("x", -5*3600)), time.Date(-1, 3, 4, 5, 6, 7, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(999, 10, 11, 12, 13, 14, 0, time.UTC),
	}
	for i := int64(0); i < 2000; i++ {
		times = append(times, time.Unix(i*7919*86400/3+i*12345, 0))
	}
	for _, tt := range times {
		u := tt.UTC()
		want := u.AppendFormat(nil, "2006-01-02T15:04:05")
		if got := appendDateTime(nil, u); string(got) != string(want) {
			t.Errorf("%v: got %s, want %s", tt, got, want)
		}
	}
}
