package mdti_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

func ExampleClient_ListIntelProfiles() {
	sim := mdtitest.Start(mdtitest.Config{})
	defer sim.Close()
	client := newExampleClient(sim)
	ctx := context.Background()

	for p, err := range client.ListIntelProfiles(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		var inds []mdti.IntelProfileIndicator
		for ind, err := range client.ListIntelProfileIndicators(ctx, p.ID) {
			if err != nil {
				log.Fatal(err)
			}
			inds = append(inds, ind)
		}
		bundle, skips, err := mapping.ProfileBundle(p, inds, mapping.ProfileOptions{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %q: %d indicators, %d STIX objects, %d skipped\n", p.Kind, p.Title, len(inds), len(bundle.Objects), len(skips))
	}
	// Output:
	// actor "Example Tempest": 8 indicators, 40 STIX objects, 1 skipped
	// actor "Sample Blizzard": 5 indicators, 27 STIX objects, 2 skipped
	// tool "ExampleLoader": 4 indicators, 20 STIX objects, 0 skipped
}

func ExampleClient_GetVulnerability() {
	sim := mdtitest.Start(mdtitest.Config{})
	defer sim.Close()
	client := newExampleClient(sim)
	ctx := context.Background()

	v, _, err := client.GetVulnerability(ctx, "CVE-2021-44228")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v.ID, v.Severity, *v.CVSS3.Score)
	for c, err := range client.ListVulnerabilityComponents(ctx, v.ID) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("affects", c.Name)
	}
	_, _, err = client.GetVulnerability(ctx, "CVE-1999-0001")
	fmt.Println(errors.Is(err, mdti.ErrNotFound))
	// Output:
	// CVE-2021-44228 critical 10
	// affects Example Log Library 2.14.1
	// affects Example Application Server 9
	// true
}
