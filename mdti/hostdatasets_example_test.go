package mdti_test

import (
	"fmt"
	"strings"

	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
)

// A saved GET /hosts/{id}/components page converts offline: DecodeDataset
// gives the root package's model and mapping.Dataset maps it as it maps
// PassiveTotal's answer.
func ExampleDecodeDataset() {
	body := `{"value":[{"@odata.type":"#microsoft.graph.security.hostComponent","id":"c1",
	  "firstSeenDateTime":"2023-02-28T00:00:19Z","lastSeenDateTime":"2023-03-06T23:58:55Z",
	  "name":"Microsoft-IIS","version":"10.0","category":"Server","host":{"id":"www.example.com"}}]}`
	answer, err := mdti.DecodeDataset(strings.NewReader(body), "www.example.com")
	if err != nil {
		fmt.Println(err)
		return
	}
	e, _ := mapping.NewEntity("www.example.com")
	r, err := mapping.Dataset(e, answer, mapping.HostOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range r.Objects {
		fmt.Println(o.Type())
	}
	// Output:
	// domain-name
	// software
	// relationship
}
