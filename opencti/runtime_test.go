package opencti

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func testConfig(id, typ string, scope ...string) *Config {
	return &Config{URL: "http://unused", Token: testToken, ID: id, Name: "Test " + id, Type: typ, Scope: scope, QueueProtocol: ProtocolAMQP}
}

func newTestConnector(t *testing.T, p *fakePlatform, cfg *Config, opts ...Option) *Connector {
	t.Helper()
	hc, err := NewHTTPClient(p.srv.URL, testToken, p.srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(cfg, append([]Option{WithGraphQL(hc), WithLogger(testLogger(t))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The API protocol needs no broker: bundles go through stixBundlePush with
// the run's work id; state goes out with the ping after the run and comes
// back on the next start.
func TestImporterOverAPIAndStateThroughPing(t *testing.T) {
	t.Parallel()
	p := newFakePlatform(t, MQConnection{})
	cfg := testConfig("0b0e5b0e-0000-4000-8000-000000000001", TypeExternalImport)
	cfg.QueueProtocol = ProtocolAPI
	c := newTestConnector(t, p, cfg)
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	bundle := []byte(`{"type":"bundle","id":"bundle--1","objects":[{"type":"identity","id":"identity--1"}]}`)
	err := c.RunImport(ctx, func(ctx context.Context, run *ImportRun) (string, error) {
		if err := run.Send(ctx, bundle); err != nil {
			return "", err
		}
		return "1 article", c.SaveState(map[string]int{"latest_article_timestamp": 1712929994})
	})
	if err != nil {
		t.Fatal(err)
	}
	failing := errors.New("quota exhausted")
	if err := c.RunImport(ctx, func(ctx context.Context, run *ImportRun) (string, error) { return "0 articles", failing }); !errors.Is(err, failing) {
		t.Fatalf("RunImport error = %v", err)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, c := range p.Calls() {
		ops = append(ops, c.Op)
	}
	wantOps := []string{"registerConnector", "workAdd", "addExpectations", "stixBundlePush", "toProcessed", "pingConnector", "workAdd", "toProcessed", "pingConnector", "pingConnector"}
	if d := cmp.Diff(wantOps, ops); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
	push := p.Calls("stixBundlePush")[0].Vars
	piece := `{"type":"bundle","id":"bundle--1","spec_version":"2.1","x_opencti_seq":1,"objects":[{"type":"identity","id":"identity--1"}]}`
	if exp := p.Calls("addExpectations")[0].Vars; exp["id"] != "work-1" || exp["expectations"] != 1.0 {
		t.Errorf("addExpectations vars = %v", exp)
	}
	if push["work_id"] != "work-1" || push["bundle"] != piece || push["connectorId"] != cfg.ID {
		t.Errorf("stixBundlePush vars = %v", push)
	}
	done := p.Calls("toProcessed")
	if done[0].Vars["message"] != "1 article" || done[0].Vars["inError"] != false {
		t.Errorf("first toProcessed = %v", done[0].Vars)
	}
	if done[1].Vars["message"] != "0 articles: quota exhausted" || done[1].Vars["inError"] != true {
		t.Errorf("second toProcessed = %v", done[1].Vars)
	}

	// Restart: the state comes back from the registration.
	c2 := newTestConnector(t, p, cfg)
	if err := c2.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer c2.Close(ctx)
	var st map[string]int
	if ok, err := c2.LoadState(&st); !ok || err != nil || st["latest_article_timestamp"] != 1712929994 {
		t.Errorf("state after restart = %v, %v, %v", st, ok, err)
	}
	// An operator resets the state on the platform: the next ping takes it.
	p.ResetState(cfg.ID, nil)
	if err := c2.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if s := c2.State(); s != nil {
		t.Errorf("state after reset = %s", s)
	}
}

// The ping loop runs on its own and carries the current state.
func TestPingLoop(t *testing.T) {
	t.Parallel()
	p := newFakePlatform(t, MQConnection{})
	cfg := testConfig("0b0e5b0e-0000-4000-8000-000000000002", TypeExternalImport)
	cfg.QueueProtocol = ProtocolAPI
	c := newTestConnector(t, p, cfg, WithPingInterval(20*time.Millisecond))
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.SetState([]byte(`{"cursor": 7}`)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(p.Calls("pingConnector")) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	pings := p.Calls("pingConnector")
	if len(pings) < 3 {
		t.Fatalf("%d pings", len(pings))
	}
	if got := pings[len(pings)-1].Vars["state"]; got != `{"cursor":7}` {
		t.Errorf("final ping state = %v", got)
	}
	if err := c.SetState([]byte("{")); err == nil {
		t.Error("bad JSON state accepted")
	}
	var v any
	if err := json.Unmarshal(c.State(), &v); err != nil {
		t.Errorf("state no longer JSON: %v", err)
	}
}

// sliceListener hands out fixed bodies, as the Listener seam allows.
type sliceListener struct {
	bodies []string
}

func (l *sliceListener) Listen(ctx context.Context, handle func([]byte, bool)) error {
	for i, b := range l.bodies {
		handle([]byte(b), i > 0)
	}
	return nil
}

type recordSender struct{ works []string }

func (s *recordSender) Send(ctx context.Context, to Target, pieces [][]byte) error {
	s.works = append(s.works, to.WorkID)
	return nil
}
func (s *recordSender) Close() error { return nil }

// Long work is pinged; a request delivered again (same work) is not handled
// twice; Skip closes a work without error.
func TestEnricherWorkPingDedupeAndSkip(t *testing.T) {
	t.Parallel()
	p := newFakePlatform(t, MQConnection{})
	slow := string(enrichRequest(t, "w-slow", ipv4("1.2.3.4", ""), "IPv4-Addr"))
	skip := string(enrichRequest(t, "w-skip", ipv4("9.9.9.9", ""), "IPv4-Addr"))
	snd := &recordSender{}
	c := newTestConnector(t, p, testConfig("0b0e5b0e-0000-4000-8000-000000000003", TypeInternalEnrichment, "IPv4-Addr"),
		WithListener(&sliceListener{[]string{slow, slow, skip}}), WithSender(snd))
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	calls := 0
	err := c.RunEnricher(ctx, EnricherOptions{WorkPingInterval: 20 * time.Millisecond}, func(ctx context.Context, req *EnrichmentRequest) ([]byte, string, error) {
		calls++
		if req.WorkID == "w-skip" {
			return nil, "", Skip("quota left: 0")
		}
		time.Sleep(150 * time.Millisecond)
		return []byte(`{"type":"bundle","id":"bundle--1","objects":[{"type":"note","id":"note--1"}]}`), "", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Close(ctx)
	if calls != 2 {
		t.Errorf("handler called %d times, want 2", calls)
	}
	if n := len(p.Calls("workPing")); n < 2 {
		t.Errorf("%d work pings during 150 ms of work every 20 ms", n)
	}
	if d := cmp.Diff([]string{"w-slow"}, snd.works); d != "" {
		t.Errorf("bundles sent (-want +got):\n%s", d)
	}
	got := map[string]any{}
	for _, c := range p.Calls("toProcessed") {
		got[c.Vars["id"].(string)] = []any{c.Vars["message"], c.Vars["inError"]}
	}
	want := map[string]any{"w-slow": []any{"Bundle sent", false}, "w-skip": []any{"Skipped: quota left: 0", false}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("toProcessed (-want +got):\n%s", d)
	}
}
