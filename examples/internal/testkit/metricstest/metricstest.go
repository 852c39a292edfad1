// Package metricstest reads a Prometheus text exposition into plain numbers, so tests
// of the connectors can scrape /metrics through the real HTTP handler and assert on
// values: Scrape(t, url).Get("ptstix_bundles_sent_total").
package metricstest

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Samples maps a series key (see Key) to its value. A histogram gives its _count and
// _sum series; a summary its _count and _sum.
type Samples map[string]float64

// Key is the canonical name of a series: name{k1="v1",k2="v2"} with the labels sorted
// by name, or the bare name without labels. labelPairs alternates names and values.
func Key(name string, labelPairs ...string) string {
	if len(labelPairs)%2 != 0 {
		panic("metricstest.Key: odd number of label arguments")
	}
	if len(labelPairs) == 0 {
		return name
	}
	type kv struct{ k, v string }
	var kvs []kv
	for i := 0; i < len(labelPairs); i += 2 {
		kvs = append(kvs, kv{labelPairs[i], labelPairs[i+1]})
	}
	slices.SortFunc(kvs, func(a, b kv) int { return strings.Compare(a.k, b.k) })
	parts := make([]string, len(kvs))
	for i, p := range kvs {
		parts[i] = p.k + "=" + strconv.Quote(p.v)
	}
	return name + "{" + strings.Join(parts, ",") + "}"
}

// Parse reads the Prometheus text format.
func Parse(r io.Reader) (Samples, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(r)
	if err != nil {
		return nil, err
	}
	s := Samples{}
	for name, f := range fams {
		for _, m := range f.GetMetric() {
			var pairs []string
			for _, l := range m.GetLabel() {
				pairs = append(pairs, l.GetName(), l.GetValue())
			}
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				s[Key(name, pairs...)] = m.GetCounter().GetValue()
			case dto.MetricType_GAUGE:
				s[Key(name, pairs...)] = m.GetGauge().GetValue()
			case dto.MetricType_HISTOGRAM:
				s[Key(name+"_count", pairs...)] = float64(m.GetHistogram().GetSampleCount())
				s[Key(name+"_sum", pairs...)] = m.GetHistogram().GetSampleSum()
			case dto.MetricType_SUMMARY:
				s[Key(name+"_count", pairs...)] = float64(m.GetSummary().GetSampleCount())
				s[Key(name+"_sum", pairs...)] = m.GetSummary().GetSampleSum()
			default:
				s[Key(name, pairs...)] = m.GetUntyped().GetValue()
			}
		}
	}
	return s, nil
}

// Scrape GETs url (a /metrics address), checks the answer is 200 in the text format,
// and parses it; any problem fails the test.
func Scrape(t testing.TB, url string) Samples {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("scrape %s: %v", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape %s: status %s", url, resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("scrape %s: Content-Type %q, want the text format", url, ct)
	}
	s, err := Parse(resp.Body)
	if err != nil {
		t.Fatalf("scrape %s: %v", url, err)
	}
	return s
}

// Get is the value of one series, 0 when absent.
func (s Samples) Get(name string, labelPairs ...string) float64 {
	return s[Key(name, labelPairs...)]
}

// Has reports whether the series exists.
func (s Samples) Has(name string, labelPairs ...string) bool {
	_, ok := s[Key(name, labelPairs...)]
	return ok
}

// ByLabel collects the series of name whose labels include every filter pair, keyed by
// the value of label and summed over the other labels: ByLabel("x_total", "type") gives
// {"indicator": 3, ...}. Zero values are left out, as a run summary leaves them out.
func (s Samples) ByLabel(name, label string, filterPairs ...string) map[string]float64 {
	out := map[string]float64{}
	for key, v := range s {
		n, labels, ok := split(key)
		if !ok || n != name || v == 0 {
			continue
		}
		match := true
		for i := 0; i+1 < len(filterPairs); i += 2 {
			if labels[filterPairs[i]] != filterPairs[i+1] {
				match = false
			}
		}
		if lv, has := labels[label]; match && has {
			out[lv] += v
		}
	}
	return out
}

// Sum adds every series of name whose labels include the filter pairs.
func (s Samples) Sum(name string, filterPairs ...string) float64 {
	total := 0.0
	for key, v := range s {
		n, labels, ok := split(key)
		if !ok || n != name {
			continue
		}
		match := true
		for i := 0; i+1 < len(filterPairs); i += 2 {
			if labels[filterPairs[i]] != filterPairs[i+1] {
				match = false
			}
		}
		if match {
			total += v
		}
	}
	return total
}

// Names lists the metric names present, sorted (for failure messages).
func (s Samples) Names() []string {
	set := map[string]bool{}
	for key := range s {
		if n, _, ok := split(key); ok {
			set[n] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// split undoes Key.
func split(key string) (name string, labels map[string]string, ok bool) {
	labels = map[string]string{}
	i := strings.IndexByte(key, '{')
	if i < 0 {
		return key, labels, true
	}
	name, rest := key[:i], strings.TrimSuffix(key[i+1:], "}")
	for rest != "" {
		eq := strings.IndexByte(rest, '=')
		if eq < 0 {
			return "", nil, false
		}
		k := rest[:eq]
		q, err := strconv.QuotedPrefix(rest[eq+1:])
		if err != nil {
			return "", nil, false
		}
		v, _ := strconv.Unquote(q)
		labels[k] = v
		rest = strings.TrimPrefix(rest[eq+1+len(q):], ",")
	}
	return name, labels, true
}

// String lists the samples, sorted, one per line (for failure messages).
func (s Samples) String() string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(s)) {
		fmt.Fprintf(&b, "%s %g\n", k, s[k])
	}
	return b.String()
}
