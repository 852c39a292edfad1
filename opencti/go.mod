module github.com/ptstix/passivetotal/opencti

go 1.25.0

replace github.com/ptstix/passivetotal => ../

require (
	github.com/google/go-cmp v0.7.0
	github.com/ptstix/passivetotal v0.0.0-00010101000000-000000000000
	github.com/rabbitmq/amqp091-go v1.16.0
	github.com/vektah/gqlparser/v2 v2.5.64
	go.yaml.in/yaml/v3 v3.0.6
)

require github.com/agnivade/levenshtein v1.2.2 // indirect
