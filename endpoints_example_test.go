package passivetotal_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/ptstix/passivetotal"
)

// The article iterator against a local server that pages its answer: the
// loop sees every article, and the server sees one request per page.
func ExampleClient_ListArticles_paging() {
	pages := map[string]string{
		"0": `{"totalRecords":3,"articles":[{"guid":"a1","title":"First"},{"guid":"a2","title":"Second"}]}`,
		"1": `{"totalRecords":3,"articles":[{"guid":"a3","title":"Third","publishedDate":null}]}`,
	}
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		fmt.Fprint(w, pages[r.URL.Query().Get("page")])
	}))
	defer srv.Close()
	client, err := passivetotal.NewClient("analyst@example.com", "api-key", passivetotal.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	for a, err := range client.ListArticles(context.Background(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.GUID, a.Title)
	}
	fmt.Println(requests, "requests")
	// Output:
	// a1 First
	// a2 Second
	// a3 Third
	// 2 requests
}

// Passive DNS for the last 30 days before a fixed instant, against a local
// server: start is computed from the instant passed in, and odd
// timestamps ("N/A") keep their text.
func ExampleClient_PassiveDNS_lastDays() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"queryValue":%q,"queryType":"domain","totalRecords":1,"pager":null,"results":[
			{"firstSeen":"2023-09-20 10:00:00","lastSeen":"N/A","value":%[1]q,"resolve":"203.0.113.7",
			 "resolveType":"ip","recordType":"A","source":"riskiq","recordHash":"ab12"}]}`, r.URL.Query().Get("query"))
		fmt.Println("start =", r.URL.Query().Get("start"))
	}))
	defer srv.Close()
	client, err := passivetotal.NewClient("analyst@example.com", "api-key", passivetotal.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	now := time.Date(2023, 10, 6, 12, 0, 0, 0, time.UTC)
	pdns, _, err := client.PassiveDNS(context.Background(), "shop.example.org", passivetotal.LastDays(now, 30))
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range pdns.Results {
		fmt.Println(r.RecordType, r.Resolve, r.Source, r.FirstSeen.Format(time.DateOnly), r.LastSeen.Valid(), r.LastSeen.Raw)
	}
	// Output:
	// start = 2023-09-06 12:00:00
	// A 203.0.113.7 [riskiq] 2023-09-20 false N/A
}
