package stix

import "fmt"

// X509Certificate is a STIX x509-certificate SCO.
type X509Certificate struct {
	ObservableCommon
	IsSelfSigned              bool      `json:"is_self_signed,omitempty"`
	Hashes                    Hashes    `json:"hashes,omitempty"`
	Version                   string    `json:"version,omitempty"`
	SerialNumber              string    `json:"serial_number,omitempty"`
	SignatureAlgorithm        string    `json:"signature_algorithm,omitempty"`
	Issuer                    string    `json:"issuer,omitempty"`
	ValidityNotBefore         Timestamp `json:"validity_not_before,omitzero"`
	ValidityNotAfter          Timestamp `json:"validity_not_after,omitzero"`
	Subject                   string    `json:"subject,omitempty"`
	SubjectPublicKeyAlgorithm string    `json:"subject_public_key_algorithm,omitempty"`
}

// TypeX509Certificate is the type name, as written in the type property.
const TypeX509Certificate = "x509-certificate"

var _ = register(TypeX509Certificate, func() Object { return &X509Certificate{} })

// Type returns "x509-certificate".
func (*X509Certificate) Type() string { return TypeX509Certificate }

// X509CertificateID returns the x509-certificate ID from hashes (one of
// them, see [ChooseHash]) and serialNumber, whichever are set. Issuer and
// subject do not contribute (STIX 2.1), so a certificate known only by
// them has no deterministic ID.
func X509CertificateID(hashes Hashes, serialNumber string) (string, error) {
	algo, value, hasHash := ChooseHash(hashes)
	if !hasHash && serialNumber == "" {
		return "", fmt.Errorf("%w: x509-certificate without hashes or serial_number", ErrNoContributingProperties)
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, scoNS)
	if hasHash {
		b = b.hash(algo, value)
	}
	if serialNumber != "" {
		b = b.str("serial_number", serialNumber)
	}
	return finishID(TypeX509Certificate, b.buf, b.bad)
}

// AppendJSON appends the certificate's JSON to dst.
func (o *X509Certificate) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeX509Certificate)
	w.observable(&o.ObservableCommon)
	w.boolean("is_self_signed", o.IsSelfSigned)
	w.strMap("hashes", o.Hashes)
	w.str("version", o.Version)
	w.str("serial_number", o.SerialNumber)
	w.str("signature_algorithm", o.SignatureAlgorithm)
	w.str("issuer", o.Issuer)
	w.ts("validity_not_before", o.ValidityNotBefore)
	w.ts("validity_not_after", o.ValidityNotAfter)
	w.str("subject", o.Subject)
	w.str("subject_public_key_algorithm", o.SubjectPublicKeyAlgorithm)
	w.custom(o.Custom, knownKeys[TypeX509Certificate])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o X509Certificate) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *X509Certificate) UnmarshalJSON(b []byte) error {
	type plain X509Certificate
	return unmarshalInto(b, TypeX509Certificate, (*plain)(o), &o.Custom)
}

// Validate checks the certificate; see [Validate].
func (o *X509Certificate) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeX509Certificate)
	if len(o.Hashes) == 0 && o.SerialNumber == "" && o.Issuer == "" && o.Subject == "" &&
		o.Version == "" && o.ValidityNotBefore.IsZero() && o.ValidityNotAfter.IsZero() {
		v.add("", "at least one certificate property required")
	}
	v.hashes(o.Hashes)
	v.ts("validity_not_before", o.ValidityNotBefore, false)
	v.ts("validity_not_after", o.ValidityNotAfter, false)
	v.after("validity_not_after", o.ValidityNotAfter, "validity_not_before", o.ValidityNotBefore, false)
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *X509Certificate) marshals() bool {
	return observableMarshals(&o.ObservableCommon) && okMap(o.Hashes) && okStr(o.Version) &&
		okStr(o.SerialNumber) && okStr(o.SignatureAlgorithm) && okStr(o.Issuer) && okStr(o.Subject) &&
		okStr(o.SubjectPublicKeyAlgorithm) && okTime(o.ValidityNotBefore) && okTime(o.ValidityNotAfter)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *X509Certificate) refsResolve(c refCheck) bool {
	return c.observable(&o.ObservableCommon, TypeX509Certificate) && mapPlain(o.Hashes)
}

// observableID computes the deterministic ID; see [ObservableID].
func (o *X509Certificate) observableID() (string, error) {
	return X509CertificateID(o.Hashes, o.SerialNumber)
}
