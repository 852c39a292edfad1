package mdti_test

import (
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/mdti"
)

// TestGraphDecodeErrorsNameNoOtherBackend: a Graph body that the lenient
// types refuse gives an error that speaks of mdti, never of passivetotal.
func TestGraphDecodeErrorsNameNoOtherBackend(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, body string }{
		{"profile title is an object", `{"id":"p1","title":{"x":1}}`},
		{"profile alias is an array of arrays", `{"id":"p1","aliases":[["a"]]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := mdti.DecodeIntelProfile(strings.NewReader(tt.body))
			if err == nil {
				t.Fatal("decoded")
			}
			if msg := err.Error(); strings.Contains(msg, "passivetotal") || !strings.HasPrefix(msg, "mdti: ") {
				t.Errorf("error %q: want the mdti prefix and no other backend's", msg)
			}
		})
	}
}
