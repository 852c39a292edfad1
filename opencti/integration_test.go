package opencti

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/opencti/amqp"
	"github.com/ptstix/passivetotal/stix"
)

var fastBackoff = amqp.Options{MinBackoff: 50 * time.Millisecond, MaxBackoff: 400 * time.Millisecond}

// An importer run over AMQP: the pushed message carries the work, the
// connector user and the base64 bundle; the state reaches the platform by
// ping and comes back on restart.
func TestIntegrationImporterOverAMQP(t *testing.T) {
	t.Parallel()
	b := newTestBroker(t)
	id := newUUID()
	b.Declare(id)
	p := newFakePlatform(t, b.mq)
	cfg := testConfig(id, TypeExternalImport)
	c := newTestConnector(t, p, cfg, WithAMQPOptions(fastBackoff))
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	bundle := []byte(`{"type":"bundle","id":"bundle--5d3f7e0a-0000-4000-8000-000000000001","objects":[{"type":"identity","spec_version":"2.1","id":"identity--1","name":"RiskIQ","identity_class":"organization"}]}`)
	err := c.RunImport(ctx, func(ctx context.Context, run *ImportRun) (string, error) {
		if err := run.Send(ctx, bundle); err != nil {
			return "", err
		}
		return "1 article", c.SaveState(map[string]any{"latest_article_timestamp": 1712929994, "sent": []string{"guid-1"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}

	msgs := b.Drain("push_" + id)
	if len(msgs) != 1 {
		t.Fatalf("%d messages on the push queue, want 1", len(msgs))
	}
	m := msgs[0]
	if m.DeliveryMode != 2 || m.ContentType != "application/json" || m.ContentEncoding != "utf-8" {
		t.Errorf("properties: delivery mode %d, content type %q, encoding %q", m.DeliveryMode, m.ContentType, m.ContentEncoding)
	}
	var got map[string]any
	if err := json.Unmarshal(m.Body, &got); err != nil {
		t.Fatal(err)
	}
	content, err := base64.StdEncoding.DecodeString(got["content"].(string))
	if err != nil {
		t.Fatalf("content is not base64: %v", err)
	}
	var decoded struct {
		Type    string            `json:"type"`
		Objects []json.RawMessage `json:"objects"`
	}
	piece := `{"type":"bundle","id":"bundle--5d3f7e0a-0000-4000-8000-000000000001","spec_version":"2.1","x_opencti_seq":1,"objects":[{"type":"identity","spec_version":"2.1","id":"identity--1","name":"RiskIQ","identity_class":"organization"}]}`
	if err := json.Unmarshal(content, &decoded); err != nil || decoded.Type != "bundle" || len(decoded.Objects) != 1 || string(content) != piece {
		t.Errorf("content is not the bundle: %s (%v)", content, err)
	}
	delete(got, "content")
	want := map[string]any{"bundle_type": "QUEUE_BUNDLE", "applicant_id": "user-" + id, "action_sequence": 1.0,
		"entities_types": []any{}, "update": false, "draft_id": nil, "work_id": "work-1"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("message (-want +got):\n%s", d)
	}
	if done := p.Calls("toProcessed"); len(done) != 1 || done[0].Vars["message"] != "1 article" || done[0].Vars["work_id"] != nil && done[0].Vars["id"] != "work-1" {
		t.Errorf("toProcessed calls = %v", done)
	}

	c2 := newTestConnector(t, p, cfg, WithAMQPOptions(fastBackoff))
	if err := c2.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer c2.Close(ctx)
	if s := string(c2.State()); s != `{"latest_article_timestamp":1712929994,"sent":["guid-1"]}` {
		t.Errorf("state after restart = %s", s)
	}
}

// enrichRequest builds a listen-queue message as the platform sends it:
// stix_entity is a JSON string inside the JSON.
func enrichRequest(t *testing.T, workID string, entity map[string]any, openctiType string) []byte {
	t.Helper()
	ent, err := json.Marshal(entity)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]any{
		"internal": map[string]any{"work_id": workID, "applicant_id": nil, "draft_id": nil, "mode": "manual", "trigger": "update"},
		"event": map[string]any{"event_type": "INTERNAL_ENRICHMENT", "entity_id": entity["id"], "entity_type": openctiType,
			"stix_entity": string(ent), "stix_objects": nil},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ipv4(value, marking string, grants ...string) map[string]any {
	e := map[string]any{"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--" + value, "value": value}
	if marking != "" {
		e["object_marking_refs"] = []string{marking}
	}
	if len(grants) > 0 {
		e["extensions"] = map[string]any{extOpenCTISCO: map[string]any{"type": "IPv4-Addr", "granted_refs": grants}}
	}
	return e
}

const (
	tlpAmberID = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
	tlpRedID   = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
)

// echoEnricher returns a bundle with one note pointing at the entity,
// counts its calls per work, and fails for 6.6.6.6.
type echoEnricher struct {
	mu    sync.Mutex
	calls map[string]int
	delay time.Duration
}

func (e *echoEnricher) enrich(ctx context.Context, req *EnrichmentRequest) ([]byte, string, error) {
	e.mu.Lock()
	if e.calls == nil {
		e.calls = map[string]int{}
	}
	e.calls[req.WorkID]++
	e.mu.Unlock()
	time.Sleep(e.delay)
	if req.Entity != nil && req.Entity.Value == "6.6.6.6" {
		return nil, "", errors.New("passivetotal: quota exhausted")
	}
	b := fmt.Sprintf(`{"type":"bundle","id":"bundle--%s","objects":[{"type":"note","spec_version":"2.1","id":"note--%s","content":"pdns","object_refs":[%q]}]}`,
		req.WorkID, req.WorkID, req.EntityID)
	return []byte(b), "1 resolution", nil
}

func (e *echoEnricher) count(workID string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.calls[workID]
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// byWork indexes recorded work calls by work id.
func byWork(calls []call) map[string][]call {
	m := map[string][]call{}
	for _, c := range calls {
		id, _ := c.Vars["id"].(string)
		m[id] = append(m[id], c)
	}
	return m
}

func TestIntegrationEnricher(t *testing.T) {
	t.Parallel()
	b := newTestBroker(t)
	id := newUUID()
	b.Declare(id)
	p := newFakePlatform(t, b.mq)
	c := newTestConnector(t, p, testConfig(id, TypeInternalEnrichment, "IPv4-Addr"), WithAMQPOptions(fastBackoff))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if in := p.Calls("registerConnector")[0].Vars["input"].(map[string]any); in["type"] != TypeInternalEnrichment ||
		in["enrichment_resolution"] != "none" || in["playbook_compatible"] != false {
		t.Errorf("register input = %v", in)
	}
	b.Request(id, enrichRequest(t, "w-in", ipv4("1.2.3.4", tlpAmberID, "identity--org-1"), "IPv4-Addr"))
	b.Request(id, enrichRequest(t, "w-scope", map[string]any{"type": "domain-name", "id": "domain-name--x", "value": "example.com"}, "Domain-Name"))
	b.Request(id, enrichRequest(t, "w-red", ipv4("5.6.7.8", tlpRedID), "IPv4-Addr"))
	b.Request(id, enrichRequest(t, "w-fail", ipv4("6.6.6.6", ""), "IPv4-Addr"))
	b.Request(id, []byte(`{"internal":{"work_id":"w-bad"},"event":{"entity_id":"x","stix_entity":"{broken"}}`))

	e := &echoEnricher{}
	done := make(chan error, 1)
	go func() { done <- c.RunEnricher(ctx, EnricherOptions{MaxTLP: stix.TLPAmber}, e.enrich) }()
	waitFor(t, 10*time.Second, "5 toProcessed", func() bool { return len(p.Calls("toProcessed")) == 5 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := c.Close(context.Background()); err != nil {
		t.Fatal(err)
	}

	works := byWork(p.Calls("toReceived", "toProcessed"))
	type outcome struct {
		Ops     string
		Message string
		InError bool
	}
	got := map[string]outcome{}
	for w, calls := range works {
		var ops []string
		for _, c := range calls {
			ops = append(ops, c.Op)
		}
		last := calls[len(calls)-1].Vars
		inErr, _ := last["inError"].(bool)
		got[w] = outcome{strings.Join(ops, ","), last["message"].(string), inErr}
	}
	want := map[string]outcome{
		"w-in":    {"toReceived,toProcessed", "1 resolution", false},
		"w-scope": {"toReceived,toProcessed", "Skipped: entity type Domain-Name is not in the connector's scope (IPv4-Addr)", false},
		"w-red":   {"toReceived,toProcessed", "Skipped: entity is marked TLP:RED, above the connector's maximum TLP:AMBER; nothing was sent out", false},
		"w-fail":  {"toReceived,toProcessed", "passivetotal: quota exhausted", true},
		"w-bad":   {"toProcessed", "cannot decode the request: enrichment request: stix_entity: string does not hold JSON", true},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("work calls (-want +got):\n%s", d)
	}
	if e.count("w-scope")+e.count("w-red") != 0 || e.count("w-in") != 1 {
		t.Errorf("handler calls = %v", e.calls)
	}

	msgs := b.Drain("push_" + id)
	if len(msgs) != 1 {
		t.Fatalf("%d bundles pushed, want 1", len(msgs))
	}
	var qm QueueMessage
	if err := json.Unmarshal(msgs[0].Body, &qm); err != nil {
		t.Fatal(err)
	}
	if qm.WorkID == nil || *qm.WorkID != "w-in" {
		t.Errorf("work_id = %v", qm.WorkID)
	}
	content, _ := base64.StdEncoding.DecodeString(qm.Content)
	var bundle struct {
		Objects []struct {
			ObjectRefs []string                  `json:"object_refs"`
			Extensions map[string]map[string]any `json:"extensions"`
		} `json:"objects"`
	}
	if err := json.Unmarshal(content, &bundle); err != nil || len(bundle.Objects) != 1 {
		t.Fatalf("pushed bundle %s: %v", content, err)
	}
	o := bundle.Objects[0]
	if d := cmp.Diff([]string{"ipv4-addr--1.2.3.4"}, o.ObjectRefs); d != "" {
		t.Errorf("note refs (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]any{"identity--org-1"}, o.Extensions[extOpenCTI]["granted_refs"]); d != "" {
		t.Errorf("granted_refs (-want +got):\n%s", d)
	}
	if last := p.Calls(); last[len(last)-1].Op != "pingConnector" {
		t.Errorf("last call %s, want the final ping", last[len(last)-1].Op)
	}
}

// A stop request finishes the request in hand; the next one stays queued
// for the next start.
func TestIntegrationEnricherStopsCleanly(t *testing.T) {
	t.Parallel()
	b := newTestBroker(t)
	id := newUUID()
	b.Declare(id)
	p := newFakePlatform(t, b.mq)
	c := newTestConnector(t, p, testConfig(id, TypeInternalEnrichment, "IPv4-Addr"), WithAMQPOptions(fastBackoff))
	ctx, cancel := context.WithCancel(context.Background())
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	b.Request(id, enrichRequest(t, "w-1", ipv4("1.1.1.1", ""), "IPv4-Addr"))
	b.Request(id, enrichRequest(t, "w-2", ipv4("2.2.2.2", ""), "IPv4-Addr"))
	inHand := make(chan struct{})
	var once sync.Once
	e := &echoEnricher{}
	done := make(chan error, 1)
	go func() {
		done <- c.RunEnricher(ctx, EnricherOptions{}, func(ctx context.Context, req *EnrichmentRequest) ([]byte, string, error) {
			once.Do(func() { close(inHand) })
			time.Sleep(300 * time.Millisecond) // the stop arrives meanwhile
			return e.enrich(ctx, req)
		})
	}()
	<-inHand
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := c.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(p.Calls("toProcessed")); n != 1 {
		t.Errorf("%d works closed, want the one in hand", n)
	}
	if n := len(b.Drain("push_" + id)); n != 1 {
		t.Errorf("%d bundles pushed, want 1", n)
	}
	waitFor(t, 5*time.Second, "the second request back in the queue", func() bool { return b.Count("listen_"+id) == 1 })
	if last := p.Calls(); last[len(last)-1].Op != "pingConnector" {
		t.Errorf("last call %s, want the final ping", last[len(last)-1].Op)
	}
}

// The broker goes away twice in the middle of a stream of requests: none
// is lost, none handled twice.
func TestIntegrationEnricherSurvivesBrokerFailure(t *testing.T) {
	t.Parallel()
	t.Run("connections cut", func(t *testing.T) {
		t.Parallel()
		b := newTestBroker(t)
		px := newCutProxy(t, b.addr)
		mq := b.mq
		mq.Host, mq.Port = "127.0.0.1", px.port()
		runFailureStream(t, b, mq, 40, func(t *testing.T, id string) {
			if n := px.cut(); n == 0 {
				t.Error("no connection to cut")
			} else {
				t.Logf("cut %d connections", n)
			}
		})
	})
	t.Run("rabbitmqctl close_connection", func(t *testing.T) {
		t.Parallel()
		b := newTestBroker(t)
		if _, err := exec.LookPath("rabbitmqctl"); err != nil || os.Geteuid() != 0 || b.mq.Host != "127.0.0.1" && b.mq.Host != "localhost" {
			t.Skip("needs rabbitmqctl on PATH, root, and the broker on this machine; the cut-connection variant covers the client side")
		}
		runFailureStream(t, b, b.mq, 30, func(t *testing.T, id string) {
			n, err := closeConnectionsNamed(id)
			if err != nil {
				t.Fatalf("rabbitmqctl: %v", err)
			}
			t.Logf("the broker closed %d connections", n)
		})
	})
}

func runFailureStream(t *testing.T, b *testBroker, mq MQConnection, n int, disrupt func(*testing.T, string)) {
	start := time.Now()
	id := newUUID()
	b.Declare(id)
	p := newFakePlatform(t, mq)
	c := newTestConnector(t, p, testConfig(id, TypeInternalEnrichment, "IPv4-Addr"), WithAMQPOptions(fastBackoff))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		b.Request(id, enrichRequest(t, fmt.Sprintf("w-%03d", i), ipv4(fmt.Sprintf("10.0.0.%d", i), ""), "IPv4-Addr"))
	}
	e := &echoEnricher{delay: 15 * time.Millisecond}
	done := make(chan error, 1)
	go func() { done <- c.RunEnricher(ctx, EnricherOptions{}, e.enrich) }()
	processed := func() int { return len(p.Calls("toProcessed")) }
	waitFor(t, 10*time.Second, "a third of the stream", func() bool { return processed() >= n/3 })
	disrupt(t, id)
	waitFor(t, 10*time.Second, "two thirds of the stream", func() bool { return processed() >= 2*n/3 })
	disrupt(t, id)
	waitFor(t, 20*time.Second, "the whole stream", func() bool { return processed() >= n })
	time.Sleep(200 * time.Millisecond) // a duplicate would show up now
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	c.Close(context.Background())

	works := byWork(p.Calls("toProcessed"))
	pushed := map[string]int{}
	firstBody := map[string][]byte{}
	for _, m := range b.Drain("push_" + id) {
		var qm QueueMessage
		if err := json.Unmarshal(m.Body, &qm); err != nil || qm.WorkID == nil {
			t.Fatalf("bad pushed message %s", m.Body)
		}
		w := *qm.WorkID
		pushed[w]++
		// A re-sent bundle must be the very same message, so that the
		// platform's upsert makes the repeat a no-op.
		if prev, ok := firstBody[w]; ok && !bytes.Equal(prev, m.Body) {
			t.Errorf("%s: the re-sent bundle differs from the first one", w)
		}
		firstBody[w] = m.Body
	}
	dupPushes := 0
	for i := range n {
		w := fmt.Sprintf("w-%03d", i)
		if got := len(works[w]); got != 1 {
			t.Errorf("%s closed %d times", w, got)
		}
		if got := e.count(w); got != 1 {
			t.Errorf("%s handled %d times", w, got)
		}
		switch got := pushed[w]; {
		case got == 0:
			t.Errorf("%s: no bundle pushed", w)
		case got > 1:
			dupPushes++ // at-least-once publishing: a publish whose confirm was lost is sent again
		}
	}
	if left := b.Count("listen_" + id); left != 0 {
		t.Errorf("%d requests left in the listen queue", left)
	}
	t.Logf("%d requests in %v; %d bundle(s) pushed twice (confirm lost in the cut)", n, time.Since(start).Round(time.Millisecond), dupPushes)
}

var pidRE = regexp.MustCompile(`^<[^>]+>`)

// closeConnectionsNamed has the broker close, server side, every
// connection whose client-provided name contains id (ours only: other
// tests share the broker).
func closeConnectionsNamed(id string) (int, error) {
	out, err := exec.Command("rabbitmqctl", "-q", "list_connections", "--no-table-headers", "pid", "client_properties").CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("list_connections: %v: %s", err, out)
	}
	var pids []string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, id) {
			if pid := pidRE.FindString(line); pid != "" {
				pids = append(pids, pid)
			}
		}
	}
	for _, pid := range pids {
		if out, err := exec.Command("rabbitmqctl", "-q", "close_connection", pid, "ptstix test: broker going away").CombinedOutput(); err != nil {
			return 0, fmt.Errorf("close_connection: %v: %s", err, out)
		}
	}
	return len(pids), nil
}
