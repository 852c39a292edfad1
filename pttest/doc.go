// Package pttest is a PassiveTotal v2 API simulator for testing code that
// uses the SDK, as net/http/httptest is for HTTP code: start one in a test,
// point passivetotal.WithBaseURL at it, and inject faults to see how your
// code copes with throttling, quota exhaustion, resets and lying servers.
// The SDK's own tests, demos and benchmarks use it too. It is an
// http.Handler that answers the endpoints the SDK models with realistic,
// deterministic data in the real JSON shapes, checks Basic auth, counts
// quota, and misbehaves on request (injected faults).
//
// # Starting it
//
//	srv := pttest.Start(pttest.Config{})        // loopback TCP (httptest)
//	defer srv.Close()
//	base := srv.BaseURL()                      // http://127.0.0.1:PORT/pt/v2
//
// [New] returns the bare handler (serve it with any http.Server, as the
// examples/simulator program does); [StartTB] registers Close with a test;
// [StartInMemory] serves over net.Pipe so tests can run it inside a
// testing/synctest bubble, reached through [Server.Client].
//
// The API is served under every configured base path: by default "/pt/v2"
// (https://api.riskiq.net/pt/v2) and "/v2" (https://api.passivetotal.org/v2);
// add "" to Config.BasePaths to serve at the root too. Credentials default to
// [DefaultUsername] and [DefaultAPIKey].
//
// # Endpoints and data
//
// Everything derives from Config.Seed and Config.Epoch (default 2021-06-01
// UTC); nothing reads the wall clock, so the same request gets the same
// bytes. Times are formatted as the real endpoints did: "YYYY-MM-DD
// HH:MM:SS" for passive DNS, quota and account; "2021-03-05T08:00:00.000+0000"
// for articles.
//
//   - GET /articles: Config.Articles articles (60), one a day up to Epoch, in
//     pages of Config.ArticlesPageSize (25: pages 0, 1 and 2). Params
//     createdAfter (date; articles created that day or later), sort=created,
//     order=asc|desc (default desc), page (0-based). Body
//     {"success":true,"articles":[...],"totalRecords":N}, N counting all
//     pages. Article 0 (the oldest) carries every indicator type of
//     gen.IndicatorTypes (each hash algorithm, filepath, certificate_*,
//     mutex and email variants, IPv4 and IPv6, pdb_path) and ATT&CK and CVE
//     tags; the others carry a varied subset. Unless Config.PlainArticles,
//     the feed's quirks appear on the schedule documented at gen.ArticleAt
//     (null publishedDate on articles 4, 13, 22, ...; odd date formats;
//     an empty title; an article without indicators; malformed hashes).
//   - GET /articles/{guid}: the bare article; unknown GUID is 404.
//   - GET /articles/indicators: the flat {value,type,source,guid,link,
//     publishedDate,tags} list with totalRecords; params articleGuid,
//     startDate (published at or after), page (0-based, 100 per page).
//   - GET /dns/passive: any domain or IP. The query (lower-cased, trailing
//     dot removed) seeds the answer: 10 to 60 rows for a domain, 5 to 40 for
//     an IP, chosen by its hash; a first label "records-N" (e.g.
//     "records-5000.example.com") asks for exactly N rows, capped by
//     Config.MaxDNSRecords (100,000). A domain's rows 0-8 are always A/ip,
//     AAAA/ip, CNAME, NS, MX, SOA/email, SOA/domain, "TXT (SPF1)" (resolve
//     is an SPF mechanism or a CIDR, typed "domain") and a duplicate; then a
//     realistic mix with exact and partial duplicates, trailing dots and
//     equal firstSeen/lastSeen (row 5, 16, ...). An IP's rows are the
//     reversed case: recordType A (AAAA for IPv6), resolveType domain, the
//     hostnames that resolved to it. About a third of rows have lastSeen in
//     the 30 days before Epoch. Params: start and end (YYYY-MM-DD or
//     "YYYY-MM-DD HH:MM:SS"; a row is kept when lastSeen >= start and
//     firstSeen <= end), timeout (seconds, checked and ignored), sources
//     (comma-separated; rows from none of them are dropped, the others'
//     source lists narrowed). "pager" is null unless Config.DNSPageSize is
//     set; then {"next":"1","previous":null,"page_size":N} and the client
//     sends page=<pager.next> (direction is accepted and ignored);
//     totalRecords counts all pages. A query that is neither a hostname nor
//     an IP, a bad date or timeout is 400.
//   - GET /dns/passive/unique: same params and rows; {queryValue, queryType,
//     total, pager:null, results:[distinct resolve values in row order],
//     frequency:[[value,count],...]}.
//   - GET /account/quota: the user and organization blocks of the real
//     answer (counts/limits in snake_case, licenseCounts/licenseLimits in
//     camelCase, the organization's under "enterprise"), monthly periods
//     from Config.Now (default: stopped at Epoch; next_reset 2021-07-01).
//     GET /account answers the account object too.
//   - The host datasets, each derived from the query like passive DNS and
//     spending one search per request: GET /whois (history=true for
//     {results:[...]}), /ssl-certificate (query a SHA-1),
//     /ssl-certificate/search (query and field), /ssl-certificate/history
//     (an IP or a SHA-1), /enrichment, /enrichment/subdomains (domains),
//     /host-attributes/components, trackers, cookies and pairs
//     (direction=parents|children required; pages of
//     Config.HostAttributesPageSize, page 0-based), /services (IPs only),
//     /reputation (a first label "malicious" is always MALICIOUS). A host
//     whose first label is "nodata", or an address in 192.0.2.0/24, is 404
//     on every dataset (passive DNS still answers).
//
// Unknown paths are 404, other methods 405, wrong or missing credentials
// 401 with "API key provided does not match any user.", all with the legacy
// error envelope {"error":{"http_code":N,"message":...,"developer_message":...}}
// (or {"message":...} with Config.ErrorShape = ErrorFlat).
//
// # Quota
//
// Each /dns/passive and /dns/passive/unique request that passes parameter
// checks spends one search (each page of a paged answer too) from both the
// user's and the organization's search_api counters; /account and
// /account/quota spend nothing, nor do articles unless
// Config.ArticlesSpendQuota (the reference documents only that API searches
// count; see Config). When either counter has reached its limit, searches
// are refused with 429 (Config.QuotaStatus; 403 is the legacy variant) and
// {"error":{"http_code":429,"message":"Quota has been exceeded!",
// "developer_message":"quota exceeded for operation search_api"}}. Counters
// reset when Config.Now passes next_reset. [Server.SetQuota] changes them at
// run time, e.g. to make quota run out in the middle of a run.
//
// # Faults
//
// [Server.Inject] queues faults, changeable at any time from any goroutine:
//
//	srv.Inject(pttest.Fault{Kind: pttest.FaultStatus, Status: 503, Times: 3})      // next 3 requests fail
//	srv.Inject(pttest.Fault{Kind: pttest.FaultThrottle, RetryAfter: "2", Every: 4}) // every 4th request
//	srv.Inject(pttest.Fault{Kind: pttest.FaultReset, Endpoint: "/dns/passive", Times: 1})
//
// See [FaultKind] for the catalogue: latency, status bursts, 429 with any
// Retry-After, quota refusal, connection reset mid-body, truncated JSON,
// HTML error pages (200 or 502), a 200 carrying an error object, headers
// delayed, a trickling body, a huge body, a redirect to another host.
// Faults that replace the answer (status, throttle, html, ...) spend no
// quota and are served before the auth check, as a gateway would; faults
// that delay or damage the real answer (latency, slow headers, trickle,
// truncate, reset) let it spend quota as usual. [Server.SetLatency] adds a
// delay to every answer.
//
// [Server.Requests] returns the log of what the server saw (arrival time,
// path, whether an Authorization header came and was right, status, fault,
// whether a search was spent), for assertions on rate limits, retries and
// credentials after a redirect. Call [Server.WaitIdle] first: a client can
// read the end of an answer just before the handler completes its entry.
package pttest
