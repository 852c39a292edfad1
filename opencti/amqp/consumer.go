package amqp

import (
	"context"
	"fmt"

	amqp091 "github.com/rabbitmq/amqp091-go"
)

// Message is one delivery, already acknowledged, or one message to publish
// (Redelivered is then unused).
type Message struct {
	Body []byte // the message body
	// Redelivered is the broker's flag: the message was delivered before,
	// possibly to us, and its acknowledgement may not have arrived. The
	// handler should check whether it already handled it.
	Redelivered bool
	MessageID   string // the message-id property; "" for none
}

// Consumer reads one queue with prefetch 1 and acknowledges each message
// as soon as it arrives, before handling it (pycti's rule: it stops the
// broker's consumer_timeout from closing the channel under long work, and
// a message that crashes the handler is not redelivered forever).
type Consumer struct {
	ep    Endpoint
	queue string
	opts  Options
}

// NewConsumer returns a consumer of queue; Run starts it.
func NewConsumer(ep Endpoint, queue string, opts Options) *Consumer {
	return &Consumer{ep: ep, queue: queue, opts: opts.withDefaults()}
}

// Run consumes until ctx is done, calling handle for each message, one at
// a time. The rules that keep a request from being lost or handled twice:
//
//   - A message is handed over only once its ack was written; one whose ack
//     fails (the channel is gone) is dropped here and redelivered by the
//     broker.
//   - handle runs to completion even if the connection dies meanwhile:
//     the message is acked, so it is ours; the reconnect happens after.
//   - When ctx is done, the message in hand is finished, and nothing more
//     is taken: a delivery already received but not acked is rejected back
//     to the queue.
//
// Connection failures are logged and retried with backoff; Run returns
// nil when ctx is done.
func (c *Consumer) Run(ctx context.Context, handle func(Message)) error {
	bo := backoff{min: c.opts.MinBackoff, max: c.opts.MaxBackoff}
	for ctx.Err() == nil {
		conn, deliveries, err := c.subscribe(ctx)
		if err != nil {
			wait := bo.next()
			c.opts.Logger.Warn("amqp consume: cannot reach the queue; retrying", "queue", c.queue,
				"endpoint", c.ep, "retry_in", wait.String(), "error", err.Error())
			sleep(ctx, wait)
			continue
		}
		bo.reset()
		c.opts.Logger.Debug("amqp consume: listening", "queue", c.queue)
		lost := c.drain(ctx, deliveries, handle)
		_ = conn.Close()
		if lost && ctx.Err() == nil {
			wait := bo.next()
			c.opts.Logger.Warn("amqp consume: connection lost; reconnecting", "queue", c.queue, "retry_in", wait.String())
			sleep(ctx, wait)
		}
	}
	return nil
}

// drain handles deliveries until the channel closes (lost=true) or ctx is
// done.
func (c *Consumer) drain(ctx context.Context, deliveries <-chan amqp091.Delivery, handle func(Message)) (lost bool) {
	for {
		select {
		case <-ctx.Done():
			return false
		case d, ok := <-deliveries:
			if !ok {
				return true
			}
			if ctx.Err() != nil {
				// Not ours yet: give it back for another consumer or our next start.
				_ = d.Nack(false, true)
				return false
			}
			if err := d.Ack(false); err != nil {
				c.opts.Logger.Warn("amqp consume: ack failed; the broker will redeliver", "queue", c.queue, "error", err.Error())
				continue
			}
			handle(Message{Body: d.Body, Redelivered: d.Redelivered, MessageID: d.MessageId})
		}
	}
}

func (c *Consumer) subscribe(ctx context.Context) (*amqp091.Connection, <-chan amqp091.Delivery, error) {
	conn, err := dial(ctx, c.ep, c.opts)
	if err != nil {
		return nil, nil, err
	}
	conn.NotifyClose(make(chan *amqp091.Error, 1))
	ch, err := conn.Channel()
	if err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("amqp: channel: %w", err)
	}
	ch.NotifyClose(make(chan *amqp091.Error, 1))
	if err := ch.Qos(1, 0, false); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("amqp: qos: %w", err)
	}
	deliveries, err := ch.Consume(c.queue, "", false, false, false, false, nil)
	if err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("amqp: consume %s: %w", c.queue, err)
	}
	return conn, deliveries, nil
}
