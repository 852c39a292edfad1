package stix

import (
	"errors"
	"net/netip"
	"strings"
)

// EmailAddr is a STIX email-addr SCO.
type EmailAddr struct {
	ObservableCommon
	Value        string `json:"value"`
	DisplayName  string `json:"display_name,omitempty"`
	BelongsToRef string `json:"belongs_to_ref,omitempty"`
}

// TypeEmailAddr is the type name, as written in the type property.
const TypeEmailAddr = "email-addr"

var _ = register(TypeEmailAddr, func() Object { return &EmailAddr{} })

// Type returns "email-addr".
func (*EmailAddr) Type() string { return TypeEmailAddr }

// EmailAddrID returns the email-addr ID: {value}.
func EmailAddrID(value string) (string, error) { return valueID(TypeEmailAddr, value) }

// AppendJSON appends the e-mail address's JSON to dst.
func (o *EmailAddr) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeEmailAddr)
	w.observable(&o.ObservableCommon)
	w.strAlways("value", o.Value)
	w.str("display_name", o.DisplayName)
	w.str("belongs_to_ref", o.BelongsToRef)
	w.custom(o.Custom, knownKeys[TypeEmailAddr])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o EmailAddr) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *EmailAddr) UnmarshalJSON(b []byte) error {
	type plain EmailAddr
	return unmarshalInto(b, TypeEmailAddr, (*plain)(o), &o.Custom)
}

// Validate checks the e-mail address; see [Validate].
func (o *EmailAddr) Validate() error {
	var v validator
	v.observable(&o.ObservableCommon, TypeEmailAddr)
	v.required("value", o.Value)
	if strings.TrimSpace(o.Value) != "" {
		if err := checkEmailValue(o.Value); err != nil {
			v.add("value", "%v", err)
		}
	}
	v.ref("belongs_to_ref", o.BelongsToRef, "user-account")
	v.custom(o.Custom)
	return v.result()
}

// marshals reports whether AppendJSON is sure to succeed (see the
// package function marshals).
func (o *EmailAddr) marshals() bool {
	return observableMarshals(&o.ObservableCommon) && okStr(o.Value) && okStr(o.DisplayName) && okStr(o.BelongsToRef)
}

// refsResolve reports whether every reference of o surely resolves (see
// the package function refsResolve).
func (o *EmailAddr) refsResolve(c refCheck) bool {
	return c.observable(&o.ObservableCommon, TypeEmailAddr) && c.opt(o.BelongsToRef)
}

// observableID computes the deterministic ID; see [ObservableID].
func (o *EmailAddr) observableID() (string, error) {
	return EmailAddrID(o.Value)
}

// checkEmailValue accepts an RFC 5322 addr-spec: a dot-atom or quoted
// local part of at most 64 bytes, "@", and an ASCII host name (A-labels
// for internationalised names) or an address literal; 254 bytes at most.
func checkEmailValue(s string) error {
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at == len(s)-1 {
		return errors.New("not local@domain")
	}
	if len(s) > 254 {
		return errors.New("longer than 254 bytes")
	}
	local, domain := s[:at], s[at+1:]
	if err := checkEmailLocal(local); err != nil {
		return err
	}
	if strings.HasPrefix(domain, "[") && strings.HasSuffix(domain, "]") {
		lit := strings.TrimPrefix(domain[1:len(domain)-1], "IPv6:")
		if _, err := netip.ParseAddr(lit); err != nil {
			return errors.New("invalid address literal")
		}
		return nil
	}
	return checkASCIIHost(domain)
}

func checkEmailLocal(local string) error {
	if len(local) > 64 {
		return errors.New("local part longer than 64 bytes")
	}
	if len(local) >= 2 && local[0] == '"' && local[len(local)-1] == '"' {
		for i := 1; i < len(local)-1; i++ {
			if c := local[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
				return errors.New("invalid character in the quoted local part")
			}
		}
		return nil
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return errors.New("misplaced dot in the local part")
	}
	for i := 0; i < len(local); i++ {
		if !isAtext(local[i]) && local[i] != '.' {
			return errors.New("invalid character in the local part")
		}
	}
	return nil
}

// isAtext reports whether c is an RFC 5322 atext character.
func isAtext(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}
