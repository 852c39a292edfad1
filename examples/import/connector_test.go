package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/examples/internal/testkit/bundletest"
	"github.com/ptstix/passivetotal/examples/internal/testkit/metricstest"
	"github.com/ptstix/passivetotal/opencti"
	"github.com/ptstix/passivetotal/opencti/amqp"
	"github.com/ptstix/passivetotal/opencti/openctitest"
)

const connectorID = "4e0b7c6e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"

// capture keeps the run's metrics for a scrape after the run.
func capture(dst **metrics.Metrics) func(*metrics.Metrics, *metrics.Server) {
	return func(m *metrics.Metrics, _ *metrics.Server) { *dst = m }
}

func scrape(t *testing.T, m *metrics.Metrics) metricstest.Samples {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	return metricstest.Scrape(t, srv.URL+"/metrics")
}

// platformBundles joins what the platform received into a stream bundletest checks
// (every bundle parses and validates).
func platformBundles(t *testing.T, p *openctitest.Platform, workID string) *bundletest.Set {
	t.Helper()
	var lines []string
	for _, b := range p.Bundles(t) {
		if b.WorkID != workID {
			t.Errorf("bundle %s pushed with work %q, want %q", b.ID, b.WorkID, workID)
		}
		lines = append(lines, string(b.Raw))
	}
	return bundletest.ReadStream(t, []byte(strings.Join(lines, "\n")))
}

// Connector mode over the API protocol (no broker): registration, one work, every
// bundle pushed with its work id, the work closed with the run's summary, the state
// saved through the ping; a restart reads that state back and sends nothing again.
// The metrics count what the platform received.
func TestConnectorModeOverAPI(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	env := p.Env(connectorID, "PassiveTotal articles")
	var m *metrics.Metrics
	r := runImportWith(t, context.Background(), hooks{metrics: capture(&m)}, env, "-demo")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	ops := p.Ops()
	if len(ops) < 6 || ops[0] != "registerConnector" || ops[1] != "connector" || ops[2] != "workAdd" || ops[len(ops)-1] != "pingConnector" {
		t.Fatalf("calls: %v", ops)
	}
	set := platformBundles(t, p, "work-1")
	if len(set.Names) == 0 {
		t.Fatal("no bundle pushed")
	}
	done := p.Calls("toProcessed")
	if len(done) != 1 || done[0].Vars["inError"] != false || !strings.Contains(done[0].Str("message"), "article(s) sent") {
		t.Errorf("toProcessed = %+v", done)
	}
	var st cli.State
	if err := json.Unmarshal([]byte(p.State(connectorID)), &st); err != nil {
		t.Fatalf("platform state %q: %v", p.State(connectorID), err)
	}
	if st.LastArticleTime.IsZero() || len(st.SentGUIDs) == 0 {
		t.Errorf("platform state without cursor: %+v", st)
	}

	// The metrics agree with the platform and the summary.
	s := scrape(t, m)
	if got := s.Get("ptstix_bundles_sent_total"); got != float64(len(set.Names)) {
		t.Errorf("bundles_sent = %v, platform got %d", got, len(set.Names))
	}
	if d := cmp.Diff(floatCounts(set.Counts()), s.ByLabel("ptstix_stix_objects_emitted_total", "type")); d != "" {
		t.Errorf("objects by type (-platform +metrics):\n%s", d)
	}
	if got := s.Get("ptstix_articles_processed_total"); got != float64(len(set.Names)) {
		t.Errorf("articles processed = %v, want %d", got, len(set.Names))
	}
	if got := s.Get("ptstix_runs_total", "outcome", "success"); got != 1 {
		t.Errorf("successful runs = %v", got)
	}
	if got := s.Get("ptstix_connector_state", "state", "stopped"); got != 1 {
		t.Errorf("state after exit: %v", s.ByLabel("ptstix_connector_state", "state"))
	}

	// Restart: the state comes from the platform, nothing is sent twice.
	before := len(p.Bundles(t))
	r = runImport(t, context.Background(), env, "-demo")
	if r.code != 0 {
		t.Fatalf("second run: exit %d\n%s", r.code, r.stderr)
	}
	if after := len(p.Bundles(t)); after != before {
		t.Errorf("second run pushed %d more bundles", after-before)
	}
	done = p.Calls("toProcessed")
	if got := done[len(done)-1].Str("message"); !strings.HasPrefix(got, "0 article(s) sent") {
		t.Errorf("second run's work message %q", got)
	}
}

// A pycti-style config.yml is read under the environment, and a state file from a
// CLI deployment seeds the platform's empty state.
func TestConnectorModeConfigYMLAndStateFile(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	dir := t.TempDir()
	// A first CLI run leaves a state file.
	statePath := filepath.Join(dir, "state.json")
	if r := runImport(t, context.Background(), nil, "-demo", "-out", filepath.Join(dir, "out"), "-state", statePath); r.code != 0 {
		t.Fatalf("CLI run: exit %d\n%s", r.code, r.stderr)
	}
	yml := "opencti:\n  url: '" + p.URL() + "'\n  token: '" + openctitest.Token + "'\nconnector:\n  id: '" + connectorID +
		"'\n  name: 'PT'\n  queue_protocol: 'api'\n  log_level: 'error'\n"
	cfgPath := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(cfgPath, []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runImport(t, context.Background(), nil, "-config", cfgPath, "-demo", "-state", statePath)
	if r.code != 0 {
		t.Fatalf("connector run: exit %d\n%s", r.code, r.stderr)
	}
	if n := len(p.Bundles(t)); n != 0 {
		t.Errorf("%d bundles pushed: the state file's articles were sent again", n)
	}
	if p.State(connectorID) == "" {
		t.Error("the state did not reach the platform")
	}
}

// with returns a copy of env with k set to v.
func with(env map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range env {
		if a != k {
			out[a] = b
		}
	}
	return out
}

// CONNECTOR_RUN_AND_TERMINATE: one run, exit 0, whatever the interval.
func TestConnectorModeRunAndTerminate(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	env := with(p.Env(connectorID, "PassiveTotal articles"), "CONNECTOR_RUN_AND_TERMINATE", "true")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	r := runImport(t, ctx, env, "-demo", "-interval", "1h")
	if r.code != 0 || ctx.Err() != nil {
		t.Fatalf("exit %d (ctx %v)\n%s", r.code, ctx.Err(), r.stderr)
	}
	if n := len(p.Calls("workAdd")); n != 1 {
		t.Errorf("%d runs, want 1", n)
	}
}

func TestConnectorModeBadConfiguration(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		setting string
	}{
		{"no connector id", map[string]string{"OPENCTI_URL": p.URL(), "OPENCTI_TOKEN": "x"}, []string{"-demo"}, "CONNECTOR_ID"},
		{"-connector without a URL", nil, []string{"-connector", "-demo"}, "OPENCTI_URL"},
		{"bad metrics switch", map[string]string{"CONNECTOR_EXPOSE_METRICS": "sometimes"}, []string{"-demo", "-out", "-"}, "CONNECTOR_EXPOSE_METRICS"},
		{"bad metrics port", map[string]string{"CONNECTOR_METRICS_PORT": "99999"}, []string{"-demo", "-out", "-"}, "CONNECTOR_METRICS_PORT"},
		{"missing config file", nil, []string{"-config", "/nonexistent/config.yml", "-demo", "-out", "-"}, "-config"},
		{"bad run and terminate", with(p.Env(connectorID, "x"), "CONNECTOR_RUN_AND_TERMINATE", "sometimes"), []string{"-demo"}, "CONNECTOR_RUN_AND_TERMINATE"},
		{"bad queue threshold", with(p.Env(connectorID, "x"), "CONNECTOR_QUEUE_THRESHOLD", "big"), []string{"-demo"}, "CONNECTOR_QUEUE_THRESHOLD"},
		{"negative duration", with(p.Env(connectorID, "x"), "CONNECTOR_DURATION_PERIOD", "-PT1H"), []string{"-demo"}, "CONNECTOR_DURATION_PERIOD"},
		{"bad client key passphrase", with(with(with(p.Env(connectorID, "x"), "MQ_USE_SSL_CERT", "../../opencti/testdata/tls/client.pem"),
			"MQ_USE_SSL_KEY", "../../opencti/testdata/tls/pkcs8.key"), "MQ_USE_SSL_PASSPHRASE", "not-the-one"), []string{"-demo"}, "MQ_USE_SSL_PASSPHRASE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runImport(t, context.Background(), tt.env, tt.args...)
			if r.code != cli.ExitConfig || !strings.Contains(r.stderr, tt.setting) {
				t.Errorf("exit %d, want %d naming %s:\n%s", r.code, cli.ExitConfig, tt.setting, r.stderr)
			}
			if len(p.Calls()) != 0 {
				t.Errorf("a bad configuration reached the platform: %v", p.Ops())
			}
		})
	}
}

// With CONNECTOR_EXPOSE_METRICS the server answers during the run on the chosen port and
// is gone after it.
func TestMetricsServerLifecycle(t *testing.T) {
	t.Parallel()
	env := map[string]string{"CONNECTOR_EXPOSE_METRICS": "true", "CONNECTOR_METRICS_PORT": "0"}
	var url string
	h := hooks{metrics: func(m *metrics.Metrics, srv *metrics.Server) {
		url = srv.URL()
		if url == "" {
			t.Error("metrics exposed but no server")
			return
		}
		resp, err := http.Get(url + "/healthz")
		if err != nil {
			t.Errorf("healthz during the run: %v", err)
			return
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("healthz during the run: %s", resp.Status)
		}
		if s := metricstest.Scrape(t, url+"/metrics"); !s.Has("ptstix_articles_processed_total") {
			t.Errorf("metrics during the run: %v", s.Names())
		}
	}}
	r := runImportWith(t, context.Background(), h, env, "-demo", "-out", t.TempDir())
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	c := &http.Client{Timeout: 2 * time.Second}
	if resp, err := c.Get(url + "/healthz"); err == nil {
		resp.Body.Close()
		t.Error("metrics server still up after the program returned")
	}
}

// Connector mode over a real RabbitMQ (CI): one persistent QUEUE_BUNDLE message per
// bundle on the push queue, with the run's work id and the connector user.
func TestConnectorModeOverAMQP(t *testing.T) {
	t.Parallel()
	b := openctitest.NewRealBroker(t)
	id := "4e0b7c6e-1f2a-4b3c-8d4e-5f6a7b8c9d0f"
	b.Declare(id)
	p := openctitest.New(t, b.Conn)
	env := p.Env(id, "PassiveTotal articles")
	env["CONNECTOR_QUEUE_PROTOCOL"] = "amqp"
	var m *metrics.Metrics
	h := hooks{metrics: capture(&m), connector: []opencti.Option{
		opencti.WithAMQPOptions(amqp.Options{MinBackoff: 50 * time.Millisecond, MaxBackoff: 400 * time.Millisecond})}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r := runImportWith(t, ctx, h, env, "-demo")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	bodies := b.Drain("push_" + id)
	if len(bodies) == 0 {
		t.Fatal("nothing on the push queue")
	}
	var pieces []openctitest.ReceivedBundle
	counts := map[string]int{}
	for _, d := range bodies {
		if d.DeliveryMode != 2 {
			t.Errorf("message not persistent: mode %d", d.DeliveryMode)
		}
		bundle, err := openctitest.DecodeQueueMessage(d.Body)
		if err != nil {
			t.Fatalf("push message: %v", err)
		}
		if len(bundle.Objects) != 1 {
			t.Errorf("a push message carries %d objects, want 1", len(bundle.Objects))
		}
		pieces = append(pieces, bundle)
		if bundle.WorkID != "work-1" {
			t.Errorf("work id %q", bundle.WorkID)
		}
		for k, v := range bundle.CountByType() {
			counts[k] += v
		}
		var msg struct {
			ApplicantID string `json:"applicant_id"`
			BundleType  string `json:"bundle_type"`
		}
		json.Unmarshal(d.Body, &msg)
		if msg.ApplicantID != "user-"+id || msg.BundleType != "QUEUE_BUNDLE" {
			t.Errorf("message fields: %+v", msg)
		}
	}
	if len(p.Calls("stixBundlePush")) != 0 {
		t.Error("bundles went through the API despite CONNECTOR_QUEUE_PROTOCOL=amqp")
	}
	msgs := openctitest.JoinPieces(pieces)
	expected := 0
	for _, c := range p.Calls("addExpectations") {
		n, _ := c.Vars["expectations"].(float64)
		expected += int(n)
	}
	if expected != len(bodies) {
		t.Errorf("expectations added: %d, messages published: %d", expected, len(bodies))
	}
	s := scrape(t, m)
	if got := s.Get("ptstix_bundles_sent_total"); got != float64(len(msgs)) {
		t.Errorf("bundles_sent = %v, %d bundles", got, len(msgs))
	}
	if d := cmp.Diff(floatCounts(counts), s.ByLabel("ptstix_stix_objects_emitted_total", "type")); d != "" {
		t.Errorf("objects by type (-queue +metrics):\n%s", d)
	}
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
