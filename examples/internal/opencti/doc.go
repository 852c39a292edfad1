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
//   - Importer: an ImportFunc does one run; RunImport wraps it in a work
//     (workAdd, toProcessed with its summary or in error, ping), Schedule
//     repeats it every CONNECTOR_DURATION_PERIOD. ImportRun.Send delivers a
//     bundle with the run's work id; Connector.SaveState/LoadState hold the
//     cursor, which the platform saves through pings only.
//   - Enricher: an EnrichFunc turns one EnrichmentRequest into a bundle and
//     a summary; RunEnricher does the rest (listen queue, ack on receipt,
//     toReceived, scope and maximum TLP checks, granted_refs copy, the
//     bundle sent with the request's work id, toProcessed, work pings,
//     reconnects, no request handled twice). Return Skip(reason) to close
//     a work as skipped.
//   - Substitution for tests: WithGraphQL (any GraphQL implementation),
//     WithSender (BundleSender), WithListener (Listener).
//
// The broker side lives in package amqp next to this one.
package opencti
