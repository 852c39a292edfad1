package passivetotal

import "github.com/ptstix/passivetotal/internal/lenient"

// The wire structs read loose JSON through package lenient, which the
// Graph client's models share; these names keep the decoders short.
type (
	flexString      = lenient.String
	flexInt         = lenient.Int
	flexList[T any] = lenient.List[T]
	flexBool        = lenient.Bool
)

func flexStrings(l flexList[flexString]) []string { return lenient.Strings(l) }
func parseFlexInt(text string) (int, error)       { return lenient.ParseInt(text) }
func isPlaceholder(s string) bool                 { return lenient.IsPlaceholder(s) }
func unquoteJSON(b []byte) (string, error)        { return lenient.Unquote(b) }
