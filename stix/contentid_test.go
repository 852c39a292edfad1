package stix

import (
	"crypto/sha1"
	"testing"
)

// TestContentIDOfKeysHashesEveryKey checks the buffered hashing of the
// bundle ID against SHA-1 over the namespace and all the sorted keys at
// once, around the buffer's length.
func TestContentIDOfKeysHashesEveryKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		n    int
	}{
		{"none", 0}, {"one", 1}, {"buffer less one", 255}, {"buffer", 256}, {"buffer plus one", 257}, {"several buffers", 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			keys := make([]IDKey, tt.n)
			for i := range keys {
				// Descending, so the keys must be sorted first.
				keys[i][0], keys[i][1] = byte((tt.n-i)>>8), byte(tt.n-i)
			}
			whole := append([]byte(nil), bundleNS[:]...)
			for i := range keys {
				whole = append(whole, keys[len(keys)-1-i][:]...)
			}
			sum := sha1.Sum(whole)
			want := formatID(TypeBundle, uuidOfSHA1(sum[:]))
			if got := ContentIDOfKeys(keys); got != want {
				t.Errorf("ContentIDOfKeys = %s, want %s", got, want)
			}
		})
	}
}
