package mdti_test

import (
	"errors"
	"fmt"
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
)

func ExampleDecodeIntelProfiles() {
	body := `{"@odata.nextLink":"https://graph.microsoft.com/v1.0/security/threatIntelligence/intelProfiles?$skip=1",
	  "value":[{"id":"p1","kind":"actor","title":"Example Tempest","aliases":["EX-1"],
	            "countriesOrRegionsOfOrigin":[{"code":"ru","label":"Russia"}],
	            "summary":{"content":"A financially motivated group.","format":"text"}}]}`
	page, err := mdti.DecodeIntelProfiles(strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range page.Profiles {
		fmt.Println(p.Kind, p.Title, p.Aliases, p.Origins[0].Code, p.Summary.Content)
	}
	fmt.Println("more:", page.NextLink != "")
	// Output:
	// actor Example Tempest [EX-1] RU A financially motivated group.
	// more: true
}

func ExampleDecodeVulnerability() {
	_, err := mdti.DecodeVulnerability(strings.NewReader(`{"error":{"code":"itemNotFound","message":"Not found"}}`))
	fmt.Println(errors.Is(err, passivetotal.ErrNotFound))
	fmt.Println(err)
	// Output:
	// true
	// mdti: saved body is not a vulnerability: Graph error "itemNotFound": "Not found"
}
