package passivetotal_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/ptstix/passivetotal"
)

// Listing articles walks every page; breaking out of the loop stops the
// requests. Needs the network and credentials, so it is compiled only.
func ExampleClient_ListArticles() {
	c, err := passivetotal.NewClient(os.Getenv("PT_USERNAME"), os.Getenv("PT_API_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	opts := &passivetotal.ArticleListOptions{
		CreatedAfter: time.Now().AddDate(0, 0, -7),
		Sort:         "created",
		Order:        "asc",
	}
	for a, err := range c.ListArticles(context.Background(), opts) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.GUID, a.Title, len(a.Indicators))
	}
}

// Fetching passive DNS for the last 30 days. Compiled only: it needs the
// network.
func ExampleClient_PassiveDNS() {
	c, err := passivetotal.NewClient(os.Getenv("PT_USERNAME"), os.Getenv("PT_API_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	opts := passivetotal.LastDays(time.Now(), 30)
	opts.Sources = []string{"riskiq"}
	pdns, _, err := c.PassiveDNS(context.Background(), "passivetotal.org", opts)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range pdns.Results {
		fmt.Println(r.RecordType, r.Resolve, r.FirstSeen.Time, r.LastSeen.Time)
	}
}

// Streaming a saved passive DNS body record by record, in bounded memory.
func ExamplePassiveDNSRecords() {
	body := `{"queryValue":"shop.example.org","queryType":"domain","totalRecords":2,"pager":null,"results":[
	  {"firstSeen":"2022-06-14 11:22:21","lastSeen":"2023-06-23 23:34:35","value":"shop.example.org",
	   "resolve":"203.0.113.7","resolveType":"ip","recordType":"A","source":["riskiq"]},
	  {"firstSeen":"2020-10-09 17:49:22","lastSeen":"N/A","value":"shop.example.org",
	   "resolve":"ns1.dns-host.example.","resolveType":"domain","recordType":"SOA","source":"riskiq"}]}`
	hdr, records := passivetotal.PassiveDNSRecords(strings.NewReader(body))
	for r, err := range records {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %s %s (last seen valid: %v)\n", hdr.QueryValue, r.RecordType, r.Resolve, r.LastSeen.Valid())
	}
	// Output:
	// shop.example.org A 203.0.113.7 (last seen valid: true)
	// shop.example.org SOA ns1.dns-host.example. (last seen valid: false)
}

// Telling saved bodies apart, as a directory converter does.
func ExampleDecode() {
	kind, v, err := passivetotal.Decode(strings.NewReader(`{"success":true,"totalRecords":1,
	  "articles":[{"guid":"e86878b1","title":"Spam farm","publishedDate":"2021-03-05T08:00:00.000+0000"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	list := v.(*passivetotal.ArticleList)
	fmt.Println(kind, list.Articles[0].GUID, list.Articles[0].PublishedDate.Time)
	// Output: an articles listing e86878b1 2021-03-05 08:00:00 +0000 UTC
}

// Times are lenient: every format the API uses, and the original text kept.
func ExampleParseTime() {
	for _, s := range []string{"2019-10-05 21:51:41", "2021-03-05T08:00:00.000+0000", "Mon Aug 29 20:00:00 VET 2016", "1383116400000"} {
		t, err := passivetotal.ParseTime(s)
		fmt.Println(t, err)
	}
	// Output:
	// 2019-10-05 21:51:41 +0000 UTC <nil>
	// 2021-03-05 08:00:00 +0000 UTC <nil>
	// 2016-08-30 00:00:00 +0000 UTC <nil>
	// 2013-10-30 07:00:00 +0000 UTC <nil>
}
