package mdti

import (
	"errors"
	"strings"
	"testing"

	passivetotal "github.com/ptstix/passivetotal"
)

// TestReadBodyLimit checks the size bound with a small limit (the real one,
// passivetotal.MaxDecodeSize, is 256 MiB: too much to allocate in a test).
func TestReadBodyLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body    string
		tooBig  bool
		members int
	}{
		{`{"value":[]}`, false, 1},
		{`{"value":[],"x":1}`, true, 0},
		{`{"id":"0123"}   `, false, 1}, // exactly the limit
		{`{"id":"0123"}    `, true, 0}, // one byte over
	}
	for _, tc := range tests {
		_, top, err := profileReadBodyLimit(strings.NewReader(tc.body), "test", 16)
		var de *passivetotal.DecodeError
		if got := errors.As(err, &de) && de.Kind == passivetotal.DecodeTooLarge; got != tc.tooBig {
			t.Errorf("%q: size error = %v (%v), want %v", tc.body, got, err, tc.tooBig)
			continue
		}
		if tc.tooBig {
			if !errors.Is(err, passivetotal.ErrResponseTooLarge) {
				t.Errorf("%q: %v does not match ErrResponseTooLarge", tc.body, err)
			}
			continue
		}
		if !top.Value && !top.ID {
			t.Errorf("%q: read, but neither value nor id noted", tc.body)
		}
	}
}
