package opencti

import (
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/opencti/openctitest"
)

// testBroker is the test's own connection to a real RabbitMQ (openctitest's, from
// PTSTIX_AMQP_URL, which CI sets after .ci/rabbitmq.sh), used to do what the platform
// does: declare the connector's exchanges and queues, publish enrichment requests, and
// read the push queue.
type testBroker struct {
	*openctitest.RealBroker
	mq   MQConnection // where the broker is, for the fake registration
	addr string
}

func newTestBroker(t *testing.T) *testBroker {
	t.Helper()
	rb := openctitest.NewRealBroker(t)
	c := rb.Conn
	return &testBroker{RealBroker: rb, addr: rb.Addr(),
		mq: MQConnection{Host: c.Host, Port: c.Port, VHost: c.VHost, UseSSL: c.UseSSL, User: c.User, Pass: c.Pass}}
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
