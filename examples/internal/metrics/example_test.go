package metrics_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/examples/internal/testkit/metricstest"
)

// A program creates one Metrics, passes it to the client as its Observer and to its run
// as a cli.Observer, and serves it; here the scrape goes through an httptest server.
func Example() {
	m := metrics.New(metrics.Options{Items: "entities"})
	// passivetotal.NewClient(user, key, passivetotal.WithObserver(m)) reports attempts:
	m.ObserveAttempt(context.Background(), passivetotal.Attempt{Endpoint: "/dns/passive", Number: 1, StatusCode: 200})
	// the run's events, next to the summary in cli.Observers:
	run := cli.Observers{cli.NewSummary("entities"), m}
	run.Observe(cli.Event{Kind: cli.RunStarted})
	run.Observe(cli.Event{Kind: cli.BundleWritten, Objects: map[string]int{"domain-name": 1, "ipv4-addr": 2, "relationship": 2}})
	run.Observe(cli.Event{Kind: cli.ItemDone, Item: "domain-name:example.com"})
	run.Observe(cli.Event{Kind: cli.RunFinished})

	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	s, err := metricstest.Parse(resp.Body)
	if err != nil {
		panic(err)
	}
	fmt.Println("requests:", s.Get("ptstix_api_requests_total", "endpoint", "/dns/passive", "outcome", "2xx"))
	fmt.Println("entities:", s.Get("ptstix_entities_processed_total"))
	fmt.Println("ipv4-addr:", s.Get("ptstix_stix_objects_emitted_total", "type", "ipv4-addr"))
	fmt.Println("idle:", s.Get("ptstix_connector_state", "state", "idle"))
	// Output:
	// requests: 1
	// entities: 1
	// ipv4-addr: 2
	// idle: 1
}
