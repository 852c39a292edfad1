package httpcore

import (
	"errors"
	"fmt"
)

// ErrPageBudget matches a *PageBudgetError.
var ErrPageBudget = errors.New("passivetotal: page budget spent")

// PageBudgetError reports a listing that was still going when its page
// budget was spent: a server whose cursor never ends, or that keeps
// handing out new items, must not make a caller loop (and spend its
// quota) forever. What was read before is kept by the caller.
type PageBudgetError struct {
	Listing string // what was listed: "passive DNS pager", "article listing"
	Pages   int    // pages read, the budget

	service string // prefix of Error(); empty means "passivetotal"
}

// NewPageBudgetError is the error of c's listing after pages pages.
func (c *Client) NewPageBudgetError(listing string, pages int) *PageBudgetError {
	return &PageBudgetError{Listing: listing, Pages: pages, service: c.service()}
}

// Error names the listing and the budget.
func (e *PageBudgetError) Error() string {
	return fmt.Sprintf("%s: %s still going after %d pages", prefix(e.service), e.Listing, e.Pages)
}

// Is matches ErrPageBudget.
func (e *PageBudgetError) Is(target error) bool { return target == ErrPageBudget }
