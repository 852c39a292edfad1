package amqp

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	amqp091 "github.com/rabbitmq/amqp091-go"
)

var quiet = slog.New(slog.DiscardHandler)

func TestEndpointHidesPassword(t *testing.T) {
	t.Parallel()
	ep := Endpoint{Host: "mq", Port: 5671, VHost: "/", TLS: true, User: "u", Pass: "pw-secret"}
	for _, s := range []string{ep.String(), ep.LogValue().String()} {
		if strings.Contains(s, "pw-secret") || !strings.Contains(s, "amqps://u@mq:5671") {
			t.Errorf("%q", s)
		}
	}
}

func TestBackoffBounds(t *testing.T) {
	t.Parallel()
	b := backoff{min: 100 * time.Millisecond, max: time.Second}
	for i := range 10 {
		d := b.next()
		if d < 50*time.Millisecond || d > time.Second {
			t.Errorf("attempt %d: %v", i, d)
		}
	}
	if b.cur != time.Second {
		t.Errorf("cur = %v, want the cap", b.cur)
	}
}

// Nothing listens: Publish keeps retrying until ctx ends, and its error
// names the cause without the password.
func TestPublishUnreachableBroker(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	p := NewPublisher(Endpoint{Host: "127.0.0.1", Port: port, User: "u", Pass: "pw-secret"}, "x", "k",
		Options{MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, Logger: quiet})
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err = p.Publish(ctx, []byte(`{}`), "")
	if !errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "pw-secret") || !strings.Contains(err.Error(), "amqp: dial amqp://u@127.0.0.1") {
		t.Errorf("err = %v", err)
	}
	p.Close()
	if err := p.Publish(context.Background(), nil, ""); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

func brokerEndpoint(t testing.TB) Endpoint {
	url := os.Getenv("PTSTIX_AMQP_URL")
	if url == "" {
		t.Skip("PTSTIX_AMQP_URL is unset: no RabbitMQ to test against (run .ci/rabbitmq.sh, then export PTSTIX_AMQP_URL=amqp://guest:guest@127.0.0.1:5672/)")
	}
	u, err := amqp091.ParseURI(url)
	if err != nil {
		t.Fatal(err)
	}
	return Endpoint{Host: u.Host, Port: u.Port, VHost: u.Vhost, TLS: u.Scheme == "amqps", User: u.Username, Pass: u.Password}
}

// A message no queue takes (mandatory, returned) is not a success: it is
// retried MaxRefusals times, then the error says why.
func TestIntegrationPublishUnroutable(t *testing.T) {
	t.Parallel()
	ep := brokerEndpoint(t)
	p := NewPublisher(ep, "amq.direct", "ptstix-nobody-listens-"+time.Now().Format("150405.000000000"),
		Options{MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond, Logger: quiet})
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := p.Publish(ctx, []byte(`{}`), "")
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "unroutable: 312 NO_ROUTE") || !strings.Contains(err.Error(), "5 times in a row") {
		t.Errorf("err = %v", err)
	}
}

// Publish and consume through a server-named queue: acked on receipt,
// persistent, in order.
func TestIntegrationPublishConsume(t *testing.T) {
	t.Parallel()
	ep := brokerEndpoint(t)
	conn, err := dial(context.Background(), ep, Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ch, _ := conn.Channel()
	q, err := ch.QueueDeclare("", false, false, false, false, nil) // deleted below
	if err != nil {
		t.Fatal(err)
	}
	defer ch.QueueDelete(q.Name, false, false, false)
	p := NewPublisher(ep, "", q.Name, Options{}) // default exchange: routing key = queue
	defer p.Close()
	for _, b := range []string{`{"n":1}`, `{"n":2}`, `{"n":3}`} {
		if err := p.Publish(context.Background(), []byte(b), "id-"+b[5:6]); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var got []string
	c := NewConsumer(ep, q.Name, Options{})
	c.Run(ctx, func(m Message) {
		got = append(got, m.MessageID+" "+string(m.Body))
		if len(got) == 3 {
			cancel()
		}
	})
	if want := `id-1 {"n":1}|id-2 {"n":2}|id-3 {"n":3}`; strings.Join(got, "|") != want {
		t.Errorf("got %q", got)
	}
	if qi, err := ch.QueueDeclarePassive(q.Name, false, false, false, false, nil); err != nil || qi.Messages != 0 {
		t.Errorf("queue after consume: %+v, %v", qi, err)
	}
}
