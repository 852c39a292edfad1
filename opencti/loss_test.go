package opencti

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/opencti/openctitest"
)

// workerSpeeds are the two workers the loss test runs against: one that keeps up with
// the connector (it takes each message 50 ms after it is queued, and so imports each
// article while the importer waits on the PassiveTotal API for the next), and one behind on its backlog that starts only once
// the connector has closed its work.
var workerSpeeds = []struct {
	name  string
	fast  bool
	delay time.Duration
}{
	{"fast worker", true, 50 * time.Millisecond},
	{"slow worker", false, 5 * time.Millisecond},
}

// lossBundle is one article's bundle: objects that reference each other, so the order
// of the one-object pieces matters.
func lossBundle(n int) (bundle []byte, ids []string) {
	ident := fmt.Sprintf("identity--00000000-0000-4000-8000-%012d", n)
	ind := fmt.Sprintf("indicator--00000000-0000-4000-8000-%012d", n)
	dom := fmt.Sprintf("domain-name--00000000-0000-4000-8000-%012d", n)
	rel := fmt.Sprintf("relationship--00000000-0000-4000-8000-%012d", n)
	amber := "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
	objs := []map[string]any{
		{"type": "relationship", "spec_version": "2.1", "id": rel, "relationship_type": "based-on", "source_ref": ind, "target_ref": dom, "created_by_ref": ident, "object_marking_refs": []string{amber}},
		{"type": "indicator", "spec_version": "2.1", "id": ind, "pattern": fmt.Sprintf("[domain-name:value = 'e%d.example']", n), "pattern_type": "stix", "created_by_ref": ident, "object_marking_refs": []string{amber}},
		{"type": "domain-name", "spec_version": "2.1", "id": dom, "value": fmt.Sprintf("e%d.example", n), "object_marking_refs": []string{amber}},
		{"type": "identity", "spec_version": "2.1", "id": ident, "name": "RiskIQ", "identity_class": "organization"},
		{"type": "marking-definition", "spec_version": "2.1", "id": amber, "definition_type": "tlp", "name": "TLP:AMBER", "definition": map[string]string{"tlp": "amber"}},
	}
	b, _ := json.Marshal(map[string]any{"type": "bundle", "id": fmt.Sprintf("bundle--00000000-0000-4000-8000-%012d", n), "objects": objs})
	return b, []string{rel, ind, dom, ident, amber}
}

// lossConnector is a connector of type typ registered with the platform double p,
// publishing to the real broker b.
func lossConnector(t *testing.T, p *openctitest.Platform, b *openctitest.RealBroker, id, typ string) *Connector {
	t.Helper()
	return protocolConnector(t, p, id, typ, ProtocolAMQP)
}

// protocolConnector is lossConnector with the queue protocol chosen.
func protocolConnector(t *testing.T, p *openctitest.Platform, id, typ, protocol string) *Connector {
	t.Helper()
	cfg := &Config{URL: p.URL(), Token: openctitest.Token, ID: id, Name: "loss " + id, Type: typ,
		Scope: []string{"IPv4-Addr"}, QueueProtocol: protocol}
	c, err := New(cfg, WithLogger(testLogger(t)), WithAMQPOptions(fastBackoff))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// settle waits until the worker has emptied the push queue and the work is complete,
// or gives up after a while (the assertions then say what is missing).
func settle(t *testing.T, p *openctitest.Platform, b *openctitest.RealBroker, id, workID string) openctitest.Work {
	t.Helper()
	deadline := time.Now().Add(8 * time.Second)
	for {
		w, _ := p.Work(workID)
		if (w.Status == "complete" && w.Completed == w.Expected && b.Count("push_"+id) == 0) || time.Now().After(deadline) {
			time.Sleep(100 * time.Millisecond) // a last message in the worker's hands
			w, _ = p.Work(workID)
			return w
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkWork asserts what the platform must end with: every object sent imported, the
// work complete with completed == expected, nothing dropped.
func checkWork(t *testing.T, w openctitest.Work, sent []string) {
	t.Helper()
	imported := slices.Clone(w.Imported)
	slices.Sort(imported)
	want := slices.Clone(sent)
	slices.Sort(want)
	if !slices.Equal(imported, want) {
		t.Errorf("imported %d object(s), sent %d: missing %v", len(imported), len(want), missing(want, imported))
	}
	if w.Status != "complete" || w.Completed != w.Expected || w.Expected != len(sent) {
		t.Errorf("work %s: status %q, completed %d, expected %d; want complete, %d and %d", w.ID, w.Status, w.Completed, w.Expected, len(sent), len(sent))
	}
	if w.Dropped > 0 {
		t.Errorf("the worker dropped %d message(s) of a work that was no longer alive", w.Dropped)
	}
}

func missing(want, got []string) []string {
	var out []string
	for _, s := range want {
		if !slices.Contains(got, s) {
			out = append(out, s)
		}
	}
	return out
}

// The importer against a platform that applies 6.8.10's rules: nothing published may
// be dropped by the worker, whatever its speed.
// Over the API protocol too: the platform puts what stixBundlePush receives on the
// same queue, for the same worker.
func TestIntegrationImporterLosesNothing(t *testing.T) {
	t.Parallel()
	for _, protocol := range []string{ProtocolAMQP, ProtocolAPI} {
		for _, speed := range workerSpeeds {
			t.Run(protocol+", "+speed.name, func(t *testing.T) {
				t.Parallel()
				importerLosesNothing(t, protocol, speed.fast, speed.delay)
			})
		}
	}
}

func importerLosesNothing(t *testing.T, protocol string, fast bool, delay time.Duration) {
	b := openctitest.NewRealBroker(t)
	id := newUUID()
	b.Declare(id)
	p := openctitest.New(t, b.Conn)
	p.PushThrough(b)
	c := protocolConnector(t, p, id, TypeExternalImport, protocol)
	start := make(chan struct{})
	o := openctitest.WorkerOptions{PerMessage: delay}
	if !fast {
		o.Start = start
	}
	p.StartWorker(t, b, id, o)
	var sent []string
	err := c.RunImport(context.Background(), func(ctx context.Context, run *ImportRun) (string, error) {
		for n := 1; n <= 3; n++ {
			bundle, ids := lossBundle(n)
			if err := run.Send(ctx, bundle); err != nil {
				return "", err
			}
			sent = append(sent, ids...)
			if fast && n < 3 {
				time.Sleep(400 * time.Millisecond) // the next article's API calls
			}
		}
		return "3 articles", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	close(start)
	works := p.WorkIDs()
	if len(works) != 1 {
		t.Fatalf("works: %v", works)
	}
	checkWork(t, settle(t, p, b, id, works[0]), sent)
}

// The enricher against the same platform: the work the platform opened for the request
// ends complete with every object of the enrichment imported.
func TestIntegrationEnricherLosesNothing(t *testing.T) {
	t.Parallel()
	for _, speed := range workerSpeeds {
		t.Run(speed.name, func(t *testing.T) {
			t.Parallel()
			b := openctitest.NewRealBroker(t)
			id := newUUID()
			b.Declare(id)
			p := openctitest.New(t, b.Conn)
			c := lossConnector(t, p, b, id, TypeInternalEnrichment)
			start := make(chan struct{})
			o := openctitest.WorkerOptions{PerMessage: speed.delay}
			if !speed.fast {
				o.Start = start
			}
			p.StartWorker(t, b, id, o)
			workID := p.NewWork(id)
			bundle, sent := lossBundle(7)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				done <- c.RunEnricher(ctx, EnricherOptions{}, func(ctx context.Context, req *EnrichmentRequest) ([]byte, string, error) {
					return bundle, "5 objects", nil
				})
			}()
			b.Request(id, openctitest.EnrichmentBody(workID, "IPv4-Addr", map[string]any{
				"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--00000000-0000-4000-8000-000000000001", "value": "198.51.100.7"}))
			waitFor(t, 5*time.Second, "toProcessed", func() bool { return len(p.Calls("toProcessed")) == 1 })
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			close(start)
			checkWork(t, settle(t, p, b, id, workID), sent)
		})
	}
}

// An enrichment asked inside a draft carries the draft to every message it pushes.
func TestIntegrationEnricherDraftOverAMQP(t *testing.T) {
	t.Parallel()
	b := openctitest.NewRealBroker(t)
	id := newUUID()
	b.Declare(id)
	p := openctitest.New(t, b.Conn)
	c := lossConnector(t, p, b, id, TypeInternalEnrichment)
	workID := p.NewWork(id)
	bundle, sent := lossBundle(8)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- c.RunEnricher(ctx, EnricherOptions{}, func(ctx context.Context, req *EnrichmentRequest) ([]byte, string, error) {
			return bundle, "sent", nil
		})
	}()
	req := openctitest.EnrichmentBody(workID, "IPv4-Addr", map[string]any{"type": "ipv4-addr", "id": "ipv4-addr--d", "value": "198.51.100.7"})
	b.Request(id, []byte(strings.Replace(string(req), `"draft_id":null`, `"draft_id":"draft-7"`, 1)))
	waitFor(t, 5*time.Second, "toProcessed", func() bool { return len(p.Calls("toProcessed")) == 1 })
	cancel()
	<-done
	msgs := b.Drain("push_" + id)
	if len(msgs) != len(sent) {
		t.Fatalf("%d messages, want %d", len(msgs), len(sent))
	}
	for i, m := range msgs {
		var env struct {
			DraftID *string `json:"draft_id"`
			WorkID  string  `json:"work_id"`
			Seq     int     `json:"action_sequence"`
		}
		if err := json.Unmarshal(m.Body, &env); err != nil || env.DraftID == nil || *env.DraftID != "draft-7" || env.WorkID != workID || env.Seq != i+1 {
			t.Errorf("message %d: %s", i, m.Body)
		}
	}
	if h := p.Calls("addExpectations")[0].Header.Get("Opencti-Draft-Id"); h != "draft-7" {
		t.Errorf("addExpectations draft header %q", h)
	}
}
