// Package amqp is the RabbitMQ side of the OpenCTI connector runtime: a
// Publisher that delivers messages on a confirm channel, many in flight
// (persistent, mandatory, retried until confirmed, given up when the broker
// keeps refusing them) and a Consumer that
// reads a queue with prefetch 1, acknowledges each message on receipt and
// survives the broker going away by dialing again with backoff.
//
// It knows nothing of OpenCTI message formats; package opencti builds the
// bodies. Both types own their connection, so a consumer's reconnect never
// disturbs a publish in flight and the other way round.
//
// Built on github.com/rabbitmq/amqp091-go without its opt-in Recovery: the
// consumer's "acked means ours, finish it" rule needs the classic reconnect
// loop, where the code decides what happens to the message in hand.
package amqp
