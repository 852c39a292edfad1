package openctitest_test

import (
	"context"
	"fmt"

	"github.com/ptstix/passivetotal/opencti"
	"github.com/ptstix/passivetotal/opencti/openctitest"
)

// A platform outside a test function: a connector's GraphQL calls reach it,
// and it records them and keeps the state a ping saves.
func ExampleNewServer() {
	platform := openctitest.NewServer(openctitest.Broker{Host: "rabbitmq", Port: 5672, User: "connector"})
	defer platform.Close()

	gql, err := opencti.NewHTTPClient(platform.URL(), openctitest.Token, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	api := opencti.NewAPI(gql)
	ctx := context.Background()
	const id = "5e0c5b4d-1111-4a2b-9c3d-222222222222"
	reg, err := api.RegisterConnector(ctx, opencti.RegisterInput{ID: id, Name: "example", Type: opencti.TypeExternalImport, Scope: []string{}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := api.PingConnector(ctx, id, []byte(`{"cursor":7}`), nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("push queue:", reg.Config.Push, "on", reg.Config.Connection)
	fmt.Println("calls:", platform.Ops())
	fmt.Println("state:", platform.State(id))
	// Output:
	// push queue: push_5e0c5b4d-1111-4a2b-9c3d-222222222222 on amqp://connector@rabbitmq:5672/
	// calls: [registerConnector pingConnector]
	// state: {"cursor":7}
}
