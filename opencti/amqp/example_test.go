package amqp_test

import (
	"context"
	"log"

	"github.com/ptstix/passivetotal/opencti/amqp"
)

// Publishing to a connector's push queue and consuming its listen queue, with
// the names and credentials a registration gave (opencti.Registration). Each
// Publish returns once the broker confirmed the message; the consumer
// acknowledges each message as it arrives and dials again after a failure.
func Example() {
	ep := amqp.Endpoint{Host: "rabbitmq", Port: 5672, VHost: "/", User: "connector", Pass: "secret"}
	ctx := context.Background()

	pub := amqp.NewPublisher(ep, "amqp.worker.exchange", "push_routing_<id>", amqp.Options{})
	defer pub.Close()
	if err := pub.Publish(ctx, []byte(`{"bundle_type":"QUEUE_BUNDLE"}`), "message-1"); err != nil {
		log.Print(err)
	}

	cons := amqp.NewConsumer(ep, "listen_<id>", amqp.Options{})
	_ = cons.Run(ctx, func(m amqp.Message) {
		log.Printf("request of %d bytes", len(m.Body))
	})
}
