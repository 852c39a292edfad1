// Package httpcore is the HTTP machinery shared by the module's API
// clients (PassiveTotal in the root package, Microsoft Graph threat
// intelligence in mdti): request building with safe path escaping, the
// go-retryablehttp stack with its retry and backoff policy, the
// x/time/rate limiter under the retries, per-attempt timeouts, bounded
// body reading, secret scrubbing, the Observer hook, and the typed errors
// and sentinels that errors.Is matches across backends.
//
// A backend differs only where its Config says so: how credentials are
// applied (Authorizer), how an error body is read (Dialect.ParseError),
// which statuses are retried (Dialect.RetryStatus), how a path becomes an
// Observer label (Dialect.Endpoint), and whether quota messages classify
// refusals (Dialect.QuotaMessages).
//
// The stack under retryablehttp, top to bottom:
//
//	observeTransport  counts attempts, measures waits, logs, calls the Observer
//	limiterTransport  waits for a rate-limit token
//	authTransport     sets the credentials of this attempt, same host only
//	bufferTransport   reads the body within the attempt, up to the limit
//	timeoutTransport  bounds one attempt, body included
//	base              the caller's Transport, or a clone of http.DefaultTransport
//
// None of them implements CloseIdleConnections on purpose: retryablehttp
// calls it on every failed call, which would empty the keep-alive pool that
// the base transport shares between concurrent calls.
package httpcore
