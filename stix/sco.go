package stix

// DomainName is a STIX domain-name SCO.
type DomainName struct {
	ObservableCommon
	Value string `json:"value"`
}

// IPv4Addr is a STIX ipv4-addr SCO (an address or CIDR block).
type IPv4Addr struct {
	ObservableCommon
	Value string `json:"value"`
}

// IPv6Addr is a STIX ipv6-addr SCO (an address or CIDR block).
type IPv6Addr struct {
	ObservableCommon
	Value string `json:"value"`
}

// EmailAddr is a STIX email-addr SCO.
type EmailAddr struct {
	ObservableCommon
	Value        string `json:"value"`
	DisplayName  string `json:"display_name,omitempty"`
	BelongsToRef string `json:"belongs_to_ref,omitempty"`
}

// URL is a STIX url SCO.
type URL struct {
	ObservableCommon
	Value string `json:"value"`
}

// File is a STIX file SCO.
type File struct {
	ObservableCommon
	Hashes             Hashes `json:"hashes,omitempty"`
	Size               *int64 `json:"size,omitempty"`
	Name               string `json:"name,omitempty"`
	MimeType           string `json:"mime_type,omitempty"`
	ParentDirectoryRef string `json:"parent_directory_ref,omitempty"`
}

// Directory is a STIX directory SCO.
type Directory struct {
	ObservableCommon
	Path string `json:"path"`
}

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

// Mutex is a STIX mutex SCO.
type Mutex struct {
	ObservableCommon
	Name string `json:"name"`
}

// AutonomousSystem is a STIX autonomous-system SCO.
type AutonomousSystem struct {
	ObservableCommon
	Number int64  `json:"number"`
	Name   string `json:"name,omitempty"`
	RIR    string `json:"rir,omitempty"`
}

// Type returns "domain-name".
func (*DomainName) Type() string { return TypeDomainName }

// Type returns "ipv4-addr".
func (*IPv4Addr) Type() string { return TypeIPv4Addr }

// Type returns "ipv6-addr".
func (*IPv6Addr) Type() string { return TypeIPv6Addr }

// Type returns "email-addr".
func (*EmailAddr) Type() string { return TypeEmailAddr }

// Type returns "url".
func (*URL) Type() string { return TypeURL }

// Type returns "file".
func (*File) Type() string { return TypeFile }

// Type returns "directory".
func (*Directory) Type() string { return TypeDirectory }

// Type returns "x509-certificate".
func (*X509Certificate) Type() string { return TypeX509Certificate }

// Type returns "mutex".
func (*Mutex) Type() string { return TypeMutex }

// Type returns "autonomous-system".
func (*AutonomousSystem) Type() string { return TypeAutonomousSystem }
