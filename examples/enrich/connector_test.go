package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/examples/internal/testkit/metricstest"
	"github.com/ptstix/passivetotal/opencti"
	"github.com/ptstix/passivetotal/opencti/amqp"
	"github.com/ptstix/passivetotal/opencti/openctitest"
	"github.com/ptstix/passivetotal/stix"
)

const (
	connectorID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
	// domainID is a standard_id as OpenCTI holds it: not the value's SCO id, so a
	// relationship pointing at it proves the mapping used the entity's own id.
	domainID = "domain-name--0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f"
	orgID    = "identity--c0ffee00-0000-4000-8000-000000000001"
)

func scrape(t *testing.T, m *metrics.Metrics) metricstest.Samples {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	return metricstest.Scrape(t, srv.URL+"/metrics")
}

func floatCounts(m map[string]int) map[string]float64 {
	out := map[string]float64{}
	for k, v := range m {
		if v != 0 {
			out[k] = float64(v)
		}
	}
	return out
}

// startConnector runs the enricher in connector mode until the returned stop is called;
// stop returns the exit code and stderr.
func startConnector(t *testing.T, env map[string]string, h hooks, args ...string) (stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- runWith(ctx, args, cli.MapEnv(env), strings.NewReader(""), &bytes.Buffer{}, &errb, h)
	}()
	return func() (int, string) {
		cancel()
		select {
		case code := <-done:
			return code, errb.String()
		case <-time.After(30 * time.Second):
			t.Fatal("the connector did not stop")
			return 0, ""
		}
	}
}

// waitProcessed waits until the platform has n toProcessed calls.
func waitProcessed(t *testing.T, p *openctitest.Platform, n int) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for len(p.Calls("toProcessed")) < n {
		select {
		case <-p.Changed():
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("%d toProcessed calls, want %d; calls: %v", len(p.Calls("toProcessed")), n, p.Ops())
		}
	}
}

// Connector mode without a broker: requests through a Listener, bundles through
// stixBundlePush. An in-scope domain is enriched against the simulator, with its own
// standard ID as the relationships' end, its organisation sharing copied, and its work
// closed; an entity over the maximum TLP and one out of scope are closed as skipped,
// and nothing is sent for them.
func TestConnectorModeEnrich(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	l := openctitest.NewListener(4)
	env := p.Env(connectorID, "PassiveTotal passive DNS")
	env["RISKIQ_MAX_TLP"] = "TLP:AMBER"
	var m *metrics.Metrics
	h := hooks{connector: []opencti.Option{opencti.WithListener(l)},
		metrics: func(mm *metrics.Metrics, _ *metrics.Server) { m = mm }}

	l.Send(openctitest.EnrichmentBody("w-domain", "Domain-Name", map[string]any{
		"type": "domain-name", "spec_version": "2.1", "id": domainID, "value": "example.com",
		"object_marking_refs": []string{stix.TLPGreenID}, "x_opencti_granted_refs": []string{orgID}}))
	l.Send(openctitest.EnrichmentBody("w-red", "IPv4-Addr", map[string]any{
		"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--8f2a0b3c-0000-4000-8000-000000000001", "value": "198.51.100.7",
		"object_marking_refs": []string{stix.TLPRedID}}))
	l.Send(openctitest.EnrichmentBody("w-url", "Url", map[string]any{
		"type": "url", "spec_version": "2.1", "id": "url--8f2a0b3c-0000-4000-8000-000000000002", "value": "https://example.com/"}))

	stop := startConnector(t, env, h, "-demo")
	waitProcessed(t, p, 3)
	code, stderr := stop()
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}

	msgs := map[string]openctitest.Call{}
	for _, c := range p.Calls("toProcessed") {
		msgs[c.Str("id")] = c
	}
	if c := msgs["w-domain"]; c.Vars["inError"] != false || !strings.Contains(c.Str("message"), "example.com") {
		t.Errorf("domain work closed with %v", c.Vars)
	}
	if c := msgs["w-red"]; !strings.Contains(c.Str("message"), "TLP:RED") {
		t.Errorf("TLP:RED work closed with %v", c.Vars)
	}
	if c := msgs["w-url"]; !strings.Contains(c.Str("message"), "scope") {
		t.Errorf("out-of-scope work closed with %v", c.Vars)
	}
	if n := len(p.Calls("toReceived")); n != 3 {
		t.Errorf("%d toReceived, want 3", n)
	}

	bundles := p.Bundles(t)
	if len(bundles) != 1 || bundles[0].WorkID != "w-domain" {
		t.Fatalf("bundles: %d, work ids %v", len(bundles), bundles)
	}
	// granted_refs name an organisation the platform holds, not one in the bundle, so
	// stix.ValidateBundle's dangling-reference check would refuse it (as it would
	// pycti's); the mapping's output is validated by the CLI tests.
	rels, pointing := 0, 0
	for _, o := range bundles[0].Objects {
		if o["type"] == "relationship" {
			rels++
			if o["source_ref"] == domainID || o["target_ref"] == domainID {
				pointing++
			}
		}
		if !strings.Contains(mustJSON(o), orgID) {
			t.Errorf("%v %v does not carry the entity's granted_refs", o["type"], o["id"])
		}
	}
	if rels == 0 || pointing != rels {
		t.Errorf("%d of %d relationships point at the entity's standard id %s", pointing, rels, domainID)
	}

	s := scrape(t, m)
	if got := s.Get("ptstix_entities_processed_total"); got != 1 {
		t.Errorf("entities processed = %v, want 1", got)
	}
	if got := s.Get("ptstix_bundles_sent_total"); got != 1 {
		t.Errorf("bundles sent = %v, want 1", got)
	}
	if d := cmp.Diff(floatCounts(bundles[0].CountByType()), s.ByLabel("ptstix_stix_objects_emitted_total", "type")); d != "" {
		t.Errorf("objects by type (-bundle +metrics):\n%s", d)
	}
	if s.Sum("ptstix_api_requests_total", "endpoint", "/dns/passive") == 0 {
		t.Errorf("no passive DNS request counted:\n%s", s)
	}
	if !s.Has("ptstix_api_quota_remaining") {
		t.Error("quota left not recorded (the enricher's quota guard knows it)")
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Over a real RabbitMQ (CI): a request published on the listen queue yields one
// message on the push queue with the request's work id.
func TestConnectorModeEnrichOverAMQP(t *testing.T) {
	t.Parallel()
	b := openctitest.NewRealBroker(t)
	id := "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6e"
	b.Declare(id)
	p := openctitest.New(t, b.Conn)
	env := p.Env(id, "PassiveTotal passive DNS")
	env["CONNECTOR_QUEUE_PROTOCOL"] = "amqp"
	h := hooks{connector: []opencti.Option{opencti.WithAMQPOptions(amqp.Options{MinBackoff: 50 * time.Millisecond, MaxBackoff: 400 * time.Millisecond})}}
	b.Request(id, openctitest.EnrichmentBody("w-amqp", "Domain-Name", map[string]any{
		"type": "domain-name", "spec_version": "2.1", "id": domainID, "value": "example.com"}))
	stop := startConnector(t, env, h, "-demo")
	waitProcessed(t, p, 1)
	if code, stderr := stop(); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	bundles, n := b.DrainBundles("push_" + id)
	if len(bundles) != 1 || n != len(bundles[0].Objects) {
		t.Fatalf("%d bundles in %d messages on the push queue, want 1 bundle of one message per object", len(bundles), n)
	}
	bundle := bundles[0]
	if bundle.WorkID != "w-amqp" || bundle.CountByType()["relationship"] == 0 {
		t.Errorf("push message: work %q, %v", bundle.WorkID, bundle.CountByType())
	}
	if exp := p.Calls("addExpectations"); len(exp) != 1 || exp[0].Vars["expectations"] != float64(n) || exp[0].Str("id") != "w-amqp" {
		t.Errorf("addExpectations: %+v, want one call for %d on w-amqp", exp, n)
	}
	if c := p.Calls("toProcessed"); c[0].Vars["inError"] != false {
		t.Errorf("work closed in error: %v", c[0].Vars)
	}
}

func TestConnectorModeEnrichBadConfiguration(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	env := p.Env(connectorID, "x")
	withScope := func(m map[string]string, k, v string) map[string]string {
		out := map[string]string{}
		for a, b := range m {
			out[a] = b
		}
		out[k] = v
		return out
	}
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		setting string
	}{
		{"entities on the command line", env, []string{"-demo", "-entity", "domain-name:example.com"}, "-connector"},
		{"bad connector id", withScope(env, "CONNECTOR_ID", "not-a-uuid"), []string{"-demo"}, "CONNECTOR_ID"},
		{"bad metrics port", withScope(env, "CONNECTOR_METRICS_PORT", "x"), []string{"-demo"}, "CONNECTOR_METRICS_PORT"},
		{"bad auto update", withScope(env, "CONNECTOR_AUTO_UPDATE", "often"), []string{"-demo"}, "CONNECTOR_AUTO_UPDATE"},
		{"bad only contextual", withScope(env, "CONNECTOR_ONLY_CONTEXTUAL", "2"), []string{"-demo"}, "CONNECTOR_ONLY_CONTEXTUAL"},
		{"broker CA missing", withScope(env, "MQ_USE_SSL_CA", "/nonexistent/ca.pem"), []string{"-demo"}, "MQ_USE_SSL_CA"},
		{"bad broker verification switch", withScope(env, "MQ_USE_SSL_REJECT_UNAUTHORIZED", "nah"), []string{"-demo"}, "MQ_USE_SSL_REJECT_UNAUTHORIZED"},
		{"bad platform verification", withScope(env, "OPENCTI_SSL_VERIFY", "/nonexistent/ca.pem"), []string{"-demo"}, "OPENCTI_SSL_VERIFY"},
	}
	t.Cleanup(func() { // after the parallel subtests
		if len(p.Calls()) != 0 {
			t.Errorf("a bad configuration reached the platform: %v", p.Ops())
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runEnrich(t, context.Background(), tt.env, "", tt.args...)
			if r.code != cli.ExitConfig || !strings.Contains(r.stderr, tt.setting) {
				t.Errorf("exit %d, want %d naming %s:\n%s", r.code, cli.ExitConfig, tt.setting, r.stderr)
			}
		})
	}
}
