package opencti

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"P30D", 30 * day},
		{"p30d", 30 * day},
		{"PT12H", 12 * time.Hour},
		{"P1DT2H", day + 2*time.Hour},
		{"P1DT2H30M15S", day + 2*time.Hour + 30*time.Minute + 15*time.Second},
		{"PT0.5S", 500 * time.Millisecond},
		{"PT1,5H", 90 * time.Minute},
		{"P2W", 14 * day},
		{"P1W", 7 * day},
		{"pt0,5s", 500 * time.Millisecond},
		{"P1M", 30 * day},
		{"P1Y", 365 * day},
		{"P1Y2M3DT4H5M6S", 365*day + 60*day + 3*day + 4*time.Hour + 5*time.Minute + 6*time.Second},
		{"PT90M", 90 * time.Minute},
		{"86400", day},
		{"1.5", 1500 * time.Millisecond},
		{"36h", 36 * time.Hour},
		{"PT0S", 0},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDurationErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "P", "PT", "P30", "30D", "P1H", "PT1D", "P1DT", "PD", "P1D2D", "PT1S1M", "P1DTT1H", "-5", "-1h", "P1.2.3D", "P1X", "forever", "NaN", "P99999999999999999999D"} {
		if d, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", in, d)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"P30D", "PT12H", "P1DT2H", "86400", "36h", "P1Y2M3W4DT5H6M7.5S"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err == nil && d < 0 {
			t.Fatalf("ParseDuration(%q) = %v: negative", s, d)
		}
	})
}
