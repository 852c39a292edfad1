package openctitest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ptstix/passivetotal/opencti"
)

const id = "6f1a8e4c-0000-4000-8000-00000000c0de"

func connector(t *testing.T, p *Platform, typ string, l *Listener) *opencti.Connector {
	t.Helper()
	env := p.Env(id, "test")
	env["CONNECTOR_TYPE"] = typ
	env["CONNECTOR_SCOPE"] = "IPv4-Addr"
	s, err := opencti.NewSettings(func(k string) (string, bool) { v, ok := env[k]; return v, ok }, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := opencti.LoadConfig(s, opencti.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var opts []opencti.Option
	if l != nil {
		opts = append(opts, opencti.WithListener(l))
	}
	c, err := opencti.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The stand-in speaks the runtime's protocol: an import run over the API protocol, its
// state saved through the ping.
func TestPlatformImport(t *testing.T) {
	t.Parallel()
	p := New(t, Broker{})
	c := connector(t, p, opencti.TypeExternalImport, nil)
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	err := c.RunImport(ctx, func(ctx context.Context, run *opencti.ImportRun) (string, error) {
		if err := run.Send(ctx, []byte(`{"type":"bundle","id":"bundle--1","objects":[{"type":"identity","id":"identity--1"}]}`)); err != nil {
			return "", err
		}
		return "1 sent", c.SaveState(map[string]int{"n": 1})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{"registerConnector", "workAdd", "addExpectations", "stixBundlePush", "toProcessed", "pingConnector", "pingConnector"}
	if d := cmp.Diff(want, p.Ops()); d != "" {
		t.Errorf("ops (-want +got):\n%s", d)
	}
	b := p.Bundles(t)
	if len(b) != 1 || b[0].WorkID != "work-1" || b[0].CountByType()["identity"] != 1 {
		t.Errorf("bundles = %+v", b)
	}
	if got := p.State(id); got != `{"n":1}` {
		t.Errorf("state = %q", got)
	}
}

// The Listener feeds requests to RunEnricher without a broker.
func TestListenerEnrich(t *testing.T) {
	t.Parallel()
	p := New(t, Broker{})
	l := NewListener(1)
	c := connector(t, p, opencti.TypeInternalEnrichment, l)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	l.Send(EnrichmentBody("w1", "IPv4-Addr", map[string]any{"type": "ipv4-addr", "id": "ipv4-addr--1", "value": "1.2.3.4"}))
	done := make(chan error, 1)
	rctx, stop := context.WithCancel(ctx)
	go func() {
		done <- c.RunEnricher(rctx, opencti.EnricherOptions{}, func(ctx context.Context, req *opencti.EnrichmentRequest) ([]byte, string, error) {
			return []byte(`{"type":"bundle","id":"bundle--2","objects":[{"type":"ipv4-addr","id":"` + req.EntityID + `","value":"1.2.3.4"}]}`), "ok", nil
		})
	}()
	for len(p.Calls("toProcessed")) == 0 {
		select {
		case <-p.Changed():
		case <-ctx.Done():
			t.Fatal("no toProcessed")
		}
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	c.Close(context.Background())
	b := p.Bundles(t)
	if len(b) != 1 || b[0].WorkID != "w1" {
		t.Errorf("bundles = %+v", b)
	}
	if msg := p.Calls("toProcessed")[0].Str("message"); msg != "ok" {
		t.Errorf("toProcessed message %q", msg)
	}
}

func TestDecodeQueueMessage(t *testing.T) {
	t.Parallel()
	body, err := opencti.NewQueueMessage([]byte(`{"type":"bundle","id":"bundle--1","objects":[{"type":"x","id":"x--1"}]}`), "u", opencti.Target{WorkID: "w9"}, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	b, err := DecodeQueueMessage(body)
	if err != nil || b.WorkID != "w9" || b.CountByType()["x"] != 1 {
		t.Errorf("DecodeQueueMessage = %+v, %v", b, err)
	}
}

func TestJoinPieces(t *testing.T) {
	t.Parallel()
	piece := func(work, id, obj string) ReceivedBundle {
		return ReceivedBundle{WorkID: work, ID: id, Objects: []map[string]any{{"id": obj}}}
	}
	got := JoinPieces([]ReceivedBundle{piece("w1", "bundle--a", "x--1"), piece("w1", "bundle--a", "x--2"), piece("w1", "bundle--b", "x--3"), piece("w2", "bundle--b", "x--4")})
	var summary []string
	for _, b := range got {
		summary = append(summary, fmt.Sprintf("%s %s %d/%d %s", b.WorkID, b.ID, len(b.Objects), b.Pieces, b.Raw))
	}
	want := []string{
		`w1 bundle--a 2/2 {"id":"bundle--a","objects":[{"id":"x--1"},{"id":"x--2"}],"type":"bundle"}`,
		`w1 bundle--b 1/1 {"id":"bundle--b","objects":[{"id":"x--3"}],"type":"bundle"}`,
		`w2 bundle--b 1/1 {"id":"bundle--b","objects":[{"id":"x--4"}],"type":"bundle"}`,
	}
	if d := cmp.Diff(want, summary); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
