// Package opencti is a Go runtime for OpenCTI connectors, following the
// protocol of pycti (OpenCTI 6.x; see shared spec OPENCTI.md): register
// over GraphQL, keep state through pings, deliver bundles to the platform's
// RabbitMQ (or with stixBundlePush), and consume enrichment requests.
//
// It knows nothing about PassiveTotal: bundles are opaque JSON here. A
// connector program plugs in through these seams:
//
//   - Configuration: LoadSettings/NewSettings (environment over
//     config.yml), LoadConfig for the OpenCTI part; the program reads its
//     own keys (riskiq.*) with Settings.Lookup and reports problems as a
//     *SettingError.
//   - Lifecycle: New(cfg), Start(ctx) (register, state, ping loop every
//     40 s), then one of the runners, then Close(ctx) (final ping).
//   - Delivery: Connector.SendBundle does what pycti's send_stix2_bundle
//     does, so that the platform's worker drops nothing: SplitBundle cuts the
//     bundle into one-object bundles in dependency order, addExpectations
//     raises the work's count by their number before the first leaves, then
//     they are published pipelined with confirms (or pushed one
//     stixBundlePush each). A push queue that keeps refusing (the connector
//     was deleted) ends the delivery with amqp.ErrRefused.
//   - Importer: an ImportFunc does one run; RunImport wraps it in a work
//     (workAdd, toProcessed with its summary or in error, ping), Schedule
//     repeats it every CONNECTOR_DURATION_PERIOD (once with
//     CONNECTOR_RUN_AND_TERMINATE or a period of 0), skipping runs while the
//     push queue is over CONNECTOR_QUEUE_THRESHOLD; pings carry
//     connectorInfo. ImportRun.Send delivers a bundle within the run's work;
//     Connector.SaveState/LoadState hold the cursor, which the platform saves
//     through pings only.
//   - Enricher: an EnrichFunc turns one EnrichmentRequest into a bundle and
//     a summary; RunEnricher does the rest (listen queue, ack on receipt,
//     toReceived, scope and maximum TLP checks with markings the request
//     cannot resolve read from the platform, granted_refs copy, the bundle
//     delivered with the request's work id and draft, toProcessed, work
//     pings, reconnects, no request handled twice). Return Skip(reason) to
//     close a work as skipped.
//   - Substitution for tests: WithGraphQL (any GraphQL implementation),
//     WithSender (BundleSender), WithListener (Listener).
//
// The broker side lives in package amqp next to this one.
package opencti
