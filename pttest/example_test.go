package pttest_test

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/ptstix/passivetotal/pttest"
)

// Start a simulator, make one failing and one good passive DNS call with a
// plain net/http client, and look at what the server saw.
func ExampleStart() {
	srv := pttest.Start(pttest.Config{})
	defer srv.Close()
	srv.Inject(pttest.Fault{Kind: pttest.FaultThrottle, RetryAfter: pttest.RetryAfterSeconds(1), Times: 1})

	for range 2 {
		req, _ := http.NewRequest(http.MethodGet, srv.BaseURL()+"/dns/passive?query=passivetotal.org", nil)
		req.SetBasicAuth(pttest.DefaultUsername, pttest.DefaultAPIKey)
		resp, err := srv.Client().Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		var answer struct {
			QueryType    string
			TotalRecords int
		}
		json.NewDecoder(resp.Body).Decode(&answer)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("Retry-After"), answer.QueryType, answer.TotalRecords)
	}
	srv.WaitIdle()
	for _, r := range srv.Requests() {
		fmt.Println(r.Endpoint, r.Fault, r.Status, r.Search)
	}
	used, limit := srv.Quota()
	fmt.Printf("quota %d/%d\n", used, limit)
	// Output:
	// 429 1  0
	// 200  domain 40
	// /dns/passive throttle 429 false
	// /dns/passive none 200 true
	// quota 1/1000
}
