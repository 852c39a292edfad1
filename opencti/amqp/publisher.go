package amqp

import (
	"context"
	"errors"
	"fmt"
	"sync"

	amqp091 "github.com/rabbitmq/amqp091-go"
)

// Publisher delivers messages to one exchange and routing key, each
// persistent, mandatory and confirmed by the broker, many in flight at once.
// It dials lazily and again after any failure. Safe for concurrent use; calls
// are serialised so that a returned (unroutable) message is never mistaken
// for another caller's.
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

// Publish sends one message and waits for the broker's confirmation; it is
// PublishAll of one message.
func (p *Publisher) Publish(ctx context.Context, body []byte, messageID string) error {
	return p.PublishAll(ctx, []Message{{Body: body, MessageID: messageID}})
}

// ErrRefused matches (errors.Is) the error PublishAll returns when the broker kept
// refusing a message (unroutable: the queue is gone, or nacked) MaxRefusals times in a
// row.
var ErrRefused = errors.New("amqp: broker refused the message")

// PublishAll sends msgs, pipelined: up to Options.InFlight messages are out before the
// oldest confirmation is waited for, so the broker's confirms overlap instead of costing
// one round trip each. It returns once every message is confirmed. A nacked or returned
// (unroutable) message is sent again after a backoff, a lost connection is dialed again
// and every unconfirmed message re-sent; in every case the order of first sending is
// kept. It gives up when ctx is done, and after MaxRefusals rounds in a row in which
// the broker refused messages (an error matching ErrRefused: for a connector, its push
// queue was deleted with it). A message may reach the broker twice if the connection
// dies after the broker stored it but before its confirm arrived: delivery is at least
// once, as with pycti.
func (p *Publisher) PublishAll(ctx context.Context, msgs []Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	bo := backoff{min: p.opts.MinBackoff, max: p.opts.MaxBackoff}
	pending := msgs
	refusals := 0
	for attempt := 1; len(pending) > 0; attempt++ {
		if p.closed {
			return ErrClosed
		}
		left, err := p.publishRound(ctx, pending)
		if err == nil && len(left) == 0 {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("amqp: publish to %s/%s: %w (last failure: %v)", p.exchange, p.routingKey, ctx.Err(), err)
		}
		var refused errRefused
		if errors.As(err, &refused) {
			refusals++
			if refusals >= p.opts.MaxRefusals {
				return fmt.Errorf("amqp: publish to %s/%s: %w %d times in a row: %v", p.exchange, p.routingKey, ErrRefused, refusals, err)
			}
		} else {
			refusals = 0
			p.dropLocked()
		}
		pending = left
		wait := bo.next()
		p.opts.Logger.Warn("amqp publish failed; retrying", "exchange", p.exchange, "routing_key", p.routingKey,
			"attempt", attempt, "unconfirmed", len(pending), "retry_in", wait.String(), "error", err.Error())
		if !sleep(ctx, wait) {
			return fmt.Errorf("amqp: publish to %s/%s: %w (last failure: %v)", p.exchange, p.routingKey, ctx.Err(), err)
		}
	}
	return nil
}

// publishRound sends msgs with at most InFlight unconfirmed, and returns those that
// must be sent again (refused, or unconfirmed when the connection failed) with the
// failure. Refusals do not stop the round; a connection failure does.
func (p *Publisher) publishRound(ctx context.Context, msgs []Message) (left []Message, err error) {
	if err := p.connectLocked(ctx); err != nil {
		return msgs, err
	}
	// Anything left over belongs to a message already given up on or re-sent.
	for len(p.returns) > 0 {
		<-p.returns
	}
	type sent struct {
		i  int
		dc *amqp091.DeferredConfirmation
	}
	window := make([]sent, 0, p.opts.InFlight)
	returned := map[string]int{}
	var refusal error
	// settle waits for the oldest confirmation in the window.
	settle := func() error {
		s := window[0]
		window = window[1:]
		ok, err := s.dc.WaitContext(ctx)
		if err != nil {
			return err
		}
		if !ok {
			if p.ch.IsClosed() || p.conn.IsClosed() {
				return errors.New("connection lost before the broker confirmed")
			}
			left = append(left, msgs[s.i])
			refusal = errRefused{"broker nacked the message"}
			return nil
		}
		// The library hands a basic.return to NotifyReturn before the ack that follows
		// it, and the channel holds one return per message in flight.
		for drained := false; !drained; {
			select {
			case r, open := <-p.returns:
				if !open {
					return errors.New("connection lost")
				}
				returned[r.MessageId]++
				refusal = errRefused{fmt.Sprintf("unroutable: %d %s", r.ReplyCode, r.ReplyText)}
			default:
				drained = true
			}
		}
		if id := msgs[s.i].MessageID; returned[id] > 0 {
			returned[id]--
			left = append(left, msgs[s.i])
		}
		return nil
	}
	fail := func(i int, err error) ([]Message, error) {
		for _, s := range window {
			left = append(left, msgs[s.i])
		}
		return append(left, msgs[i:]...), err
	}
	for i, m := range msgs {
		if len(window) == cap(window) {
			if err := settle(); err != nil {
				return fail(i, err)
			}
		}
		dc, err := p.ch.PublishWithDeferredConfirmWithContext(ctx, p.exchange, p.routingKey, true, false, amqp091.Publishing{
			ContentType:     "application/json",
			ContentEncoding: "utf-8",
			DeliveryMode:    amqp091.Persistent,
			MessageId:       m.MessageID,
			Body:            m.Body,
		})
		if err != nil {
			return fail(i, err)
		}
		window = append(window, sent{i, dc})
	}
	for len(window) > 0 {
		if err := settle(); err != nil {
			return fail(len(msgs), err)
		}
	}
	return left, refusal
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
	// One return at most per message in flight: the library never blocks on it.
	p.returns = ch.NotifyReturn(make(chan amqp091.Return, p.opts.InFlight+1))
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
