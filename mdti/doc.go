// Package mdti is a client for Microsoft Graph's threat-intelligence API
// (/security/threatIntelligence, the successor of RiskIQ PassiveTotal and
// Microsoft Defender Threat Intelligence). It returns the SDK's own models
// (passivetotal.Article, passivetotal.ArticleIndicator,
// passivetotal.DNSRecord), so the mapping package turns Graph data into the
// same STIX 2.1 as PassiveTotal data.
//
// # Signing in
//
// Graph takes an Entra ID bearer token. With an app registration that has
// the ThreatIntelligence.Read.All application permission (admin consent
// granted), the client credentials flow signs in with the tenant ID, the
// client ID and a client secret:
//
//	client, err := mdti.NewClient(mdti.WithClientCredentials(tenantID, clientID, secret))
//
// The token comes from https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token
// (WithTokenURL changes it) with the scope https://graph.microsoft.com/.default,
// through golang.org/x/oauth2/clientcredentials, with the same transport and
// attempt timeout as Graph calls. It is cached and refreshed before it
// expires; when Graph refuses a token anyway (revoked, expired early), the
// client fetches a new one and tries the call once more. WithTokenSource
// takes any oauth2.TokenSource instead: azidentity, a managed identity, a
// workload identity (see the example).
//
// A refused token request is a *TokenError that keeps Entra ID's AADSTS
// code and matches ErrUnauthorized. The secret and the tokens never appear
// in an error, a log record or an observer report: they are scrubbed from
// every text the client produces, in plain, URL-encoded and base64 forms.
//
// # Endpoints
//
//   - ListArticles, GetArticle, ListArticleIndicators and
//     ArticleIndicatorGroups: articles and their indicators. An artifact's
//     @odata.type decides the indicator type (hostname → domain, ipAddress
//     → ip, an unclassifiedArtifact by its kind: url, hash_sha256, email,
//     ...); see ArtifactType.
//   - PassiveDNS and PassiveDNSReverse: passive DNS of a host, with a
//     last-seen window. Records read as passivetotal.DNSRecord: Value is
//     the queried host, RecordHash Graph's record id; Source stays empty,
//     since Graph names no sources.
//   - GetHost: what Graph knows of a hostname or an IP address;
//     HostSummary gives it as a passivetotal.HostSummary.
//   - The host datasets, each as the root package's model of the matching
//     PassiveTotal answer, so the same mapping functions apply: HostWhois
//     and WhoisHistory (passivetotal.WhoisRecord, WhoisHistory),
//     HostCertificates and Certificate (sightings and
//     passivetotal.SSLCertificate), HostSubdomains, HostPairs (both
//     directions, parents or children), HostComponents, HostTrackers,
//     HostCookies, HostPorts (passivetotal.Services) and HostReputation.
//     Listings read every page before they return.
//   - DecodeDataset and SniffDataset read saved bodies of these endpoints.
//   - ListIntelProfiles, GetIntelProfile and ListIntelProfileIndicators:
//     intelligence profiles (threat actors and tools) and their
//     indicators, for mapping.Profile.
//   - GetVulnerability, ListVulnerabilityComponents and
//     ListVulnerabilityArticles: a CVE, the products it affects and the
//     articles about it, for mapping.Vulnerability and mapping.ArticleLinks.
//
// # Paging
//
// Listings return iter.Seq2 sequences that fetch pages as the loop asks
// for them. Each page's @odata.nextLink is followed verbatim once checked:
// an absolute URL on the base URL's scheme, host and path, without
// credentials or fragment, not seen before (a *NextLinkError otherwise).
// WithPageBudget bounds the pages of one listing (ErrPageBudget).
//
// # The HTTP stack
//
// Every request goes through the stack the PassiveTotal client uses:
// retries with backoff and Retry-After (429, 503 and 504, capped by
// RetryPolicy.MaxRetryAfter), the client-side rate limit, per-attempt
// timeouts, response size limits, a redirect policy that keeps requests
// on the base URL's host, and the Observer. Plain http:// is refused except
// to loopback, unless WithInsecureHTTP.
//
// # Errors
//
// A refusal is an *ErrorResponse whose ErrorCode and RequestID are Graph's
// error.code and innerError.request-id. Match it with errors.Is:
// ErrUnauthorized (401), ErrForbidden (403: the app lacks
// ThreatIntelligence.Read.All), ErrNotFound (404), ErrThrottled (429 after
// every retry). These are the passivetotal package's sentinels, so one
// check serves both backends. A successful status with a body that is not
// Graph's shape is a *DecodeError matching ErrInvalidResponse. The
// Decode functions, which read saved bodies, report a *SavedBodyError
// that matches the same sentinels by Graph's error code.
//
// # Testing
//
// Package mdtitest is a Graph simulator, token endpoint included, with
// OData paging and fault injection; the examples run against it.
package mdti
