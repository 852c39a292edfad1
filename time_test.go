package passivetotal

import (
	"encoding/json"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestTimeUnmarshalJSON(t *testing.T) {
	t.Parallel()
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	tests := []struct {
		name string
		in   string
		want Time
	}{
		{"pdns space", `"2019-10-05 21:51:41"`, Time{utc(2019, 10, 5, 21, 51, 41, 0), "2019-10-05 21:51:41"}},
		{"date only", `"2021-03-05"`, Time{utc(2021, 3, 5, 0, 0, 0, 0), "2021-03-05"}},
		{"iso Z", `"2023-03-07T13:19:35Z"`, Time{utc(2023, 3, 7, 13, 19, 35, 0), "2023-03-07T13:19:35Z"}},
		{"iso Z fraction", `"2023-03-07T13:59:34.735Z"`, Time{utc(2023, 3, 7, 13, 59, 34, 735e6), "2023-03-07T13:59:34.735Z"}},
		{"iso +00:00", `"2021-03-05T08:00:00+00:00"`, Time{utc(2021, 3, 5, 8, 0, 0, 0), "2021-03-05T08:00:00+00:00"}},
		{"iso +0000 fraction", `"2021-03-05T08:00:00.000+0000"`, Time{utc(2021, 3, 5, 8, 0, 0, 0), "2021-03-05T08:00:00.000+0000"}},
		{"iso -0700", `"2014-04-14T13:00:56.000-0700"`, Time{utc(2014, 4, 14, 20, 0, 56, 0), "2014-04-14T13:00:56.000-0700"}},
		{"iso no zone", `"2016-11-16T02:34:32.990000"`, Time{utc(2016, 11, 16, 2, 34, 32, 990e6), "2016-11-16T02:34:32.990000"}},
		{"ssl GMT", `"Apr 28 00:00:00 2015 GMT"`, Time{utc(2015, 4, 28, 0, 0, 0, 0), "Apr 28 00:00:00 2015 GMT"}},
		{"java VET", `"Mon Aug 29 20:00:00 VET 2016"`, Time{utc(2016, 8, 30, 0, 0, 0, 0), "Mon Aug 29 20:00:00 VET 2016"}},
		{"epoch ms", `1383116400000`, Time{utc(2013, 10, 30, 7, 0, 0, 0), "1383116400000"}},
		{"epoch ms string", `"1383116400000"`, Time{utc(2013, 10, 30, 7, 0, 0, 0), "1383116400000"}},
		{"null", `null`, Time{}},
		{"empty", `""`, Time{}},
		{"N/A", `"N/A"`, Time{Raw: "N/A"}},
		{"garbage kept", `"sometime last week"`, Time{Raw: "sometime last week"}},
		{"unknown zone kept", `"Mon Aug 29 20:00:00 XYZ 2016"`, Time{Raw: "Mon Aug 29 20:00:00 XYZ 2016"}},
		{"huge epoch kept", `99999999999999999`, Time{Raw: "99999999999999999"}},
		{"object kept", `{"a":1}`, Time{Raw: `{"a":1}`}},
		{"bool kept", `true`, Time{Raw: "true"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got Time
			if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Unmarshal(%s) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if got.Valid() == got.IsZero() {
				t.Errorf("Valid() = IsZero() = %v", got.Valid())
			}
		})
	}
}

func TestTimeMarshalJSONRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"pdns", `"2019-10-05 21:51:41"`, `"2019-10-05 21:51:41"`},
		{"epoch stays a number", `1383116400000`, `1383116400000`},
		{"null", `null`, `null`},
		{"empty string is null", `""`, `null`},
		{"garbage kept", `"soon"`, `"soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v Time
			if err := json.Unmarshal([]byte(tt.in), &v); err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("Marshal mismatch (-want +got):\n%s", diff)
			}
		})
	}
	b, err := json.Marshal(NewTime(time.Date(2020, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600))))
	if err != nil || string(b) != `"2020-01-02T02:04:05Z"` {
		t.Errorf("Marshal(NewTime) = %s, %v", b, err)
	}
}

func TestParseTimeErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"yesterday", "2021-13-40", "Mon Aug 29 20:00:00 QQQ 2016"} {
		if _, err := ParseTime(in); err == nil {
			t.Errorf("ParseTime(%q) = nil error", in)
		}
	}
	if got, err := ParseTime(" N/A "); err != nil || !got.IsZero() {
		t.Errorf(`ParseTime("N/A") = %v, %v; want zero, nil`, got, err)
	}
}

// TestTimeRawValidUTF8: text kept in Raw (an object, a list, a malformed string where a
// time belongs) has each invalid UTF-8 sequence replaced by U+FFFD, as encoding/json
// decodes strings, so writing the value back and reading it again gives the same value
// (FuzzDecodeArticles found {"\x98":1} as a publishedDate changing on the round trip).
func TestTimeRawValidUTF8(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"{\"\x98\":1}", "[\"a\xff\"]", "\"bad \\x escape \xc3\""} {
		var first Time
		if err := first.UnmarshalJSON([]byte(in)); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if !utf8.ValidString(first.Raw) {
			t.Errorf("%q: Raw %q is not valid UTF-8", in, first.Raw)
		}
		out, err := first.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var again Time
		if err := again.UnmarshalJSON(out); err != nil {
			t.Fatal(err)
		}
		if again.Raw != first.Raw {
			t.Errorf("%q: Raw %q, after a round trip %q", in, first.Raw, again.Raw)
		}
	}
}
