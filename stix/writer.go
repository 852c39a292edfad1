package stix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/ptstix/passivetotal/internal/canonjson"
)

// writer appends one JSON object property by property. Property names
// passed as literals are trusted (plain ASCII); values are escaped. The
// first error sticks and later calls do nothing.
type writer struct {
	b   []byte
	err error
}

func (w *writer) open(typ string) {
	w.b = append(w.b, `{"type":"`...)
	w.b = append(w.b, typ...)
	w.b = append(w.b, `","spec_version":"2.1"`...)
}

func (w *writer) key(k string) {
	w.b = append(w.b, ',', '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

func (w *writer) quote(s string) {
	if w.err != nil {
		return
	}
	w.b, w.err = canonjson.AppendString(w.b, s)
}

// str writes k unless v is empty.
func (w *writer) str(k, v string) {
	if v != "" {
		w.strAlways(k, v)
	}
}

// strAlways writes k even when v is empty (required properties, so that a
// missing value shows up in validation rather than vanishing).
func (w *writer) strAlways(k, v string) {
	w.key(k)
	w.quote(v)
}

func (w *writer) strs(k string, v []string) {
	if len(v) == 0 {
		return
	}
	w.strsAlways(k, v)
}

func (w *writer) strsAlways(k string, v []string) {
	w.key(k)
	w.b = append(w.b, '[')
	for i, s := range v {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.quote(s)
	}
	w.b = append(w.b, ']')
}

// ts writes t with its own precision unless it is zero.
func (w *writer) ts(k string, t Timestamp) {
	if t.IsZero() || !w.inRange(k, t) {
		return
	}
	w.key(k)
	w.b = append(w.b, '"')
	w.b = t.appendText(w.b, t.Precision.digits())
	w.b = append(w.b, '"')
}

// tsMilli writes t with exactly three fractional digits (created and
// modified), also when it is zero, so validation sees it.
func (w *writer) tsMilli(k string, t Timestamp) {
	if t.IsZero() || !w.inRange(k, t) {
		return
	}
	w.key(k)
	w.b = append(w.b, '"')
	w.b = t.appendText(w.b, 3)
	w.b = append(w.b, '"')
}

// inRange fails the object when t cannot be written as a STIX timestamp:
// a five-digit year would make invalid STIX out of valid-looking JSON.
func (w *writer) inRange(k string, t Timestamp) bool {
	if TimeInRange(t.Time) {
		return true
	}
	if w.err == nil {
		w.err = fmt.Errorf("%s: %w", k, ErrTimestampRange)
	}
	return false
}

func (w *writer) boolean(k string, v bool) {
	if v {
		w.key(k)
		w.b = append(w.b, "true"...)
	}
}

func (w *writer) intp(k string, v *int) {
	if v != nil {
		w.key(k)
		w.b = strconv.AppendInt(w.b, int64(*v), 10)
	}
}

func (w *writer) int64p(k string, v *int64) {
	if v != nil {
		w.key(k)
		w.b = strconv.AppendInt(w.b, *v, 10)
	}
}

// float64p writes *v as a JSON number (ECMAScript form, as the canonical
// encoder does); NaN and infinities are errors.
func (w *writer) float64p(k string, v *float64) {
	if v == nil || w.err != nil {
		return
	}
	w.key(k)
	w.b, w.err = canonjson.AppendNumber(w.b, *v)
}

func (w *writer) strMap(k string, m map[string]string) {
	if len(m) == 0 {
		return
	}
	w.key(k)
	w.strMapValue(m)
}

func (w *writer) strMapValue(m map[string]string) {
	if w.err != nil {
		return
	}
	w.b, w.err = canonjson.Append(w.b, m)
}

func (w *writer) extRefs(refs []ExternalReference) {
	if len(refs) == 0 {
		return
	}
	w.key("external_references")
	w.b = append(w.b, '[')
	for i, r := range refs {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.b = append(w.b, `{"source_name":`...)
		w.quote(r.SourceName)
		w.str("description", r.Description)
		w.str("url", r.URL)
		w.strMap("hashes", r.Hashes)
		w.str("external_id", r.ExternalID)
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ']')
}

func (w *writer) killChain(k string, phases []KillChainPhase) {
	if len(phases) == 0 {
		return
	}
	w.key(k)
	w.b = append(w.b, '[')
	for i, p := range phases {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.b = append(w.b, `{"kill_chain_name":`...)
		w.quote(p.KillChainName)
		w.strAlways("phase_name", p.PhaseName)
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ']')
}

// common writes the SDO/SRO common properties after type and spec_version.
func (w *writer) common(c *Common) {
	w.strAlways("id", c.ID)
	w.str("created_by_ref", c.CreatedByRef)
	w.tsMilli("created", c.Created)
	w.tsMilli("modified", c.Modified)
	w.boolean("revoked", c.Revoked)
	w.strs("labels", c.Labels)
	w.intp("confidence", c.Confidence)
	w.str("lang", c.Lang)
	w.extRefs(c.ExternalReferences)
	w.strs("object_marking_refs", c.ObjectMarkingRefs)
}

func (w *writer) observable(c *ObservableCommon) {
	w.strAlways("id", c.ID)
	w.strs("object_marking_refs", c.ObjectMarkingRefs)
	w.boolean("defanged", c.Defanged)
}

// custom writes the custom properties in sorted key order, skipping keys
// the object's type already knows.
func (w *writer) custom(m map[string]any, known map[string]bool) {
	if len(m) == 0 || w.err != nil {
		return
	}
	// Objects carry a few custom properties at most: sort their names in
	// a stack array rather than allocating a slice per object.
	var arr [8]string
	keys := arr[:0]
	for k := range m {
		if !known[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		w.b = append(w.b, ',')
		w.quote(k)
		w.b = append(w.b, ':')
		w.value(m[k])
	}
}

// value writes an arbitrary custom value deterministically: plain JSON
// data through the canonical encoder, raw JSON compacted, and anything
// else through encoding/json (which sorts map keys).
func (w *writer) value(v any) {
	if w.err != nil {
		return
	}
	switch x := v.(type) {
	case json.RawMessage:
		var buf bytes.Buffer
		if w.err = json.Compact(&buf, x); w.err == nil {
			w.b = append(w.b, buf.Bytes()...)
		}
		return
	case nil, bool, string, float64, int, int64, map[string]any, map[string]string, []any, []string:
		w.b, w.err = canonjson.Append(w.b, x)
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if w.err = enc.Encode(v); w.err == nil {
		w.b = append(w.b, bytes.TrimRight(buf.Bytes(), "\n")...)
	}
}

func (w *writer) close() ([]byte, error) {
	w.b = append(w.b, '}')
	return w.b, w.err
}

func appendValueSCO(dst []byte, typ string, c *ObservableCommon, value string) ([]byte, error) {
	w := writer{b: dst}
	w.open(typ)
	w.observable(c)
	w.strAlways("value", value)
	w.custom(c.Custom, knownKeys[typ])
	return w.close()
}

// boolText is the JSON literal of b.
func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
