package opencti

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/opencti/amqp"
	"github.com/ptstix/passivetotal/opencti/openctitest"
)

// Three instances of one enrichment connector on its listen queue share the requests:
// each is handled exactly once, by one of them, and more than one takes part.
func TestIntegrationThreeEnrichersShareTheQueue(t *testing.T) {
	t.Parallel()
	b := openctitest.NewRealBroker(t)
	id := newUUID()
	b.Declare(id)
	p := openctitest.New(t, b.Conn)
	const requests = 30
	var mu sync.Mutex
	handledBy := map[string][]int{}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for inst := range 3 {
		c := lossConnector(t, p, b, id, TypeInternalEnrichment)
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := c.RunEnricher(ctx, EnricherOptions{}, func(ctx context.Context, req *EnrichmentRequest) ([]byte, string, error) {
				mu.Lock()
				handledBy[req.WorkID] = append(handledBy[req.WorkID], inst)
				mu.Unlock()
				time.Sleep(20 * time.Millisecond) // a PassiveTotal call
				return nil, "", nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	// All three listen before the first request, so that the sharing is the broker's.
	waitFor(t, 20*time.Second, "three consumers", func() bool { return b.Consumers("listen_"+id) == 3 })
	var works []string
	for range requests {
		w := p.NewWork(id)
		works = append(works, w)
		b.Request(id, openctitest.EnrichmentBody(w, "IPv4-Addr", map[string]any{"type": "ipv4-addr", "id": "ipv4-addr--" + w, "value": "198.51.100.9"}))
	}
	waitFor(t, 20*time.Second, "every request closed", func() bool { return len(p.Calls("toProcessed")) >= requests })
	time.Sleep(200 * time.Millisecond) // a duplicate would show up now
	cancel()
	wg.Wait()
	instances := map[int]bool{}
	for _, w := range works {
		if got := handledBy[w]; len(got) != 1 {
			t.Errorf("work %s handled %d times (instances %v)", w, len(got), got)
		} else {
			instances[got[0]] = true
		}
	}
	perWork := map[string]int{}
	for _, c := range p.Calls("toReceived", "toProcessed") {
		perWork[c.Op+" "+c.Str("id")]++
	}
	for _, w := range works {
		if perWork["toReceived "+w] != 1 || perWork["toProcessed "+w] != 1 {
			t.Errorf("work %s: %d toReceived, %d toProcessed", w, perWork["toReceived "+w], perWork["toProcessed "+w])
		}
	}
	if len(instances) < 2 {
		t.Errorf("only instance(s) %v took requests; the queue was not shared", instances)
	}
}

// A push queue that is gone (the connector was deleted in OpenCTI) ends the run after
// a bounded number of refusals, with an error that says so, reported on the work.
func TestIntegrationPushQueueGone(t *testing.T) {
	t.Parallel()
	b := openctitest.NewRealBroker(t)
	id := newUUID()
	b.Declare(id)
	p := openctitest.New(t, b.Conn)
	cfg := &Config{URL: p.URL(), Token: openctitest.Token, ID: id, Name: "gone " + id, Type: TypeExternalImport, QueueProtocol: ProtocolAMQP}
	c, err := New(cfg, WithLogger(testLogger(t)), WithAMQPOptions(amqp.Options{MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, MaxRefusals: 3}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	b.DeleteQueue("push_" + id)
	bundle, _ := lossBundle(1)
	err = c.RunImport(ctx, func(ctx context.Context, run *ImportRun) (string, error) {
		return "1 article", run.Send(ctx, bundle)
	})
	if !errors.Is(err, amqp.ErrRefused) || !strings.Contains(err.Error(), "push_"+id+" no longer takes messages") || ctx.Err() != nil {
		t.Fatalf("run error = %v (ctx %v)", err, ctx.Err())
	}
	done := p.Calls("toProcessed")
	if len(done) != 1 || done[0].Vars["inError"] != true || !strings.Contains(done[0].Str("message"), "was the connector deleted") {
		t.Errorf("toProcessed = %+v", done)
	}
}
