package mdti_test

import (
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/mdti"
)

// TestGraphDecodeErrorsNameNoOtherBackend: a Graph body that the lenient
// types refuse gives an error that names mdti once, and never passivetotal.
func TestGraphDecodeErrorsNameNoOtherBackend(t *testing.T) {
	t.Parallel()
	profile := func(body string) error { _, err := mdti.DecodeIntelProfile(strings.NewReader(body)); return err }
	articles := func(body string) error { _, err := mdti.DecodeArticles(strings.NewReader(body)); return err }
	for _, tt := range []struct {
		name   string
		decode func(string) error
		body   string
	}{
		{"profile title is an object", profile, `{"id":"p1","title":{"x":1}}`},
		{"profile alias is an array of arrays", profile, `{"id":"p1","aliases":[["a"]]}`},
		{"article title is an object", articles, `{"value":[{"id":"a1","title":{"x":1}}]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.decode(tt.body)
			if err == nil {
				t.Fatal("decoded")
			}
			if msg := err.Error(); strings.Contains(msg, "passivetotal") || !strings.HasPrefix(msg, "mdti: ") || strings.Count(msg, "mdti:") != 1 {
				t.Errorf("error %q: want the mdti prefix once and no other backend's", msg)
			}
		})
	}
}
