package passivetotal

import "github.com/ptstix/passivetotal/internal/httpcore"

// Observer receives one report per API attempt, for metrics or tracing. It
// is called synchronously on the calling goroutine, after the response body
// has been read (within the attempt) or the attempt fails, so it must be
// quick and safe for concurrent use (a Client serves many goroutines). The
// library imports no metrics package; an adapter to Prometheus or
// OpenTelemetry lives in the caller's code.
type Observer = httpcore.Observer

// ObserverFunc adapts a function to Observer.
type ObserverFunc = httpcore.ObserverFunc

// Attempt describes one HTTP attempt of an API call: Method, Endpoint (a
// stable, low-cardinality route label such as "/articles/{guid}"), Number
// (1 for the first attempt, 0 when the quota guard refused the call
// unsent), StatusCode (0 when no response arrived), Err (scrubbed of
// secrets), Duration, LimiterWait, BackoffWait, and QuotaRemaining when
// QuotaKnown. Retry and StatusClass summarise it.
type Attempt = httpcore.Attempt

// Limiter paces requests. *rate.Limiter from golang.org/x/time/rate
// satisfies it. Wait blocks until one request may be sent, or returns an
// error (the context ended, or waiting would pass its deadline).
type Limiter = httpcore.Limiter

// knownRoutes are the API routes with their dynamic segments named, so an
// observer's labels stay few. A "*" segment matches any single segment.
var knownRoutes = []string{
	"/account", "/account/quota", "/account/history", "/account/monitors",
	"/account/notifications", "/account/organization", "/account/organization/teamstream",
	"/account/sources",
	"/articles", "/articles/indicators", "/articles/{guid}",
	"/dns/passive", "/dns/passive/unique", "/dns/search/keyword",
	"/whois", "/whois/search", "/whois/search/keyword",
	"/ssl-certificate", "/ssl-certificate/history", "/ssl-certificate/search",
	"/enrichment", "/enrichment/bulk", "/enrichment/malware", "/enrichment/osint",
	"/enrichment/subdomains",
	"/host-attributes/components", "/host-attributes/pairs", "/host-attributes/trackers",
	"/trackers/search", "/services", "/reputation", "/cards/summary", "/artifact",
	"/actions/classification", "/actions/tags", "/actions/ever-compromised",
	"/actions/dynamic-dns", "/actions/sinkhole", "/actions/bulk/classification",
	"/monitor", "/project",
}

// endpointLabel maps a request path relative to the base URL (escaped, with
// or without a leading slash) to a route label. Unknown paths keep their
// first segment only, followed by "/*" when there is more.
var endpointLabel = httpcore.RouteLabels(knownRoutes...)
