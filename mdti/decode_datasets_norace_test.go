//go:build !race

package mdti_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
)

// TestDecodeDatasetHuge: a body over passivetotal.MaxDecodeSize is a
// size error, not a value. It reads 256 MiB, which the race detector makes
// take a quarter of a minute, so it runs without -race only.
func TestDecodeDatasetHuge(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("reads passivetotal.MaxDecodeSize bytes; skipped with -short")
	}
	body := io.MultiReader(strings.NewReader(`{"value":[{"@odata.type":"#microsoft.graph.security.hostCookie","name":"`),
		io.LimitReader(aReader{}, passivetotal.MaxDecodeSize))
	if v, err := mdti.DecodeDataset(body, ""); !errors.Is(err, mdti.ErrResponseTooLarge) || v != nil {
		t.Errorf("huge body: %v, %v", v, err)
	}
}

// aReader reads an endless run of 'a'.
type aReader struct{}

var aChunk = bytes.Repeat([]byte("a"), 64<<10)

func (aReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		n += copy(p[n:], aChunk)
	}
	return n, nil
}
