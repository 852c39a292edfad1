package mapping

import "slices"

// sortEntries sorts entries most wanted first (the reverse of relEntry.less).
func sortEntries(es []*relEntry) {
	slices.SortFunc(es, func(a, b *relEntry) int {
		switch {
		case b.less(a):
			return -1
		case a.less(b):
			return 1
		}
		return 0
	})
}
