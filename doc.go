// Package passivetotal is a client for the RiskIQ PassiveTotal v2 API:
// threat-intelligence articles with their indicators, passive DNS and
// account quota, as typed Go values ready to be mapped to STIX 2.1 (see
// the stix and mapping packages).
//
// # Authentication
//
// The API uses HTTP Basic authentication: the username is the account's
// e-mail and the password its API key.
//
//	client, err := passivetotal.NewClient(os.Getenv("PT_USERNAME"), os.Getenv("PT_API_KEY"))
//
// The credentials travel in the Authorization header of each request,
// never in a URL, and never appear in an error, a log record or a printed
// Client. NewClient refuses a plain http:// base URL unless the host is
// loopback (a local simulator) or WithInsecureHTTP is given, so they do not
// cross a network in clear text by accident. The service has been retired;
// WithBaseURL points the client at an archive replay, the built-in
// simulator, or either historical address
// (https://api.riskiq.net/pt/v2, the default, and
// https://api.passivetotal.org/v2).
//
// # Limits and retries
//
// Every call goes through one stack: the request builder (safe path and
// query escaping, Accept: application/json, User-Agent), retries with
// backoff (github.com/hashicorp/go-retryablehttp), a client-side rate limit
// (golang.org/x/time/rate, default DefaultRateLimit requests per second),
// a per-attempt timeout (DefaultAttemptTimeout) and the HTTP transport.
//
// Connection errors, timed-out attempts, 500, 502, 503, 504 and a 429 that
// is a throttle (not an exhausted quota) are retried, at most
// RetryPolicy.MaxRetries times, with exponential backoff and full jitter.
// A Retry-After header (seconds or HTTP date) replaces the computed wait,
// capped by RetryPolicy.MaxRetryAfter. 400, 401, 402, 403 and 404 are never
// retried. Retries take rate-limit tokens like any request. Every wait (a
// backoff, the limiter) ends as soon as the call's context is done; when
// the limiter sees that its wait would pass the context's deadline it
// refuses at once with an error matching context.DeadlineExceeded.
//
// WithQuotaGuard adds a pre-flight check of GET /account/quota before each
// call that spends an API search: the answer is cached (for a configurable
// time, and never past the quota's next reset), the searches let through
// are counted, and a call that would be refused fails fast, unsent, with a
// *QuotaExceededError. Quota returns the typed counters; Quota.Remaining
// and Quota.Exhausted take the tighter of the user and organization blocks.
//
// # Errors
//
// A refusal by the server is an *ErrorResponse: status, method, URL
// (without secrets), the server's message whatever the body's shape, and up
// to 1 MiB of the body. A 200 whose body carries an "error" object is one
// too. Match the cause with errors.Is:
//
//	_, _, err := client.PassiveDNS(ctx, "example.com", nil)
//	switch {
//	case errors.Is(err, passivetotal.ErrNotFound):       // 404: no records
//	case errors.Is(err, passivetotal.ErrQuotaExceeded):  // 429/403 quota, or the guard
//		var qe *passivetotal.QuotaExceededError
//		if errors.As(err, &qe) && !qe.NextReset.IsZero() {
//			log.Printf("quota resets at %v", qe.NextReset)
//		}
//	case errors.Is(err, passivetotal.ErrThrottled):      // 429 after every retry
//	case errors.Is(err, passivetotal.ErrUnauthorized):   // 401
//	case errors.Is(err, passivetotal.ErrNotPermitted):   // 402/403: not for this key
//	}
//
// A successful status with an unusable body is a *DecodeError whose Kind
// says why: not JSON (an HTML login page), truncated, of the wrong shape,
// empty, or larger than WithMaxResponseSize (also matching
// ErrResponseTooLarge); errors.Is(err, ErrInvalidResponse) matches them
// all. The Decode functions report a saved body over MaxDecodeSize (or a
// streamed value over MaxRecordSize) with the same type and kind. A
// redirect to another host (or from https to http) is refused with
// ErrRedirectRefused, so neither the credentials nor the query leave for a
// host the caller did not choose.
//
// # Pagination
//
// List endpoints return iterators that fetch pages as the loop asks for
// them and stop when the caller breaks out:
//
//	for article, err := range client.ListArticles(ctx, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(article.Title)
//	}
//
// Passive DNS follows the API's pager inside PassiveDNS and returns all
// records at once. The host-attribute datasets (components, trackers,
// cookies, host pairs) have both forms: Components returns every page
// merged, ListComponents yields rows as the loop asks for them.
//
// # Host datasets
//
// Besides passive DNS, each host dataset has a method, a model and a
// saved-body decoder: Whois and WhoisHistory, Certificate,
// SearchCertificates and CertificateHistory, Subdomains, HostSummary,
// Components, Trackers, Cookies, HostPairs, Services and Reputation. Every
// request (every page) is a search the quota guard checks and counts. The
// models are lenient like the passive DNS ones and name values by what
// they are, not by how v2 spelled them, so that a Microsoft Graph decoder
// can fill the same types. The mapping package turns each into STIX.
//
// # Logging
//
// WithLogger takes a *slog.Logger. The client logs one Debug record per
// HTTP attempt (method, endpoint, URL, attempt, status, durations) and an
// Info record per retry and per quota-guard refusal. Nothing is logged by
// default, and go-retryablehttp's own logger is off.
//
// # Metrics
//
// WithObserver reports every attempt as an Attempt: a stable endpoint
// label such as "/dns/passive", the status class, the attempt number (so
// retries), the time spent waiting on the rate limiter and in backoff, and
// the estimated quota left when known. The library imports no metrics
// package; the examples module adapts an Observer to Prometheus.
//
// # Endpoints not modelled yet
//
// NewRequest and Do send any method, path, query and JSON body through the
// same stack and decode the answer into any value:
//
//	req, err := client.NewRequest("GET", "enrichment/malware", url.Values{"query": {"example.com"}}, nil)
//	var malware map[string]any
//	_, err = client.Do(ctx, req, &malware)
package passivetotal
