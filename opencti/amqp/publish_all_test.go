package amqp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	amqp091 "github.com/rabbitmq/amqp091-go"
)

// declareQueue makes a durable queue, like a connector's push queue, removed when the
// test ends; messages published to the default exchange with its name reach it.
func declareQueue(tb testing.TB, ep Endpoint) (*amqp091.Channel, string) {
	tb.Helper()
	conn, err := dial(context.Background(), ep, Options{}.withDefaults())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	ch, err := conn.Channel()
	if err != nil {
		tb.Fatal(err)
	}
	name := fmt.Sprintf("ptstix-publish-all-%d", time.Now().UnixNano())
	if _, err := ch.QueueDeclare(name, true, false, false, false, nil); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ch.QueueDelete(name, false, false, false) })
	return ch, name
}

// oneObjectMessages builds n queue messages of the size a one-object bundle makes.
func oneObjectMessages(n int) []Message {
	msgs := make([]Message, n)
	pad := strings.Repeat("x", 600)
	for i := range msgs {
		body, _ := json.Marshal(map[string]any{"bundle_type": "QUEUE_BUNDLE", "action_sequence": i + 1, "content": pad, "work_id": "work-1", "n": i})
		msgs[i] = Message{Body: body, MessageID: fmt.Sprintf("m-%d", i)}
	}
	return msgs
}

// Many more messages than the in-flight window: all confirmed, all in the queue, in
// the order given.
func TestIntegrationPublishAllPipelined(t *testing.T) {
	t.Parallel()
	ep := brokerEndpoint(t)
	ch, q := declareQueue(t, ep)
	p := NewPublisher(ep, "", q, Options{InFlight: 16, Logger: quiet})
	defer p.Close()
	msgs := oneObjectMessages(500)
	if err := p.PublishAll(context.Background(), msgs); err != nil {
		t.Fatal(err)
	}
	for i := range msgs {
		d, ok, err := ch.Get(q, true)
		if err != nil || !ok {
			t.Fatalf("message %d: ok %v, %v", i, ok, err)
		}
		if d.MessageId != msgs[i].MessageID || d.DeliveryMode != amqp091.Persistent {
			t.Fatalf("message %d: id %q, delivery mode %d", i, d.MessageId, d.DeliveryMode)
		}
	}
	if _, ok, _ := ch.Get(q, true); ok {
		t.Error("more messages than published")
	}
}

// BenchmarkPublishConfirmed publishes 20,000 one-object messages per iteration to a
// durable queue of the real broker, persistent and confirmed, and reports confirmed
// messages per second (the README quotes it). PTSTIX_BENCH_INFLIGHT sets the window
// (default 512), to measure its effect.
func BenchmarkPublishConfirmed(b *testing.B) {
	ep := brokerEndpoint(b)
	ch, q := declareQueue(b, ep)
	inflight, _ := strconv.Atoi(os.Getenv("PTSTIX_BENCH_INFLIGHT"))
	p := NewPublisher(ep, "", q, Options{Logger: quiet, InFlight: inflight})
	defer p.Close()
	msgs := oneObjectMessages(20000)
	if err := p.Publish(context.Background(), msgs[0].Body, "warm-up"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var publishing time.Duration
	for range b.N {
		start := time.Now()
		if err := p.PublishAll(context.Background(), msgs); err != nil {
			b.Fatal(err)
		}
		publishing += time.Since(start)
		b.StopTimer()
		if _, err := ch.QueuePurge(q, false); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.N*len(msgs))/publishing.Seconds(), "msgs/s")
}
