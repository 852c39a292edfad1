package amqp

import (
	"context"
	"errors"
	"fmt"
	"sync"

	amqp091 "github.com/rabbitmq/amqp091-go"
)

// Publisher delivers messages to one exchange and routing key, each
// persistent, mandatory and confirmed by the broker. It dials lazily and
// again after any failure. Safe for concurrent use; publishes are
// serialised so that a returned (unroutable) message is never mistaken for
// another one.
type Publisher struct {
	ep         Endpoint
	exchange   string
	routingKey string
	opts       Options

	mu      sync.Mutex
	conn    *amqp091.Connection
	ch      *amqp091.Channel
	returns chan amqp091.Return
	closed  bool
}

// NewPublisher returns a publisher; it does not connect until the first
// Publish.
func NewPublisher(ep Endpoint, exchange, routingKey string, opts Options) *Publisher {
	return &Publisher{ep: ep, exchange: exchange, routingKey: routingKey, opts: opts.withDefaults()}
}

// ErrClosed is returned by Publish after Close.
var ErrClosed = errors.New("amqp: publisher closed")

// errRefused is a nack or a return: the broker is up but did not take the
// message. It is retried on the same connection.
type errRefused struct{ why string }

func (e errRefused) Error() string { return e.why }

// Publish sends body and waits for the broker's confirmation. A nack, an
// unroutable return or a lost connection is retried with backoff until it
// succeeds or ctx is done (then the last failure is returned with the
// context's error). A message may reach the broker twice if the
// connection dies after the broker stored it but before its confirm
// arrived: delivery is at least once, as with pycti.
func (p *Publisher) Publish(ctx context.Context, body []byte, messageID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	bo := backoff{min: p.opts.MinBackoff, max: p.opts.MaxBackoff}
	for attempt := 1; ; attempt++ {
		if p.closed {
			return ErrClosed
		}
		err := p.publishOnce(ctx, body, messageID)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("amqp: publish to %s/%s: %w (last failure: %v)", p.exchange, p.routingKey, ctx.Err(), err)
		}
		var refused errRefused
		if !errors.As(err, &refused) {
			p.dropLocked()
		}
		wait := bo.next()
		p.opts.Logger.Warn("amqp publish failed; retrying", "exchange", p.exchange, "routing_key", p.routingKey,
			"attempt", attempt, "retry_in", wait.String(), "error", err.Error())
		if !sleep(ctx, wait) {
			return fmt.Errorf("amqp: publish to %s/%s: %w (last failure: %v)", p.exchange, p.routingKey, ctx.Err(), err)
		}
	}
}

func (p *Publisher) publishOnce(ctx context.Context, body []byte, messageID string) error {
	if err := p.connectLocked(ctx); err != nil {
		return err
	}
	// Anything left over belongs to a message already given up on.
	for len(p.returns) > 0 {
		<-p.returns
	}
	dc, err := p.ch.PublishWithDeferredConfirmWithContext(ctx, p.exchange, p.routingKey, true, false, amqp091.Publishing{
		ContentType:     "application/json",
		ContentEncoding: "utf-8",
		DeliveryMode:    amqp091.Persistent,
		MessageId:       messageID,
		Body:            body,
	})
	if err != nil {
		return err
	}
	// PublishWithContext cannot take back a frame in flight; what can be
	// bounded is the wait for its confirmation.
	ok, err := dc.WaitContext(ctx)
	if err != nil {
		return err
	}
	if !ok {
		if p.ch.IsClosed() || p.conn.IsClosed() {
			return errors.New("connection lost before the broker confirmed")
		}
		return errRefused{"broker nacked the message"}
	}
	// The library hands a basic.return to NotifyReturn before it processes
	// the ack that follows it, so it is already buffered here if it came.
	select {
	case r, open := <-p.returns:
		if !open {
			return errors.New("connection lost")
		}
		return errRefused{fmt.Sprintf("unroutable: %d %s", r.ReplyCode, r.ReplyText)}
	default:
	}
	return nil
}

func (p *Publisher) connectLocked(ctx context.Context) error {
	if p.ch != nil && !p.ch.IsClosed() && !p.conn.IsClosed() {
		return nil
	}
	p.dropLocked()
	conn, err := dial(ctx, p.ep, p.opts)
	if err != nil {
		return err
	}
	// Drained by nobody but buffered: the library must never block on it
	// (amqp091-go issues #18/#32).
	conn.NotifyClose(make(chan *amqp091.Error, 1))
	ch, err := conn.Channel()
	if err != nil {
		conn.Close()
		return fmt.Errorf("amqp: channel: %w", err)
	}
	if err := ch.Confirm(false); err != nil {
		conn.Close()
		return fmt.Errorf("amqp: confirm mode: %w", err)
	}
	ch.NotifyClose(make(chan *amqp091.Error, 1))
	p.returns = ch.NotifyReturn(make(chan amqp091.Return, 4))
	p.conn, p.ch = conn, ch
	return nil
}

func (p *Publisher) dropLocked() {
	if p.conn != nil {
		_ = p.conn.Close()
	}
	p.conn, p.ch, p.returns = nil, nil, nil
}

// Close closes the connection; later Publish calls fail with ErrClosed.
// It waits for a Publish in progress.
func (p *Publisher) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.dropLocked()
	return nil
}
