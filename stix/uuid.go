package stix

import (
	"crypto/sha1"
	"errors"
	"strings"
)

// uuid is a 16-byte RFC 9562 UUID.
type uuid [16]byte

// uuid5 returns the version 5 UUID of name in namespace ns:
// SHA-1(ns || name), truncated, with version and variant bits set.
// buf must be ns followed by name (callers build it in place so hashing
// needs no copy).
func uuid5(buf []byte) uuid {
	sum := sha1.Sum(buf)
	return uuidOfSHA1(sum[:])
}

// uuidOfSHA1 is the version 5 UUID of a SHA-1 sum.
func uuidOfSHA1(sum []byte) uuid {
	var u uuid
	copy(u[:], sum[:16])
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

const hexLower = "0123456789abcdef"

// appendUUID writes u in the canonical 8-4-4-4-12 lowercase form.
func appendUUID(dst []byte, u uuid) []byte {
	for i, b := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, hexLower[b>>4], hexLower[b&0xf])
	}
	return dst
}

// formatID returns typ + "--" + u with a single allocation.
func formatID(typ string, u uuid) string {
	var sb strings.Builder
	sb.Grow(len(typ) + 2 + 36)
	sb.WriteString(typ)
	sb.WriteString("--")
	var arr [36]byte
	sb.Write(appendUUID(arr[:0], u))
	return sb.String()
}

// parseUUID parses the canonical 36-character form (any hex case). It
// runs for every reference a bundle's validation checks, hence the table.
func parseUUID(s string) (uuid, error) {
	var u uuid
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return u, errors.New("malformed UUID")
	}
	bad := byte(0)
	for j, i := range uuidHexAt {
		hi, lo := hexValue[s[i]], hexValue[s[i+1]]
		bad |= hi | lo
		u[j] = hi<<4 | lo&0x0f
	}
	if bad&0xf0 != 0 {
		return uuid{}, errors.New("malformed UUID")
	}
	return u, nil
}

// uuidHexAt is where each byte's two hex digits start in the text form.
var uuidHexAt = [16]int{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

// hexValue maps a hex digit to its value and anything else to 0xff.
var hexValue = func() (t [256]byte) {
	for c := range t {
		v, ok := unhex(byte(c))
		if !ok {
			v = 0xff
		}
		t[c] = v
	}
	return t
}()

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func mustUUID(s string) uuid {
	u, err := parseUUID(s)
	if err != nil {
		panic("stix: bad built-in UUID " + s)
	}
	return u
}

// splitID splits "type--uuid" and checks both halves.
func splitID(id string) (typ string, u uuid, err error) {
	typ, rest, ok := strings.Cut(id, "--")
	if !ok || typ == "" {
		return "", u, errors.New("id is not TYPE--UUID")
	}
	if !validTypeName(typ) {
		return "", u, errors.New("id has an invalid type part")
	}
	u, err = parseUUID(rest)
	return typ, u, err
}

// validTypeName reports whether s is a valid STIX type name: 3..250
// characters of lowercase ASCII letters, digits and hyphens, no leading or
// doubled hyphen... (section 3.1; relaxed on the double hyphen which splitID
// already excludes).
func validTypeName(s string) bool {
	if len(s) < 3 || len(s) > 250 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return s[0] != '-' && s[len(s)-1] != '-'
}
