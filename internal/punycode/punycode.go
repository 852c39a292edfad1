// Package punycode implements the Punycode encoding of RFC 3492 and the
// "xn--" A-label form of RFC 5891 for one label, so that URL hosts and
// e-mail domains with non-ASCII names can be written in the ASCII form a
// browser sends. It is a small, dependency-free encoder: the library
// module may not depend on golang.org/x/net/idna. It does not apply the
// full UTS #46 mapping (no Unicode normalisation): callers lower-case
// labels first, which covers the names seen in threat intelligence.
package punycode

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// Bootstring parameters for Punycode (RFC 3492 section 5).
const (
	base        = 36
	tMin        = 1
	tMax        = 26
	skew        = 38
	damp        = 700
	initialBias = 72
	initialN    = 128
)

// ACEPrefix marks an A-label (RFC 5890).
const ACEPrefix = "xn--"

// ErrOverflow is returned when a label is too long to encode (the
// arithmetic of RFC 3492 section 6.4 would overflow).
var ErrOverflow = errors.New("punycode: overflow")

// ErrInvalidUTF8 is returned for input that is not valid UTF-8.
var ErrInvalidUTF8 = errors.New("punycode: invalid UTF-8")

// maxInput bounds the code points of one label: DNS labels hold at most
// 63 bytes, so anything much longer is refused before any arithmetic.
const maxInput = 1024

// Encode returns the Punycode of s (RFC 3492 section 6.3), without the
// ACE prefix: "bücher" gives "bcher-kva".
func Encode(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", ErrInvalidUTF8
	}
	input := []rune(s)
	if len(input) > maxInput {
		return "", ErrOverflow
	}
	var out []byte
	for _, r := range input {
		if r < initialN {
			out = append(out, byte(r))
		}
	}
	b := len(out)
	h := b
	if b > 0 {
		out = append(out, '-')
	}
	n, delta, bias := int32(initialN), int32(0), int32(initialBias)
	for h < len(input) {
		m := int32(utf8.MaxRune + 1)
		for _, r := range input {
			if r >= n && r < m {
				m = r
			}
		}
		if int64(m-n)*int64(h+1)+int64(delta) > 1<<31-1 {
			return "", ErrOverflow
		}
		delta += (m - n) * int32(h+1)
		n = m
		for _, r := range input {
			if r < n {
				delta++
				if delta < 0 {
					return "", ErrOverflow
				}
			}
			if r != n {
				continue
			}
			q := delta
			for k := int32(base); ; k += base {
				t := k - bias
				if t < tMin {
					t = tMin
				} else if t > tMax {
					t = tMax
				}
				if q < t {
					break
				}
				out = append(out, digit(t+(q-t)%(base-t)))
				q = (q - t) / (base - t)
			}
			out = append(out, digit(q))
			bias = adapt(delta, int32(h+1), h == b)
			delta = 0
			h++
		}
		delta++
		n++
	}
	return string(out), nil
}

// digit is the basic code point of a digit value 0..35 (a-z, 0-9).
func digit(d int32) byte {
	if d < 26 {
		return byte('a' + d)
	}
	return byte('0' + d - 26)
}

// adapt is the bias adaptation function of RFC 3492 section 6.1.
func adapt(delta, numPoints int32, first bool) int32 {
	if first {
		delta /= damp
	} else {
		delta /= 2
	}
	delta += delta / numPoints
	k := int32(0)
	for delta > ((base-tMin)*tMax)/2 {
		delta /= base - tMin
		k += base
	}
	return k + (base-tMin+1)*delta/(delta+skew)
}

// ToASCII returns the A-label of a label: the label itself when it is
// ASCII, else "xn--" + Encode(label). The caller lower-cases first.
func ToASCII(label string) (string, error) {
	for i := 0; i < len(label); i++ {
		if label[i] >= utf8.RuneSelf {
			enc, err := Encode(label)
			if err != nil {
				return "", err
			}
			return ACEPrefix + enc, nil
		}
	}
	return label, nil
}

// HostToASCII converts every label of a dot-separated name with ToASCII.
func HostToASCII(name string) (string, error) {
	ascii := true
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return name, nil
	}
	labels := strings.Split(name, ".")
	for i, l := range labels {
		a, err := ToASCII(l)
		if err != nil {
			return "", err
		}
		labels[i] = a
	}
	return strings.Join(labels, "."), nil
}
