package enricher

import "testing"

// TestHeaderQueryValue: the queryValue found ahead of the records is the one the passive
// DNS decoders read, keys matched case-insensitively as encoding/json matches them, and
// only when it comes before the results.
func TestHeaderQueryValue(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		body, want string
		ok         bool
	}{
		{`{"queryValue":"a.example","results":[]}`, "a.example", true},
		{`{"QueryValue":"a.example","results":[]}`, "a.example", true},
		{`{"totalRecords":1,"queryvalue":"a.example"}`, "a.example", true},
		{`{"Results":[],"queryValue":"a.example"}`, "", false},
		{`{"queryValue":""}`, "", false},
		{`[1]`, "", false},
	} {
		got, ok := headerQueryValue([]byte(tt.body))
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: %q, %v; want %q, %v", tt.body, got, ok, tt.want, tt.ok)
		}
	}
}
