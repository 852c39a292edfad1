package cli

import (
	"testing"
	"time"
)

func TestFormatISO8601(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "PT0S"},
		{30 * 24 * time.Hour, "P30D"},
		{90 * time.Minute, "PT1H30M"},
		{24*time.Hour + 1500*time.Millisecond, "P1DT1.5S"},
	}
	for _, tt := range tests {
		if got := FormatISO8601(tt.in); got != tt.want {
			t.Errorf("FormatISO8601(%v) = %q, want %q", tt.in, got, tt.want)
		}
		if back, err := ParseDuration(tt.want); err != nil || back != tt.in {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.want, back, err, tt.in)
		}
	}
}
