package enricher

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ptstix/passivetotal"
)

func TestFailureReason(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("lookup: %w", passivetotal.ErrQuotaExceeded), "quota exhausted"},
		{passivetotal.ErrUnauthorized, "unauthorized"},
		{passivetotal.ErrNotPermitted, "not permitted"},
		{passivetotal.ErrNotFound, "not found"},
		{passivetotal.ErrThrottled, "throttled"},
		{fmt.Errorf("dns: %w", &passivetotal.InvalidQueryError{Query: "-", Reason: "not a name"}), "invalid query"},
		{errors.New("connection reset"), "API error"},
	}
	for _, tt := range tests {
		if got := FailureReason(tt.err); got != tt.want {
			t.Errorf("FailureReason(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
