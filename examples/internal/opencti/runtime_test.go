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
	wantOps := []string{"registerConnector", "workAdd", "stixBundlePush", "toProcessed", "pingConnector", "workAdd", "toProcessed", "pingConnector", "pingConnector"}
	if d := cmp.Diff(wantOps, ops); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
	push := p.Calls("stixBundlePush")[0].Vars
	if push["work_id"] != "work-1" || push["bundle"] != string(bundle) || push["connectorId"] != cfg.ID {
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
