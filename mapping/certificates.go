package mapping

import (
	"math/big"
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// Certificates maps certificates and certificate sightings about entity
// to x509-certificate observables (SHA-1 hash, serial number, issuer and
// subject distinguished names, validity, version, the SANs in
// x509_v3_extensions) and an entity related-to certificate relationship
// per certificate, with the sighting's first and last seen (the
// certificate's own when it has no sighting). A sighting without its full
// certificate gives a certificate of the hash alone.
//
// A certificate with a SHA-1 that is not 40 hex digits, or that expires
// before it was issued, is a skip. Either argument may be nil.
func Certificates(entity Entity, certs *passivetotal.SSLCertificates, history *passivetotal.CertificateHistory, opts HostOptions) (*Result, error) {
	return mapped(entity, "", opts, func(m *hostMapper) {
		byHash := map[string]string{} // SHA-1 -> certificate ID
		sighted := map[string]bool{}
		if history != nil {
			for _, s := range history.Results {
				sighted[strings.ToLower(s.SHA1)] = true
			}
		}
		if certs != nil {
			for i := range certs.Results {
				if !m.row() {
					continue
				}
				c := &certs.Results[i]
				id := m.certificate(c)
				if id == "" {
					continue
				}
				sha := strings.ToLower(c.SHA1)
				byHash[sha] = id
				if !sighted[sha] {
					item := item("certificate", c.SHA1)
					if f, l, ok := m.seen(item, c.FirstSeen, c.LastSeen); ok {
						m.relate(item, stix.RelationshipRelatedTo, m.e.ID, id, "served the TLS certificate", f, l)
					}
				}
			}
		}
		if history == nil {
			return
		}
		for _, s := range history.Results {
			if !m.row() {
				continue
			}
			item := item("certificate sighting", s.SHA1)
			sha := strings.ToLower(s.SHA1)
			id, ok := byHash[sha]
			if !ok {
				id = m.certificate(&passivetotal.SSLCertificate{SHA1: s.SHA1})
				if id == "" {
					continue
				}
				byHash[sha] = id
			}
			if f, l, ok := m.seen(item, s.FirstSeen, s.LastSeen); ok {
				m.relate(item, stix.RelationshipRelatedTo, m.e.ID, id, "served the TLS certificate", f, l)
			}
		}
	})
}

// certificate adds the x509-certificate of c and returns its ID ("" and
// a skip when c is not a valid certificate).
func (m *hostMapper) certificate(c *passivetotal.SSLCertificate) string {
	item := item("certificate", c.SHA1)
	sha := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(c.SHA1), ":", ""))
	if len(sha) != 40 || strings.Trim(sha, "0123456789abcdef") != "" {
		m.skip(item, "invalid certificate: SHA-1 is not 40 hex digits")
		return ""
	}
	x := &stix.X509Certificate{
		Hashes:       stix.Hashes{stix.HashSHA1: sha},
		SerialNumber: serialText(c.SerialNumber),
		Version:      strings.TrimSpace(c.SSLVersion),
		Issuer:       distinguishedName(c.Issuer),
		Subject:      distinguishedName(c.Subject),
	}
	nb, na := c.IssueDate, c.ExpirationDate
	if nb.Valid() && inRange(nb.Time) {
		x.ValidityNotBefore = stix.Time(nb.UTC())
	}
	if na.Valid() && inRange(na.Time) {
		x.ValidityNotAfter = stix.Time(na.UTC())
	}
	if !x.ValidityNotBefore.IsZero() && !x.ValidityNotAfter.IsZero() && x.ValidityNotAfter.Before(x.ValidityNotBefore.Time) {
		m.skip(item, "invalid certificate: expirationDate is before issueDate")
		return ""
	}
	id, err := stix.X509CertificateID(x.Hashes, x.SerialNumber)
	if err != nil {
		m.skip(item, err.Error())
		return ""
	}
	x.ObservableCommon = m.observable(id)
	if sans := nonEmpty(c.SubjectAlternativeNames...); len(sans) > 0 {
		for i, s := range sans {
			sans[i] = "DNS:" + s
		}
		x.Custom = map[string]any{
			"x_opencti_created_by_ref": m.author.ID,
			"x509_v3_extensions":       map[string]any{"subject_alternative_name": strings.Join(sans, ", ")},
		}
	}
	return m.add(item, x)
}

// serialText writes a decimal serial number the way certificates show it,
// colon-separated hex bytes; other text is kept as sent.
func serialText(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 128 { // longer than any real serial (20 bytes): keep it as sent
		return s
	}
	n, ok := new(big.Int).SetString(s, 10)
	if !ok || n.Sign() < 0 {
		return s
	}
	b := n.Bytes()
	if len(b) == 0 {
		b = []byte{0}
	}
	parts := make([]string, len(b))
	const hexDigits = "0123456789abcdef"
	for i, c := range b {
		parts[i] = string([]byte{hexDigits[c>>4], hexDigits[c&15]})
	}
	return strings.Join(parts, ":")
}

// distinguishedName writes a name as "CN=..., O=..., C=..." with commas,
// plus signs and backslashes in values escaped (RFC 4514).
func distinguishedName(n passivetotal.CertificateName) string {
	var parts []string
	add := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			parts = append(parts, k+"="+dnEscaper.Replace(v))
		}
	}
	add("CN", n.CommonName)
	add("OU", n.OrganizationalUnit)
	add("O", n.Organization)
	add("STREET", n.StreetAddress)
	add("L", n.Locality)
	add("ST", n.StateOrProvince)
	add("C", n.Country)
	add("emailAddress", n.EmailAddress)
	add("GN", n.GivenName)
	add("SN", n.Surname)
	add("serialNumber", n.SerialNumber)
	return strings.Join(parts, ", ")
}

var dnEscaper = strings.NewReplacer(`\`, `\\`, `,`, `\,`, `+`, `\+`, `"`, `\"`, `<`, `\<`, `>`, `\>`, `;`, `\;`)
