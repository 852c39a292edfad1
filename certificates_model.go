package passivetotal

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
)

// SSLCertificate is a TLS certificate as PassiveTotal recorded it. The
// fields are backend-neutral: a Microsoft Graph decoder fills Issuer and
// Subject from its nested sslCertificateEntity and the SANs from
// subject.alternateNames.
type SSLCertificate struct {
	SHA1         string `json:"sha1"`
	Fingerprint  string `json:"fingerprint"`  // colon-separated hex, as sent
	SerialNumber string `json:"serialNumber"` // decimal text, as sent
	SSLVersion   string `json:"sslVersion"`
	// IssueDate and ExpirationDate are the validity bounds ("Feb 04
	// 00:00:00 2015 GMT" in v2).
	IssueDate      Time `json:"issueDate"`
	ExpirationDate Time `json:"expirationDate"`
	// FirstSeen and LastSeen are when the certificate was seen (epoch
	// milliseconds in v2).
	FirstSeen               Time            `json:"firstSeen"`
	LastSeen                Time            `json:"lastSeen"`
	Issuer                  CertificateName `json:"issuer"`
	Subject                 CertificateName `json:"subject"`
	SubjectAlternativeNames []string        `json:"subjectAlternativeNames"`
}

// CertificateName is the issuer or the subject of a certificate.
type CertificateName struct {
	CommonName         string `json:"commonName,omitempty"`
	Organization       string `json:"organizationName,omitempty"`
	OrganizationalUnit string `json:"organizationUnitName,omitempty"`
	Country            string `json:"country,omitempty"`
	StateOrProvince    string `json:"stateOrProvinceName,omitempty"`
	Locality           string `json:"localityName,omitempty"`
	StreetAddress      string `json:"streetAddress,omitempty"`
	EmailAddress       string `json:"emailAddress,omitempty"`
	GivenName          string `json:"givenName,omitempty"`
	Surname            string `json:"surname,omitempty"`
	SerialNumber       string `json:"serialNumber,omitempty"`
}

// IsZero reports whether the name has no attribute.
func (n CertificateName) IsZero() bool { return n == CertificateName{} }

// SSLCertificates is the answer of GET /ssl-certificate: the certificates
// with the queried SHA-1 (one, or none). An old bare certificate object
// decodes as a list of one.
type SSLCertificates struct {
	Results []SSLCertificate `json:"results"`
}

// UnmarshalJSON reads {results: [...]} or a bare certificate.
func (s *SSLCertificates) UnmarshalJSON(b []byte) error {
	var w struct {
		Results flexList[SSLCertificate] `json:"results"`
		SHA1    flexString               `json:"sha1"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	s.Results = w.Results
	if s.Results == nil && w.SHA1 != "" {
		var c SSLCertificate
		if err := json.Unmarshal(b, &c); err != nil {
			return err
		}
		s.Results = []SSLCertificate{c}
	}
	return nil
}

// certNameWire is one side (issuer or subject) of the flat v2 keys.
type certNameWire struct {
	CommonName         flexString
	OrganizationName   flexString
	OrganizationUnit   flexString
	Country            flexString
	StateOrProvince    flexString
	Province           flexString
	Locality           flexString
	StreetAddress      flexString
	EmailAddress       flexString
	GivenName          flexString
	Surname            flexString
	SerialNumber       flexString
	AlternativeNames   flexList[flexString]
	AlternativeNameOne flexList[flexString]
}

func (w *certNameWire) name() CertificateName {
	return CertificateName{
		CommonName: string(w.CommonName), Organization: string(w.OrganizationName),
		OrganizationalUnit: string(w.OrganizationUnit), Country: string(w.Country),
		StateOrProvince: firstOf(w.StateOrProvince, w.Province), Locality: string(w.Locality),
		StreetAddress: string(w.StreetAddress), EmailAddress: string(w.EmailAddress),
		GivenName: string(w.GivenName), Surname: string(w.Surname), SerialNumber: string(w.SerialNumber),
	}
}

// certSuffixes are the v2 key suffixes after "issuer" or "subject".
// encoding/json matches keys case-insensitively, but these come from a map
// here, so the lookup lower-cases them (an official fixture spelled
// "issuerCommonname").
var certSuffixes = map[string]func(*certNameWire) any{
	"commonname":           func(w *certNameWire) any { return &w.CommonName },
	"organizationname":     func(w *certNameWire) any { return &w.OrganizationName },
	"organizationunitname": func(w *certNameWire) any { return &w.OrganizationUnit },
	"country":              func(w *certNameWire) any { return &w.Country },
	"stateorprovincename":  func(w *certNameWire) any { return &w.StateOrProvince },
	"province":             func(w *certNameWire) any { return &w.Province },
	"localityname":         func(w *certNameWire) any { return &w.Locality },
	"streetaddress":        func(w *certNameWire) any { return &w.StreetAddress },
	"emailaddress":         func(w *certNameWire) any { return &w.EmailAddress },
	"givenname":            func(w *certNameWire) any { return &w.GivenName },
	"surname":              func(w *certNameWire) any { return &w.Surname },
	"serialnumber":         func(w *certNameWire) any { return &w.SerialNumber },
	"alternativenames":     func(w *certNameWire) any { return &w.AlternativeNames },
	"alternativename":      func(w *certNameWire) any { return &w.AlternativeNameOne },
}

// UnmarshalJSON decodes a certificate leniently: null or "" for empty
// fields, the serial number or version as a number, key casing drift.
func (c *SSLCertificate) UnmarshalJSON(b []byte) error {
	var w struct {
		SHA1           flexString `json:"sha1"`
		Fingerprint    flexString `json:"fingerprint"`
		SerialNumber   flexString `json:"serialNumber"`
		SSLVersion     flexString `json:"sslVersion"`
		IssueDate      Time       `json:"issueDate"`
		ExpirationDate Time       `json:"expirationDate"`
		FirstSeen      Time       `json:"firstSeen"`
		LastSeen       Time       `json:"lastSeen"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	var issuer, subject certNameWire
	// Sorted keys: with two spellings of one field ("issuerCommonName",
	// "issuerCommonname") the same one wins every time.
	for _, k := range slices.Sorted(maps.Keys(all)) {
		raw := all[k]
		lk := string(bytes.ToLower([]byte(k)))
		side, rest := &subject, ""
		switch {
		case lk == "issuer" || lk == "subject":
			continue // nested form, read below
		case len(lk) > 6 && lk[:6] == "issuer":
			side, rest = &issuer, lk[6:]
		case len(lk) > 7 && lk[:7] == "subject":
			rest = lk[7:]
		default:
			continue
		}
		field, ok := certSuffixes[rest]
		if !ok {
			continue
		}
		if err := json.Unmarshal(raw, field(side)); err != nil {
			return err
		}
	}
	*c = SSLCertificate{
		SHA1: string(w.SHA1), Fingerprint: string(w.Fingerprint), SerialNumber: string(w.SerialNumber),
		SSLVersion: string(w.SSLVersion), IssueDate: w.IssueDate, ExpirationDate: w.ExpirationDate,
		FirstSeen: w.FirstSeen, LastSeen: w.LastSeen, Issuer: issuer.name(), Subject: subject.name(),
	}
	c.SubjectAlternativeNames = flexStrings(append(subject.AlternativeNames, subject.AlternativeNameOne...))
	// The nested form ({"issuer": {"commonName": ...}}) is what this
	// type marshals to, so a saved decoded certificate reads back.
	for _, side := range []struct {
		key string
		dst *CertificateName
	}{{"issuer", &c.Issuer}, {"subject", &c.Subject}} {
		raw := bytes.TrimSpace(all[side.key])
		if len(raw) == 0 || raw[0] != '{' || !side.dst.IsZero() {
			continue
		}
		if err := json.Unmarshal(raw, side.dst); err != nil {
			return err
		}
	}
	return nil
}

// CertificateHistory is the answer of GET /ssl-certificate/history: where
// and when certificates were seen, for a SHA-1 or an IP address.
type CertificateHistory struct {
	Results []CertificateSighting `json:"results"`
}

// UnmarshalJSON decodes the history leniently.
func (h *CertificateHistory) UnmarshalJSON(b []byte) error {
	var w struct {
		Results flexList[CertificateSighting] `json:"results"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	h.Results = w.Results
	return nil
}

// CertificateSighting is one certificate seen on a set of addresses
// between two dates.
type CertificateSighting struct {
	SHA1        string   `json:"sha1"`
	FirstSeen   Time     `json:"firstSeen"` // "YYYY-MM-DD" or epoch milliseconds
	LastSeen    Time     `json:"lastSeen"`
	IPAddresses []string `json:"ipAddresses"` // v2 may send "N/A": read as none
	Domains     []string `json:"domains,omitempty"`
}

// UnmarshalJSON decodes one sighting leniently.
func (s *CertificateSighting) UnmarshalJSON(b []byte) error {
	var w struct {
		SHA1        flexString           `json:"sha1"`
		FirstSeen   Time                 `json:"firstSeen"`
		LastSeen    Time                 `json:"lastSeen"`
		IPAddresses flexList[flexString] `json:"ipAddresses"`
		Domains     flexList[flexString] `json:"domains"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = CertificateSighting{SHA1: string(w.SHA1), FirstSeen: w.FirstSeen, LastSeen: w.LastSeen,
		IPAddresses: flexStrings(w.IPAddresses), Domains: flexStrings(w.Domains)}
	return nil
}
