package openctitest

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"testing"

	amqp091 "github.com/rabbitmq/amqp091-go"
)

// AMQPEnv names the variable with the URL of a RabbitMQ to test against; CI sets it
// (.ci/rabbitmq.sh starts one on loopback).
const AMQPEnv = "PTSTIX_AMQP_URL"

// RealBroker is a RabbitMQ reached through AMQPEnv, with a channel for the test's own
// declarations and reads.
type RealBroker struct {
	t    testing.TB
	url  string
	mu   sync.Mutex // serialises Push, which HTTP handlers call
	ch   *amqp091.Channel
	Conn Broker // what a registration should answer with
}

// NewRealBroker connects to the broker of AMQPEnv, or skips the test when it is unset.
func NewRealBroker(t testing.TB) *RealBroker {
	t.Helper()
	url := os.Getenv(AMQPEnv)
	if url == "" {
		t.Skipf("%s is unset: no RabbitMQ to test against (run .ci/rabbitmq.sh, then export %s=amqp://guest:guest@127.0.0.1:5672/)", AMQPEnv, AMQPEnv)
	}
	uri, err := amqp091.ParseURI(url)
	if err != nil {
		t.Fatalf("%s: %v", AMQPEnv, err)
	}
	conn, err := amqp091.Dial(url)
	if err != nil {
		t.Fatalf("dial %s: %v", net.JoinHostPort(uri.Host, fmt.Sprint(uri.Port)), err)
	}
	t.Cleanup(func() { conn.Close() })
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	return &RealBroker{t: t, url: url, ch: ch, Conn: Broker{Host: uri.Host, Port: uri.Port, VHost: uri.Vhost,
		UseSSL: uri.Scheme == "amqps", User: uri.Username, Pass: uri.Password}}
}

// Declare creates the exchanges and the connector's queues as the platform's
// registerConnectorQueues does (the connector itself must not); they are deleted when
// the test ends.
func (b *RealBroker) Declare(id string) {
	b.t.Helper()
	for _, ex := range []string{"amqp.connector.exchange", "amqp.worker.exchange"} {
		if err := b.ch.ExchangeDeclare(ex, "direct", true, false, false, false, nil); err != nil {
			b.t.Fatal(err)
		}
	}
	for _, q := range []struct{ name, key, ex string }{
		{"listen_" + id, "listen_routing_" + id, "amqp.connector.exchange"},
		{"push_" + id, "push_routing_" + id, "amqp.worker.exchange"},
	} {
		if _, err := b.ch.QueueDeclare(q.name, true, false, false, false, nil); err != nil {
			b.t.Fatal(err)
		}
		if err := b.ch.QueueBind(q.name, q.key, q.ex, false, nil); err != nil {
			b.t.Fatal(err)
		}
		name := q.name
		b.t.Cleanup(func() { b.ch.QueueDelete(name, false, false, false) })
	}
}

// Request publishes an enrichment request on the connector's listen queue, as the
// platform does.
func (b *RealBroker) Request(id string, body []byte) {
	b.t.Helper()
	err := b.ch.Publish("amqp.connector.exchange", "listen_routing_"+id, false, false,
		amqp091.Publishing{ContentType: "application/json", DeliveryMode: amqp091.Persistent, Body: body})
	if err != nil {
		b.t.Fatal(err)
	}
}

// Drain takes every message now in a queue.
func (b *RealBroker) Drain(queue string) []amqp091.Delivery {
	b.t.Helper()
	var out []amqp091.Delivery
	for {
		d, ok, err := b.ch.Get(queue, true)
		if err != nil {
			b.t.Fatal(err)
		}
		if !ok {
			return out
		}
		out = append(out, d)
	}
}

// Count is the number of ready messages in a queue.
func (b *RealBroker) Count(queue string) int {
	b.t.Helper()
	q, err := b.ch.QueueDeclarePassive(queue, true, false, false, false, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return q.Messages
}

// Addr is the broker's host:port, for a test that puts a proxy in front of it.
func (b *RealBroker) Addr() string {
	return net.JoinHostPort(b.Conn.Host, strconv.Itoa(b.Conn.Port))
}

// Push publishes a message on a connector's push queue, as the platform's
// stixBundlePush and the worker's own splitting do.
func (b *RealBroker) Push(connectorID string, body []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	err := b.ch.Publish("amqp.worker.exchange", "push_routing_"+connectorID, false, false,
		amqp091.Publishing{ContentType: "application/json", DeliveryMode: amqp091.Persistent, Body: body})
	if err != nil {
		b.t.Errorf("push: %v", err)
	}
}

// DrainBundles takes every message now in a push queue and returns the bundles they
// carry, the one-object pieces of each joined (JoinPieces), and the message count.
func (b *RealBroker) DrainBundles(queue string) (bundles []ReceivedBundle, messages int) {
	b.t.Helper()
	var pieces []ReceivedBundle
	for _, d := range b.Drain(queue) {
		if d.DeliveryMode != amqp091.Persistent {
			b.t.Errorf("push message not persistent: mode %d", d.DeliveryMode)
		}
		p, err := DecodeQueueMessage(d.Body)
		if err != nil {
			b.t.Fatalf("push message: %v", err)
		}
		pieces = append(pieces, p)
	}
	return JoinPieces(pieces), len(pieces)
}

// DeleteQueue deletes a queue, as the platform does when a connector is deleted.
func (b *RealBroker) DeleteQueue(name string) {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, err := b.ch.QueueDelete(name, false, false, false); err != nil {
		b.t.Fatal(err)
	}
}

// Consumers is the number of consumers on a queue.
func (b *RealBroker) Consumers(queue string) int {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	q, err := b.ch.QueueDeclarePassive(queue, true, false, false, false, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return q.Consumers
}
