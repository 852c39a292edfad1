package passivetotal_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ptstix/passivetotal"
)

// callCounter counts attempts by endpoint and outcome, as a metrics
// adapter would (a Prometheus CounterVec in a real connector).
type callCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *callCounter) ObserveAttempt(_ context.Context, a passivetotal.Attempt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := a.Endpoint + " " + a.StatusClass()
	if a.Retry() {
		key += " (retry)"
	}
	c.counts[key]++
}

// This example counts API attempts with an Observer. The server fails the
// first passive DNS request with a 503; the client retries it.
func ExampleWithObserver() {
	var failed atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/dns/passive" && failed.CompareAndSwap(false, true) {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `{"queryValue":"example.com","totalRecords":0,"results":[]}`)
	}))
	defer srv.Close()

	counter := &callCounter{counts: map[string]int{}}
	client, err := passivetotal.NewClient("analyst@example.com", "api-key",
		passivetotal.WithBaseURL(srv.URL+"/v2"), // loopback: plain http is allowed
		passivetotal.WithObserver(counter),
		passivetotal.WithRetryPolicy(passivetotal.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for range 2 {
		if _, _, err := client.PassiveDNS(ctx, "example.com", nil); err != nil {
			log.Fatal(err)
		}
	}

	keys := make([]string, 0, len(counter.counts))
	for k := range counter.counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Println(k, counter.counts[k])
	}
	// Output:
	// /dns/passive 2xx 1
	// /dns/passive 2xx (retry) 1
	// /dns/passive 5xx 1
}
