package opencti_test

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/ptstix/passivetotal/opencti"
	"github.com/ptstix/passivetotal/opencti/openctitest"
)

// A minimal import connector, run once against the in-process platform of
// package openctitest over the API protocol (stixBundlePush: no RabbitMQ).
// It registers, sends one bundle within a work, saves its state, and stops;
// the platform shows what it received.
func Example() {
	platform := openctitest.NewServer(openctitest.Broker{})
	defer platform.Close()

	// The settings a deployment would give in the environment or config.yml:
	// OPENCTI_URL, OPENCTI_TOKEN, CONNECTOR_ID, CONNECTOR_NAME and
	// CONNECTOR_QUEUE_PROTOCOL=api.
	const connectorID = "5e0c5b4d-1111-4a2b-9c3d-222222222222"
	env := platform.Env(connectorID, "Example importer")
	settings, err := opencti.NewSettings(func(name string) (string, bool) { v, ok := env[name]; return v, ok }, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg, err := opencti.LoadConfig(settings, opencti.Config{Type: opencti.TypeExternalImport})
	if err != nil {
		fmt.Println(err)
		return
	}
	conn, err := opencti.New(cfg, opencti.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	if err := conn.Start(ctx); err != nil {
		fmt.Println(err)
		return
	}

	// One run: a domain, the address it resolves to, and the relationship
	// between them. The runtime cuts the bundle into one-object bundles, the
	// relationship after its two ends, and raises the work's expectations by
	// three before the first one leaves.
	bundle := []byte(`{"type":"bundle","id":"bundle--8d4a0f5e-5e1a-4c57-9a54-7d1c1e8f4b10","objects":[
		{"type":"relationship","spec_version":"2.1","id":"relationship--3b8c3f3e-6f4a-4d8e-9b1a-2c5d7e9f0a11","created":"2024-04-12T00:00:00Z","modified":"2024-04-12T00:00:00Z","relationship_type":"resolves-to","source_ref":"domain-name--c8a3d1f0-0f5b-5e0c-9f45-0a2d3b8b7c10","target_ref":"ipv4-addr--f3c1e3a2-7b6d-5f1c-8d2e-4a5b6c7d8e90"},
		{"type":"domain-name","spec_version":"2.1","id":"domain-name--c8a3d1f0-0f5b-5e0c-9f45-0a2d3b8b7c10","value":"example.com"},
		{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--f3c1e3a2-7b6d-5f1c-8d2e-4a5b6c7d8e90","value":"198.51.100.7"}]}`)
	err = conn.RunImport(ctx, func(ctx context.Context, run *opencti.ImportRun) (string, error) {
		if err := run.Send(ctx, bundle); err != nil {
			return "", err
		}
		// Saved to the platform by the ping that ends the run.
		return "example.com sent", conn.SaveState(map[string]string{"last_run": "2024-04-12T00:00:00Z"})
	})
	if err != nil {
		fmt.Println(err)
	}
	if err := conn.Close(ctx); err != nil {
		fmt.Println(err)
	}

	fmt.Println("calls:", platform.Ops())
	for _, c := range platform.Calls("stixBundlePush") {
		piece, err := openctitest.ParseReceivedBundle([]byte(c.Str("bundle")))
		if err != nil {
			fmt.Println(err)
			continue
		}
		for _, o := range piece.Objects {
			fmt.Println("pushed:", o["id"], "in work", c.Str("work_id"))
		}
	}
	work, _ := platform.Work(platform.WorkIDs()[0])
	fmt.Println("work:", work.Expected, "expected,", work.Messages)
	fmt.Println("state:", platform.State(connectorID))
	// Output:
	// calls: [registerConnector workAdd addExpectations stixBundlePush stixBundlePush stixBundlePush toProcessed pingConnector pingConnector]
	// pushed: domain-name--c8a3d1f0-0f5b-5e0c-9f45-0a2d3b8b7c10 in work work-1
	// pushed: ipv4-addr--f3c1e3a2-7b6d-5f1c-8d2e-4a5b6c7d8e90 in work work-1
	// pushed: relationship--3b8c3f3e-6f4a-4d8e-9b1a-2c5d7e9f0a11 in work work-1
	// work: 3 expected, [example.com sent]
	// state: {"last_run":"2024-04-12T00:00:00Z"}
}
