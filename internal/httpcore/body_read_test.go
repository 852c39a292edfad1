package httpcore

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// TestReadAtMost covers the size cases of a 2xx body against its limit,
// declared or not, honestly or not, read in small pieces.
func TestReadAtMost(t *testing.T) {
	t.Parallel()
	const limit = 3*maxChunk + 17
	body := func(n int) []byte { return bytes.Repeat([]byte("0123456789abcdef"), n/16+1)[:n] }
	tests := []struct {
		name     string
		size     int
		declared int64
		tooLarge bool
		err      error
	}{
		{"empty, unknown", 0, -1, false, nil},
		{"empty, declared 0", 0, 0, false, nil},
		{"small, unknown", 100, -1, false, nil},
		{"small, declared 0 (a fake transport)", 100, 0, false, nil},
		{"exactly the limit, unknown", limit, -1, false, nil},
		{"exactly the limit, declared", limit, limit, false, nil},
		{"one over, unknown", limit + 1, -1, true, nil},
		{"one over, declared", limit + 1, limit + 1, true, nil},
		{"declared short, more follows, within", 5000, 10, false, nil},
		{"declared short, more follows, over", limit + 5, 10, true, nil},
		{"declared long, ends early", 100, 200, false, io.ErrUnexpectedEOF},
		{"chunk boundary", firstChunk * 3, -1, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := body(tt.size)
			data, tooLarge, err := readAtMost(iotest.HalfReader(bytes.NewReader(src)), tt.declared, limit)
			if tooLarge != tt.tooLarge || !errors.Is(err, tt.err) {
				t.Fatalf("tooLarge %v, err %v; want %v, %v", tooLarge, err, tt.tooLarge, tt.err)
			}
			switch {
			case err != nil:
			case tooLarge && (len(data) < SnippetLen || !bytes.HasPrefix(src, data) || len(data) > firstChunk<<keptChunks):
				t.Errorf("kept %d bytes of a body over the limit, want its start, at most %d", len(data), firstChunk<<keptChunks)
			case !tooLarge && !bytes.Equal(data, src):
				t.Errorf("read %d bytes, want the %d of the body", len(data), len(src))
			}
		})
	}
}
