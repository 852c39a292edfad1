package mapping

import "slices"

// sortEntries sorts entries most wanted first.
func sortEntries(es []*relEntry) {
	slices.SortFunc(es, func(a, b *relEntry) int { return a.compare(b) })
}
