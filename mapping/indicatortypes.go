package mapping

import "strings"

// indicatorKind says how one PassiveTotal article indicator type is mapped.
type indicatorKind uint8

// The indicator kinds of MAPPING.md's table.
const (
	kindUnknown indicatorKind = iota
	kindDomain
	kindIP
	kindURL
	kindEmail
	kindHash // hash field set in indicatorType; hashNone means "by length"
	kindFileName
	kindFilePath
	kindMutex
	kindCertSHA1
	kindCertSerial
	kindCertIssuer
	kindCertSubject
)

// indicatorType is one row of the indicator-type table.
type indicatorType struct {
	kind indicatorKind
	hash hashAlgo // for kindHash
}

// indicatorTypes maps the PassiveTotal indicator type (lower-cased, trimmed)
// to its kind. The misspellings (proces_mutex, certficate_sha1) are real
// PassiveTotal type names.
var indicatorTypes = map[string]indicatorType{
	"domain":                   {kind: kindDomain},
	"ip":                       {kind: kindIP},
	"url":                      {kind: kindURL},
	"email":                    {kind: kindEmail},
	"emails":                   {kind: kindEmail},
	"soa_email":                {kind: kindEmail},
	"whois_email":              {kind: kindEmail},
	"hash":                     {kind: kindHash},
	"hash_md5":                 {kind: kindHash, hash: hashMD5},
	"md5":                      {kind: kindHash, hash: hashMD5},
	"hash_sha1":                {kind: kindHash, hash: hashSHA1},
	"sha1":                     {kind: kindHash, hash: hashSHA1},
	"hash_sha256":              {kind: kindHash, hash: hashSHA256},
	"sha256":                   {kind: kindHash, hash: hashSHA256},
	"hash_sha512":              {kind: kindHash, hash: hashSHA512},
	"sha512":                   {kind: kindHash, hash: hashSHA512},
	"filename":                 {kind: kindFileName},
	"filepath":                 {kind: kindFilePath},
	"mutex":                    {kind: kindMutex},
	"process_mutex":            {kind: kindMutex},
	"proces_mutex":             {kind: kindMutex},
	"certificate_sha1":         {kind: kindCertSHA1},
	"certficate_sha1":          {kind: kindCertSHA1},
	"certificate_serialnumber": {kind: kindCertSerial},
	"code_certificate_serial":  {kind: kindCertSerial},
}

// lookupIndicatorType finds the row for a PassiveTotal type name. The
// certificate issuer and subject families are matched by prefix
// (certificate_issuercommonname, certificate_subjectorganizationname, ...).
func lookupIndicatorType(t string) (indicatorType, bool) {
	t = strings.ToLower(strings.TrimSpace(t))
	if it, ok := indicatorTypes[t]; ok {
		return it, true
	}
	switch {
	case strings.HasPrefix(t, "certificate_issuer"):
		return indicatorType{kind: kindCertIssuer}, true
	case strings.HasPrefix(t, "certificate_subject") && !strings.HasSuffix(t, "alternativename"):
		return indicatorType{kind: kindCertSubject}, true
	}
	return indicatorType{}, false
}
