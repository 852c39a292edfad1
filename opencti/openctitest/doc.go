// Package openctitest provides an OpenCTI platform stand-in for testing
// connectors built on package opencti, as net/http/httptest does for HTTP
// servers.
//
// New starts a Platform: an httptest GraphQL server that answers the calls of
// the connector protocol (registerConnector, pingConnector, workAdd, workEdit,
// stixBundlePush, the queue details and an entity's markings), records them
// (Calls, Ops), keeps the state a ping saves (State, SetState) and tracks
// works by the rules of OpenCTI 6.8.10 (Work: expectations, completion, and
// the worker's is_work_alive check). Platform.Env gives a connector's settings
// for it, with CONNECTOR_QUEUE_PROTOCOL=api: the bundles arrive as
// stixBundlePush calls (Bundles), so a test needs no RabbitMQ. A Listener
// feeds enrichment requests (EnrichmentBody) to a connector without a broker.
//
// Against a real RabbitMQ (the URL in PTSTIX_AMQP_URL; tests skip when it is
// unset), NewRealBroker declares a connector's queues as the platform does,
// publishes enrichment requests, reads what the connector pushed, and
// Platform.StartWorker runs the platform's worker rules on the push queue, so
// that a test sees what OpenCTI would import and what it would drop.
package openctitest
