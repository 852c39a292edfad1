package passivetotal

import "io"

// DecodeWhois decodes a saved GET /whois body.
func DecodeWhois(r io.Reader) (*WhoisRecord, error) { return decodeKind[WhoisRecord](r, KindWhois) }

// DecodeWhoisHistory decodes a saved GET /whois?history=true body.
func DecodeWhoisHistory(r io.Reader) (*WhoisHistory, error) {
	return decodeKind[WhoisHistory](r, KindWhoisHistory)
}

// DecodeCertificates decodes a saved GET /ssl-certificate body ({results}
// or a bare certificate).
func DecodeCertificates(r io.Reader) (*SSLCertificates, error) {
	return decodeKind[SSLCertificates](r, KindCertificates)
}

// DecodeCertificateHistory decodes a saved GET /ssl-certificate/history body.
func DecodeCertificateHistory(r io.Reader) (*CertificateHistory, error) {
	return decodeKind[CertificateHistory](r, KindCertificateHistory)
}

// DecodeSubdomains decodes a saved GET /enrichment/subdomains body.
func DecodeSubdomains(r io.Reader) (*Subdomains, error) {
	return decodeKind[Subdomains](r, KindSubdomains)
}

// DecodeHostSummary decodes a saved GET /enrichment body.
func DecodeHostSummary(r io.Reader) (*HostSummary, error) {
	return decodeKind[HostSummary](r, KindHostSummary)
}

// DecodeComponents decodes a saved GET /host-attributes/components body.
func DecodeComponents(r io.Reader) (*Components, error) {
	return decodeKind[Components](r, KindComponents)
}

// DecodeTrackers decodes a saved GET /host-attributes/trackers body.
func DecodeTrackers(r io.Reader) (*Trackers, error) { return decodeKind[Trackers](r, KindTrackers) }

// DecodeCookies decodes a saved GET /host-attributes/cookies body.
func DecodeCookies(r io.Reader) (*Cookies, error) { return decodeKind[Cookies](r, KindCookies) }

// DecodeHostPairs decodes a saved GET /host-attributes/pairs body.
func DecodeHostPairs(r io.Reader) (*HostPairs, error) { return decodeKind[HostPairs](r, KindHostPairs) }

// DecodeServices decodes a saved GET /services body.
func DecodeServices(r io.Reader) (*Services, error) { return decodeKind[Services](r, KindServices) }

// DecodeReputation decodes a saved GET /reputation body.
func DecodeReputation(r io.Reader) (*Reputation, error) {
	return decodeKind[Reputation](r, KindReputation)
}

// newDatasetValue returns a new value of the model of a host dataset kind,
// nil for other kinds.
func newDatasetValue(k BodyKind) any {
	switch k {
	case KindWhois:
		return new(WhoisRecord)
	case KindWhoisHistory:
		return new(WhoisHistory)
	case KindCertificates:
		return new(SSLCertificates)
	case KindCertificateHistory:
		return new(CertificateHistory)
	case KindSubdomains:
		return new(Subdomains)
	case KindHostSummary:
		return new(HostSummary)
	case KindComponents:
		return new(Components)
	case KindTrackers:
		return new(Trackers)
	case KindCookies:
		return new(Cookies)
	case KindHostPairs:
		return new(HostPairs)
	case KindServices:
		return new(Services)
	case KindReputation:
		return new(Reputation)
	}
	return nil
}
