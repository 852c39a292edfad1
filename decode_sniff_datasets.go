package passivetotal

// resultKeys tell a listing's kind from a key of its first result. A key
// shared by several endpoints (hostname, firstSeen, sha1) is left out, so
// the first telling key decides.
var resultKeys = map[string]BodyKind{
	"resolve": KindPassiveDNS, "recordType": KindPassiveDNS, "recordHash": KindPassiveDNS, "resolveType": KindPassiveDNS,

	"label":         KindComponents,
	"attributeType": KindTrackers, "attributeValue": KindTrackers,
	"cookieName": KindCookies, "cookieDomain": KindCookies,
	"parent": KindHostPairs, "child": KindHostPairs, "cause": KindHostPairs,
	"portNumber": KindServices, "banners": KindServices, "currentServices": KindServices,
	"recentServices": KindServices, "lastScan": KindServices,
	"ipAddresses": KindCertificateHistory,
	"fingerprint": KindCertificates, "serialNumber": KindCertificates, "issueDate": KindCertificates,
	"expirationDate": KindCertificates, "sslVersion": KindCertificates, "subjectCommonName": KindCertificates,
	"issuerCommonName": KindCertificates, "subjectAlternativeNames": KindCertificates,
	"whoisServer": KindWhoisHistory, "registrar": KindWhoisHistory, "nameServers": KindWhoisHistory,
	"registered": KindWhoisHistory, "expiresAt": KindWhoisHistory, "contactEmail": KindWhoisHistory,
	"rawText": KindWhoisHistory, "registryUpdatedAt": KindWhoisHistory, "lastLoadedAt": KindWhoisHistory,
	"registrant": KindWhoisHistory, "admin": KindWhoisHistory, "tech": KindWhoisHistory,
	"billing": KindWhoisHistory, "zone": KindWhoisHistory,
}

// topLevelKeys tell a body's kind from one top-level key that no other
// modelled endpoint sends.
var topLevelKeys = map[string]BodyKind{
	"whoisServer": KindWhois, "registrar": KindWhois, "nameServers": KindWhois,
	"expiresAt": KindWhois, "contactEmail": KindWhois, "rawText": KindWhois, "registryUpdatedAt": KindWhois,
	"lastLoadedAt": KindWhois, "registrant": KindWhois, "admin": KindWhois, "tech": KindWhois,
	"billing": KindWhois, "zone": KindWhois,

	"fingerprint": KindCertificates, "issueDate": KindCertificates, "expirationDate": KindCertificates,
	"sslVersion": KindCertificates, "subjectCommonName": KindCertificates, "issuerCommonName": KindCertificates,

	"score": KindReputation, "rules": KindReputation,
}

// summaryKeys are the keys of GET /enrichment. The actions endpoints send
// some of them alone ({"sinkhole": false}), so a body is a host summary
// only with two of them, or one and a queryValue.
var summaryKeys = map[string]bool{
	"primaryDomain": true, "tld": true, "everCompromised": true, "dynamicDns": true,
	"autonomousSystemName": true, "autonomousSystemNumber": true, "sinkhole": true,
	"global_tags": true, "system_tags": true, "network": true, "latitude": true, "longitude": true,
}
