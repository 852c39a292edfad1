package mapping

import (
	"strings"
	"unicode/utf8"
)

// provenance returns a record's source[] and recordHash as a relationship
// can carry them (x_passivetotal_sources, x_passivetotal_record_hash).
// Text that is not valid UTF-8 or holds a NUL cannot be marshalled (or
// would reach OpenCTI as a NUL): it is repaired like the article's free
// text ([safeText]) rather than skipped, because a garbled source name
// says nothing against the resolution the record proves. The usual clean
// case returns its arguments and allocates nothing.
func provenance(sources []string, hash string) ([]string, string) {
	if !plainText(hash) {
		hash = safeText(hash)
	}
	for i, s := range sources {
		if plainText(s) {
			continue
		}
		out := make([]string, len(sources))
		copy(out, sources[:i])
		for j := i; j < len(sources); j++ {
			out[j] = safeText(sources[j])
		}
		return out, hash
	}
	return sources, hash
}

// plainText reports whether s marshals as it is and holds no NUL.
func plainText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}
