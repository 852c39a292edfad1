package mapping

import (
	"strings"
	"testing"
)

func TestNormalizeHash(t *testing.T) {
	t.Parallel()
	md5 := "9466C865DEAD7A35E4E1A8F48EF1DFFD"
	sha1 := strings.Repeat("a", 40)
	sha256 := strings.Repeat("b", 64)
	sha512 := strings.Repeat("c", 128)
	tests := []struct {
		algo     hashAlgo
		in       string
		wantAlgo hashAlgo
		want     string
		reason   string
	}{
		{hashMD5, " " + md5 + " ", hashMD5, strings.ToLower(md5), ""},
		{hashSHA1, sha1, hashSHA1, sha1, ""},
		{hashSHA256, sha256, hashSHA256, sha256, ""},
		{hashSHA512, sha512, hashSHA512, sha512, ""},
		{hashNone, md5, hashMD5, strings.ToLower(md5), ""},
		{hashNone, sha1, hashSHA1, sha1, ""},
		{hashNone, sha256, hashSHA256, sha256, ""},
		{hashNone, sha512, hashSHA512, sha512, ""},
		{hashNone, strings.Repeat("a", 33), hashNone, "", "hash length fits no known algorithm (32, 40, 64 or 128 hex digits)"},
		{hashMD5, sha1, hashNone, "", "hash length does not fit MD5"},
		{hashSHA256, md5, hashNone, "", "hash length does not fit SHA-256"},
		{hashMD5, strings.Repeat("g", 32), hashNone, "", "hash is not hexadecimal"},
		{hashMD5, "", hashNone, "", "empty value"},
	}
	for _, tt := range tests {
		algo, got, reason := normalizeHash(tt.algo, tt.in)
		if algo != tt.wantAlgo || got != tt.want || reason != tt.reason {
			t.Errorf("normalizeHash(%q, %q) = %q, %q, %q; want %q, %q, %q", tt.algo, tt.in, algo, got, reason, tt.wantAlgo, tt.want, tt.reason)
		}
	}
}
