package mapping

import "strings"

// hashAlgo is a file hash algorithm, named as STIX spells it in hashes keys.
type hashAlgo string

// The hash algorithms PassiveTotal articles carry.
const (
	hashNone   hashAlgo = ""
	hashMD5    hashAlgo = "MD5"
	hashSHA1   hashAlgo = "SHA-1"
	hashSHA256 hashAlgo = "SHA-256"
	hashSHA512 hashAlgo = "SHA-512"
)

// hexLen is the length of the hex digest of the algorithm.
func (h hashAlgo) hexLen() int {
	switch h {
	case hashMD5:
		return 32
	case hashSHA1:
		return 40
	case hashSHA256:
		return 64
	case hashSHA512:
		return 128
	}
	return 0
}

// hashByLength picks the algorithm of a hex digest from its length, for the
// generic "hash" indicator type.
func hashByLength(n int) hashAlgo {
	switch n {
	case 32:
		return hashMD5
	case 40:
		return hashSHA1
	case 64:
		return hashSHA256
	case 128:
		return hashSHA512
	}
	return hashNone
}

// normalizeHash trims and lower-cases a hex digest and checks it against the
// algorithm (hashNone: pick it by length). It returns the algorithm and the
// digest, or a reason for skipping it.
func normalizeHash(algo hashAlgo, s string) (hashAlgo, string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return hashNone, "", "empty value"
	}
	if !isHex(s) {
		return hashNone, "", "hash is not hexadecimal"
	}
	if algo == hashNone {
		algo = hashByLength(len(s))
		if algo == hashNone {
			return hashNone, "", "hash length fits no known algorithm (32, 40, 64 or 128 hex digits)"
		}
	} else if len(s) != algo.hexLen() {
		return hashNone, "", "hash length does not fit " + string(algo)
	}
	return algo, asciiLower(s), ""
}

// isHex reports whether s is non-empty and only hex digits.
func isHex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
