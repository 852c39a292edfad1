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
		{&OutputError{Entity: "domain-name:example.com", Err: errors.New("disk full")}, "output not written"},
		{fmt.Errorf("deliver: %w", &OutputError{Entity: "x", Err: passivetotal.ErrQuotaExceeded}), "output not written"},
		{fmt.Errorf("lookup: %w", passivetotal.ErrQuotaExceeded), "quota exhausted"}, // the backend's reason
		{errors.New("connection reset"), "API error"},
	}
	for _, tt := range tests {
		if got := FailureReason(tt.err); got != tt.want {
			t.Errorf("FailureReason(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
