// Package mdtitest is a Microsoft Graph threat-intelligence simulator for
// tests, demos and benchmarks, like net/http/httptest: an http.Handler
// that answers the endpoints package mdti models, with an Entra ID token
// endpoint, Graph's JSON shapes, OData paging, deterministic data and
// injected faults. Users import it to test their own code against a fake
// Graph.
//
// # Starting it
//
//	sim := mdtitest.Start(mdtitest.Config{})  // loopback TCP (httptest)
//	defer sim.Close()
//	client, err := mdti.NewClient(
//		mdti.WithBaseURL(sim.BaseURL()),   // http://127.0.0.1:PORT/v1.0/security/threatIntelligence
//		mdti.WithTokenURL(sim.TokenURL()), // http://127.0.0.1:PORT/{tenant}/oauth2/v2.0/token
//		mdti.WithClientCredentials(mdtitest.DefaultTenantID, mdtitest.DefaultClientID, mdtitest.DefaultClientSecret))
//
// [New] returns the bare handler (serve it with any http.Server);
// [StartTB] registers Close with a test.
//
// # Sign-in
//
// POST /{tenant}/oauth2/v2.0/token takes the client credentials grant (the
// secret in the form body or as Basic credentials) and answers as Entra ID
// does: a bearer token with expires_in, or Entra ID's error body with its
// AADSTS code: AADSTS90002 for an unknown tenant, AADSTS700016 for an
// unknown client, AADSTS7000215 (401) for a wrong secret, AADSTS1002012
// for a scope without "/.default". Graph calls without a token the
// simulator issued, or with one revoked ([Server.RevokeTokens],
// FaultExpireToken), get 401 InvalidAuthenticationToken.
//
// # Endpoints and data
//
// Everything derives from Config.Seed and Config.Epoch (default 2024-06-01
// UTC): the same request gets the same bytes, and nothing reads the clock.
//
//   - GET /articles: Config.Articles articles (40), one a day up to Epoch,
//     newest first; $orderby=createdDateTime asc|desc, $top, $skip,
//     $count. $filter is refused (400), as Graph documents none for
//     articles. Article 0 carries one indicator of each artifact kind
//     (hostname, IPv4 and IPv6 ipAddress, unclassifiedArtifact of kinds
//     Url, Sha256, Md5, Sha1, EmailAddress, FileName, Mutex, an
//     sslCertificate, and a hostCookie, which has no STIX mapping);
//     article 1 has 2*PageSize+3 indicators, so its list pages.
//   - GET /articles/{id} and /articles/{id}/indicators; an unknown id is 404.
//     Every fifth article (index 3, 8, ...) is tagged with a simulated
//     profile's title or alias and CVE-2021-44228.
//   - GET /intelProfiles, /intelProfiles/{id} and
//     /intelProfiles/{id}/indicators, GET /vulnerabilities/{id},
//     /vulnerabilities/{id}/components and /articles: the data of
//     mdti.ProfileSimulation; a vulnerability's articles are its simulated
//     ones, then the /articles articles tagged with its CVE. An unknown id
//     is 404 NotFound.
//   - GET /hosts/{id}: a hostname (registrar, registrant) or an ipAddress
//     (AS, netblock, country).
//   - GET /hosts/{id}/passiveDns and /passiveDnsReverse: 8 to 40 records
//     seeded by the host, or exactly N for a first label "records-N"
//     (capped by Config.MaxRecords). A domain's forward records are A,
//     AAAA, CNAME, NS and MX; an IP address's reverse records are A (AAAA)
//     from hostnames. $filter takes "lastSeenDateTime ge|gt T" and
//     "firstSeenDateTime le|lt T" joined by " and ".
//   - GET /hosts/{id}/whois, sslCertificates ($expand=sslCertificate sends
//     each certificate whole, else {id}), subdomains (www, mail, api of a
//     hostname; none of an address), hostPairs, parentHostPairs,
//     childHostPairs (a redirect out, a script in, a final redirect to
//     itself), components, trackers, cookies, ports (443 and 22, with
//     banners and services; $expand=mostRecentSslCertificate), reputation
//     (malicious for a first label "malicious"); a first label "nodata"
//     has none of these (404) but its passive DNS. Rows are last seen in
//     the 20 days before Epoch, so a 30-day window from Epoch holds them. GET
//     /sslCertificates/{id} for the ids they name, and
//     /whoisRecords/{id}/history (three past records).
//
// A host under the reserved .invalid TLD, or neither a hostname nor an IP
// address, is 404 NotFound. Errors have Graph's shape
// {"error":{"code","message","innerError":{"date","request-id",
// "client-request-id"}}}.
//
// # Paging
//
// Every listing answers $top items (Config.PageSize, 100, without $top; at
// most 1000) from $skip, with "@odata.nextLink" (the request URL with $skip
// advanced) while items remain, and "@odata.count" with $count=true.
//
// # Faults
//
// Config.Faults and [Server.AddFault] inject misbehaviour on a schedule
// (every N-th matching request, at most Times): latency, statuses with or
// without Retry-After, throttling, connection resets, truncated bodies,
// HTML pages, Graph error objects with 200, slow headers, huge bodies,
// redirects, and Graph's own: an expired token, a hostile @odata.nextLink,
// a body that is not Graph's shape. On the token endpoint (Endpoint
// "/token"), FaultErrorObject plays a lying server that echoes the secret.
// [Server.Requests] logs what was asked, [Server.Tokens] what was issued.
package mdtitest
