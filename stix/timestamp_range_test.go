package stix

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// endOfTime is firstSeen == lastSeen == 9999-12-31 23:59:59: a stop_time
// one second later is in year 10000.
var endOfTime = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

// setTimestamps sets every Timestamp field of v (at any depth) to a valid
// instant, except the one numbered bad (counting in *n), set to t.
func setTimestamps(v reflect.Value, bad int, n *int, t time.Time) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == timestampType {
			ts := Time(time.Date(2021, 3, 5, 8, 0, 0, 0, time.UTC))
			if *n == bad {
				ts = Time(t)
			}
			*n++
			v.Set(reflect.ValueOf(ts))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				setTimestamps(v.Field(i), bad, n, t)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			setTimestamps(v.Elem(), bad, n, t)
		}
	}
}

// TestTimestampOutOfRangeNeverWritten: every timestamp property of every
// type, set in turn to an instant in year 10000, makes AppendJSON fail
// with ErrTimestampRange, marshals refuse to vouch for the object, and
// Validate report it. Before, AppendJSON wrote "10000-01-01T00:00:00Z".
func TestTimestampOutOfRangeNeverWritten(t *testing.T) {
	t.Parallel()
	for _, proto := range marshalTypes() {
		typ := reflect.TypeOf(proto).Elem()
		fresh := func(bad int, at time.Time) (Object, int) {
			o := reflect.New(typ)
			n := 0
			fill(o.Elem(), -1, &n)
			n = 0
			setTimestamps(o.Elem(), bad, &n, at)
			return o.Interface().(Object), n
		}
		_, count := fresh(-1, time.Time{})
		for i := range count {
			for _, at := range []time.Time{endOfTime.Add(time.Second), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)} {
				o, _ := fresh(i, at)
				b, err := o.AppendJSON(nil)
				if !errors.Is(err, ErrTimestampRange) {
					t.Errorf("%s: timestamp %d at %v: AppendJSON err = %v, want ErrTimestampRange (wrote %.80s)", typ.Name(), i, at, err, b)
				}
				if marshals(o) {
					t.Errorf("%s: timestamp %d at %v: marshals = true", typ.Name(), i, at)
				}
				if err := o.Validate(); !hasProblem(err, "out of range") {
					t.Errorf("%s: timestamp %d at %v: Validate = %v, want out of range", typ.Name(), i, at, err)
				}
			}
		}
	}
}

func TestTimestampRangeEdges(t *testing.T) {
	t.Parallel()
	if !TimeInRange(endOfTime) || !TimeInRange(time.Time{}) || !TimeInRange(time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)) {
		t.Error("TimeInRange refuses an instant of years 0001-9999")
	}
	if TimeInRange(endOfTime.Add(time.Second)) || TimeInRange(time.Time{}.Add(-time.Nanosecond)) {
		t.Error("TimeInRange accepts an instant outside years 0001-9999")
	}
	// The offset moves the instant into year 10000 in UTC.
	for _, s := range []string{"9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+01:00"} {
		if ts, err := ParseTimestamp(s); !errors.Is(err, ErrTimestampRange) {
			t.Errorf("ParseTimestamp(%q) = %v, %v; want ErrTimestampRange", s, ts, err)
		}
	}
	if b, err := Time(endOfTime.Add(time.Second)).MarshalJSON(); !errors.Is(err, ErrTimestampRange) {
		t.Errorf("MarshalJSON of year 10000 = %s, %v; want ErrTimestampRange", b, err)
	}
	if b, err := Time(endOfTime).MarshalJSON(); err != nil || string(b) != `"9999-12-31T23:59:59.000Z"` {
		t.Errorf("MarshalJSON of the end of year 9999 = %s, %v", b, err)
	}
	const src, tgt = "domain-name--9c5f5f8e-9d3c-5a6f-8e2c-6d1f3b8a2c11", "ipv4-addr--2b2a0f0e-1c9e-5b5f-9a77-5e0d2cc1a0a1"
	for _, p := range []IDPolicy{PolicyOpenCTI, PolicyLegacy, PolicyStrict} {
		if id, err := RelationshipID(p, "resolves-to", src, tgt, endOfTime, endOfTime.Add(time.Second)); !errors.Is(err, ErrTimestampRange) {
			t.Errorf("RelationshipID(%v, stop in year 10000) = %q, %v", p, id, err)
		}
		if id, err := ReportID(p, "r", endOfTime.Add(time.Second)); !errors.Is(err, ErrTimestampRange) {
			t.Errorf("ReportID(%v, year 10000) = %q, %v", p, id, err)
		}
		if id, err := NoteID(p, "n", endOfTime.Add(time.Second)); !errors.Is(err, ErrTimestampRange) {
			t.Errorf("NoteID(%v, year 10000) = %q, %v", p, id, err)
		}
		if _, err := RelationshipID(p, "resolves-to", src, tgt, endOfTime, endOfTime); err != nil {
			t.Errorf("RelationshipID(%v, end of year 9999): %v", p, err)
		}
	}
}

// hasProblem reports whether err is a ValidationError with a problem
// whose message contains msg.
func hasProblem(err error, msg string) bool {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, p := range ve.Problems {
		if strings.Contains(p.Message, msg) {
			return true
		}
	}
	return false
}
