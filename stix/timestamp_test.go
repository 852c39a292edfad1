package stix

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimestampText(t *testing.T) {
	t.Parallel()
	at := time.Date(2021, 3, 5, 8, 0, 0, 123456789, time.FixedZone("CET", 3600))
	tests := []struct {
		p    Precision
		want string
	}{
		{PrecisionMilli, "2021-03-05T07:00:00.123Z"},
		{PrecisionSecond, "2021-03-05T07:00:00Z"},
		{PrecisionMicro, "2021-03-05T07:00:00.123456Z"},
		{PrecisionNano, "2021-03-05T07:00:00.123456789Z"},
		{2, "2021-03-05T07:00:00.12Z"},
	}
	for _, tt := range tests {
		if got := (Timestamp{Time: at, Precision: tt.p}).String(); got != tt.want {
			t.Errorf("precision %d: %s, want %s", tt.p, got, tt.want)
		}
	}
}

func TestTimestampRoundTrip(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"2017-06-14T11:22:21Z",
		"2017-06-14T11:22:21.000Z",
		"2017-06-14T11:22:21.5Z",
		"2017-06-14T11:22:21.123456Z",
		"2017-06-14T11:22:21.123456789Z",
	} {
		var ts Timestamp
		if err := json.Unmarshal([]byte(`"`+s+`"`), &ts); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(ts)
		if string(b) != `"`+s+`"` {
			t.Errorf("%s -> %s", s, b)
		}
	}
	var ts Timestamp
	if err := json.Unmarshal([]byte(`"2017-06-14T13:22:21+02:00"`), &ts); err != nil {
		t.Fatal(err)
	}
	if ts.String() != "2017-06-14T11:22:21Z" {
		t.Errorf("offset not normalised to UTC: %s", ts)
	}
	for _, bad := range []string{`"2017-06-14"`, `"yesterday"`, `12`, `"2017-06-14 11:22:21Z"`} {
		if err := json.Unmarshal([]byte(bad), &ts); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestPythonISO(t *testing.T) {
	t.Parallel()
	tests := []struct {
		t     time.Time
		aware bool
		want  string
	}{
		{time.Date(2021, 3, 5, 8, 0, 0, 0, time.UTC), true, "2021-03-05T08:00:00+00:00"},
		{time.Date(2021, 3, 5, 8, 0, 0, 123e6, time.UTC), true, "2021-03-05T08:00:00.123000+00:00"},
		{time.Date(2017, 6, 14, 11, 22, 21, 0, time.UTC), false, "2017-06-14T11:22:21"},
		{time.Date(2017, 6, 14, 11, 22, 21, 999, time.UTC), false, "2017-06-14T11:22:21"}, // sub-µs dropped
		{time.Date(2017, 6, 14, 11, 22, 21, 1000, time.UTC), false, "2017-06-14T11:22:21.000001"},
	}
	for _, tt := range tests {
		if got := string(formatPythonISO(nil, tt.t, tt.aware)); got != tt.want {
			t.Errorf("formatPythonISO(%v, %v) = %s, want %s", tt.t, tt.aware, got, tt.want)
		}
	}
}
