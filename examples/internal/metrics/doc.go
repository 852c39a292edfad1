// Package metrics gives the example connectors Prometheus metrics and a health check,
// the CONNECTOR_EXPOSE_METRICS of the old OpenCTI connectors made more useful.
//
// A Metrics holds every series in its own prometheus.Registry (never the global one, so
// two connectors in one process, or two tests, do not share counters). It is fed from
// three places:
//
//   - the library: Metrics implements passivetotal.Observer, so a client built with
//     passivetotal.WithObserver(m) reports each API attempt (requests by endpoint and
//     outcome, retries, latency, rate-limiter and backoff waits, quota left);
//   - the run: Metrics implements cli.Observer, so the events the programs already emit
//     for their summary (items done and skipped, bundles and objects written, mapping
//     skips, errors, runs finished) are counted the same way the summary counts them;
//   - the program: SetState, Error, Success and the other Record methods for what the
//     events do not say (connector state, OpenCTI delivery errors).
//
// Listen serves /metrics and /healthz on CONNECTOR_METRICS_PORT (default 9095, as pycti)
// when CONNECTOR_EXPOSE_METRICS is true; Server.Shutdown stops it with the connector.
//
// Metric names follow the Prometheus conventions (counters end in _total, times are in
// seconds). Label values that come from data (skip reasons) are normalised and bounded,
// see ReasonLabel, so a stream of odd records cannot grow the series without limit.
package metrics
