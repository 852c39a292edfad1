package opencti

import (
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	amqp091 "github.com/rabbitmq/amqp091-go"
)

// The integration tests need a real RabbitMQ: .ci/rabbitmq.sh starts one on
// loopback and CI sets PTSTIX_AMQP_URL=amqp://guest:guest@127.0.0.1:5672/.
const amqpEnv = "PTSTIX_AMQP_URL"

// testBroker is the test's own connection to RabbitMQ, used to do what the
// platform does: declare the connector's exchanges and queues, publish
// enrichment requests, and read the push queue.
type testBroker struct {
	t    *testing.T
	conn *amqp091.Connection
	ch   *amqp091.Channel
	mq   MQConnection // where the broker is, for the fake registration
	addr string
}

func newTestBroker(t *testing.T) *testBroker {
	t.Helper()
	url := os.Getenv(amqpEnv)
	if url == "" {
		t.Skipf("%s is unset: no RabbitMQ to test against (run .ci/rabbitmq.sh, then export %s=amqp://guest:guest@127.0.0.1:5672/)", amqpEnv, amqpEnv)
	}
	uri, err := amqp091.ParseURI(url)
	if err != nil {
		t.Fatalf("%s: %v", amqpEnv, err)
	}
	conn, err := amqp091.Dial(url)
	if err != nil {
		t.Fatalf("dial %s: %v", amqpEnv, err)
	}
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &testBroker{t: t, conn: conn, ch: ch, addr: net.JoinHostPort(uri.Host, fmt.Sprint(uri.Port)),
		mq: MQConnection{Host: uri.Host, Port: uri.Port, VHost: uri.Vhost, UseSSL: uri.Scheme == "amqps", User: uri.Username, Pass: uri.Password}}
}

// declare creates what registerConnectorQueues creates on the platform.
func (b *testBroker) declare(id string) {
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

// request publishes an enrichment request the way the platform does.
func (b *testBroker) request(id string, body []byte) {
	b.t.Helper()
	err := b.ch.Publish("amqp.connector.exchange", "listen_routing_"+id, false, false,
		amqp091.Publishing{ContentType: "application/json", DeliveryMode: amqp091.Persistent, Body: body})
	if err != nil {
		b.t.Fatal(err)
	}
}

// drain takes every message now in a queue.
func (b *testBroker) drain(queue string) []amqp091.Delivery {
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

// count is the number of ready messages in a queue.
func (b *testBroker) count(queue string) int {
	b.t.Helper()
	q, err := b.ch.QueueDeclarePassive(queue, true, false, false, false, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return q.Messages
}

func newUUID() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

// cutProxy forwards TCP to the broker and can cut every connection at
// once: the broker "goes away" for the clients behind it, abruptly, as in a
// crash or a network failure, without touching anyone else's connections.
type cutProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go p.accept()
	return p
}

func (p *cutProxy) port() int { return p.ln.Addr().(*net.TCPAddr).Port }

func (p *cutProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.DialTimeout("tcp", p.target, 5*time.Second)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go func() { io.Copy(up, c); up.Close(); c.Close() }()
		go func() { io.Copy(c, up); up.Close(); c.Close() }()
	}
}

// cut closes every live connection and reports how many pairs it cut.
func (p *cutProxy) cut() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	n := len(p.conns) / 2
	p.conns = nil
	return n
}
