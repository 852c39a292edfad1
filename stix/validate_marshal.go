package stix

import (
	"math"
	"unicode/utf8"
)

// marshals reports whether o.AppendJSON is certain to succeed, without
// writing anything. ValidateBundle must prove that every object marshals;
// writing each object only to throw the bytes away cost as much as the
// bundle's final marshal. For this package's types AppendJSON can only
// fail on a string that is not valid UTF-8 (canonjson.ErrInvalidUTF8), on
// a number JSON cannot hold (NaN, infinities) or on a custom value (a type
// canonjson does not take, raw JSON that does not compact): each type's
// marshals method checks every string and number its AppendJSON writes
// and accepts only custom values of the simple kinds. It is conservative:
// false means "not sure", and the caller then runs AppendJSON itself.
// TestMarshalsIsSound corrupts every string of every registered type, one
// at a time, to keep each method in step with its AppendJSON.
func marshals(o Object) bool {
	m, ok := o.(model)
	return ok && m.marshals()
}

func killChainMarshals(phases []KillChainPhase) bool {
	for _, k := range phases {
		if !okStr(k.KillChainName) || !okStr(k.PhaseName) {
			return false
		}
	}
	return true
}

// okFloat reports whether a number property can be written (JSON has no
// NaN or infinities).
func okFloat(f *float64) bool { return f == nil || !math.IsNaN(*f) && !math.IsInf(*f, 0) }

// okTime: the writer refuses a timestamp out of range.
func okTime(t Timestamp) bool { return TimeInRange(t.Time) }

func commonMarshals(c *Common) bool {
	return okStr(c.ID) && okStr(c.CreatedByRef) && okTime(c.Created) && okTime(c.Modified) && okStrs(c.Labels) && okStr(c.Lang) &&
		extRefsMarshal(c.ExternalReferences) && okStrs(c.ObjectMarkingRefs) && customMarshals(c.Custom)
}

func observableMarshals(c *ObservableCommon) bool {
	return okStr(c.ID) && okStrs(c.ObjectMarkingRefs) && customMarshals(c.Custom)
}

func extRefsMarshal(refs []ExternalReference) bool {
	for _, r := range refs {
		if !okStr(r.SourceName) || !okStr(r.Description) || !okStr(r.URL) || !okMap(r.Hashes) || !okStr(r.ExternalID) {
			return false
		}
	}
	return true
}

// customMarshals checks custom properties of the kinds the writer hands
// to canonjson without nesting; any other value is "not sure". Keys the
// type knows are skipped by the writer, but checking them too only makes
// this more conservative.
func customMarshals(m map[string]any) bool {
	for k, v := range m {
		if !okStr(k) {
			return false
		}
		switch x := v.(type) {
		case nil, bool, int, int64:
		case string:
			if !okStr(x) {
				return false
			}
		case []string:
			if !okStrs(x) {
				return false
			}
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func okStr(s string) bool { return utf8.ValidString(s) }

func okStrs(v []string) bool {
	for _, s := range v {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

func okMap[M ~map[string]string](m M) bool {
	for k, v := range m {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			return false
		}
	}
	return true
}
