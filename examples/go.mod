module github.com/ptstix/passivetotal/examples

go 1.25.0

replace github.com/ptstix/passivetotal => ../

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/rabbitmq/amqp091-go v1.16.0 // indirect
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // indirect
	golang.org/x/text v0.14.0 // indirect
)
