package mapping_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
)

// A saved host-attributes answer of any dataset decodes with Decode and maps
// with Dataset; the trackers become text observables related to the host.
func ExampleDataset() {
	body := `{"totalRecords":1,"success":true,"results":[{"hostname":"www.example.com",
	  "attributeType":"GoogleAnalyticsTrackingId","attributeValue":"UA-1234-1",
	  "firstSeen":"2025-01-02 03:04:05","lastSeen":"2026-01-02 03:04:05"}]}`
	kind, answer, err := passivetotal.Decode(strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	r, err := mapping.Dataset(mapping.Entity{}, answer, mapping.HostOptions{Observed: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		panic(err)
	}
	fmt.Println(kind)
	for _, o := range r.Objects {
		fmt.Println(o.Type())
	}
	// Output:
	// a trackers answer
	// domain-name
	// text
	// relationship
}

// Whois maps the contacts, name servers and organisations of a record; a
// contact e-mail that is not one is a skip.
func ExampleWhois() {
	rec := &passivetotal.WhoisRecord{
		Domain: "example.com", Registrar: "Example Registrar, Inc.", NameServers: []string{"ns1.example.net"},
		Contacts: []passivetotal.WhoisContact{{Role: "registrant", Email: "owner@example.com"}, {Role: "admin", Email: "not an e-mail"}},
	}
	r, err := mapping.Whois(mapping.Entity{}, rec, mapping.HostOptions{})
	if err != nil {
		panic(err)
	}
	for _, o := range r.Objects {
		fmt.Println(o.Type())
	}
	for _, s := range r.Skips {
		fmt.Println(s)
	}
	// Output:
	// domain-name
	// email-addr
	// relationship
	// domain-name
	// relationship
	// identity
	// relationship
	// note
	// WHOIS e-mail "not an e-mail": not a valid e-mail address
}
