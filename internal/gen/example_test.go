package gen_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/ptstix/passivetotal/internal/gen"
)

// A passive DNS answer is streamed in the API's JSON shape; the same seed
// always gives the same bytes.
func ExampleWritePassiveDNS() {
	var sb strings.Builder
	if _, err := gen.WritePassiveDNS(&sb, gen.DNSOptions{Seed: 1, Query: "example.com", Records: 9}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	var answer struct {
		TotalRecords int
		Results      []struct{ RecordType, ResolveType string }
	}
	if err := json.Unmarshal([]byte(sb.String()), &answer); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println(answer.TotalRecords)
	for _, r := range answer.Results {
		fmt.Println(r.RecordType, r.ResolveType)
	}
	// Output:
	// 9
	// A ip
	// AAAA ip
	// CNAME domain
	// NS domain
	// MX domain
	// SOA email
	// SOA domain
	// TXT (SPF1) domain
	// SOA email
}
