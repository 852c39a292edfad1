// Package opencti is a Go runtime for OpenCTI connectors: what pycti, OpenCTI's
// Python connector SDK, does for Python connectors. It follows the connector
// protocol of OpenCTI 6.8 (checked against the 6.8.10 platform, worker and
// pycti sources) and ignores members newer platforms add to their answers.
// It knows nothing of where a connector's data comes from: bundles are STIX
// 2.1 JSON text here.
//
// # Overview
//
// A connector reads its settings (LoadConfig, over Settings), creates a
// Connector (New), registers it (Start), runs an importer (Schedule or
// RunImport) or an enricher (RunEnricher), and stops (Close):
//
//	settings, _ := opencti.NewSettings(os.LookupEnv, configYML)
//	cfg, err := opencti.LoadConfig(settings, opencti.Config{Type: opencti.TypeExternalImport, Name: "my importer"})
//	conn, err := opencti.New(cfg)
//	err = conn.Start(ctx)
//	err = conn.Schedule(ctx, cfg.DurationPeriod, func(ctx context.Context, run *opencti.ImportRun) (string, error) {
//		return "1 bundle sent", run.Send(ctx, bundle)
//	})
//	err = conn.Close(ctx)
//
// Package openctitest is a platform stand-in to test a connector against,
// without OpenCTI and, over the API protocol, without RabbitMQ.
//
// # Configuration
//
// Settings reads settings the way pycti does: the environment variable
// (OPENCTI_URL, CONNECTOR_ID, MQ_HOST, ...) first, then its key in config.yml
// (opencti.url, connector.id, mq.host, ...). LoadConfig reads the OpenCTI
// ones into a Config and names the variable and key of a bad one in a
// *SettingError; a connector reads its own through the same Settings.
//
// # Registration, ping and state
//
// Start sends registerConnector with the connector's id, name, type and
// scope, and gets back the connector's user, its saved state and the
// RabbitMQ queues the platform declared for it (the connector never declares
// them; MQ_* settings override the broker's address and credentials). A ping
// every 40 s (pingConnector) tells the platform the connector is alive and
// carries the state: the state is saved only by pings, and one the platform
// answers with replaces the local one (an operator reset it). SaveState and
// LoadState keep a connector's cursor; RunImport pings after each run and
// Close pings one last time.
//
// # Works and bundle delivery
//
// Everything a connector sends belongs to a work (workAdd for an import run;
// the platform opens one per enrichment request). The platform's worker drops
// the messages of a work that is no longer alive, and toProcessed ends a work
// once as many objects were imported as expected. So Connector.SendBundle
// does what pycti's send_stix2_bundle does: SplitBundle cuts the bundle into
// one-object bundles in dependency order (an object after those it
// references), addExpectations raises the work's count by their number before
// the first one leaves, and the pieces go out. Over AMQP (the default,
// CONNECTOR_QUEUE_PROTOCOL=amqp) they are published to the push exchange,
// persistent and mandatory, many in flight on a confirm channel, each
// re-sent until the broker confirms it; a push queue that keeps refusing
// (the connector was deleted) ends the delivery with an error matching
// amqp.ErrRefused. Over the API (CONNECTOR_QUEUE_PROTOCOL=api) each piece is
// one stixBundlePush call, and no broker is needed. The work is closed with
// toProcessed only after every piece was sent.
//
// # Importers
//
// An ImportFunc does one run; RunImport wraps it in a work (workAdd,
// toProcessed with its summary or in error, then a ping). Schedule repeats it
// every period, or runs once (CONNECTOR_RUN_AND_TERMINATE, or a period of 0),
// and skips a run while the push queue holds more than
// CONNECTOR_QUEUE_THRESHOLD; its pings tell the platform the last and next
// run and whether it is buffering.
//
// # Enrichment
//
// RunEnricher consumes the listen queue as pycti does: prefetch 1, each
// message acknowledged as it arrives (so a long enrichment does not trip the
// broker's consumer_timeout, and a message that crashes the connector is not
// redelivered forever), one at a time, with a new connection after a broker
// failure and no request handled twice. For each EnrichmentRequest it marks
// the work received (toReceived), checks the scope and the maximum TLP
// (EntityTLP, reading from the platform the markings the request cannot
// resolve; unresolved markings count as TLP:RED), calls the EnrichFunc,
// copies the entity's granted_refs onto every object (CopyGrantedRefs),
// sends the bundle with the request's work, pings the work every 5 minutes
// while it runs, and closes it with toProcessed. An EnrichFunc returns
// Skip(reason) to close a work as skipped rather than in error.
//
// # Drafts
//
// A request made inside a draft carries the draft's id: everything done for
// it (the work calls, addExpectations, the messages or stixBundlePush calls)
// carries it too (the opencti-draft-id header, the message's draft_id), so
// that the new objects land in the draft. WithDraftID does the same for a
// connector's own GraphQL calls.
//
// # Substitution for tests
//
// WithGraphQL replaces the HTTP GraphQL client, WithSender the bundle
// delivery and WithListener the listen-queue consumer. The broker side is
// package amqp.
package opencti
