package mapping

import (
	"strings"

	"github.com/ptstix/passivetotal/stix"
)

// observable is an SCO built for an indicator, with a handle on its common
// properties so markings can be set once they are known.
type observable struct {
	obj    stix.Object
	common *stix.ObservableCommon
}

// indicatorSpec is what one article indicator value maps to, before
// markings and times are applied.
type indicatorSpec struct {
	name     string // the normalised value, used as the indicator name
	pattern  string
	mainType string       // x_opencti_main_observable_type
	scos     []observable // parents first (directory, then file); none for x509 issuer/subject
}

// buildIndicator maps one value of an indicator type to a pattern and its
// observables, or returns the reason it cannot.
func buildIndicator(it indicatorType, raw string) (indicatorSpec, string) {
	if strings.TrimSpace(raw) == "" {
		return indicatorSpec{}, "empty value"
	}
	switch it.kind {
	case kindDomain:
		v, ok := NormalizeDomain(raw)
		if !ok {
			if _, isIP := NormalizeIP(raw); isIP {
				return indicatorSpec{}, "an IP address is not a domain"
			}
			return indicatorSpec{}, "not a valid hostname"
		}
		d := &stix.DomainName{Value: v}
		return valueSpec(v, "domain-name:value", "Domain-Name", d, &d.ObservableCommon, stix.DomainNameID)
	case kindIP:
		v, v6, ok := normalizeIPOrPrefix(raw)
		if !ok {
			return indicatorSpec{}, "not a valid IP address or CIDR block"
		}
		if v6 {
			a := &stix.IPv6Addr{Value: v}
			return valueSpec(v, "ipv6-addr:value", "IPv6-Addr", a, &a.ObservableCommon, stix.IPv6AddrID)
		}
		a := &stix.IPv4Addr{Value: v}
		return valueSpec(v, "ipv4-addr:value", "IPv4-Addr", a, &a.ObservableCommon, stix.IPv4AddrID)
	case kindURL:
		v, reason := normalizeURL(raw)
		if reason != "" {
			return indicatorSpec{}, reason
		}
		u := &stix.URL{Value: v}
		return valueSpec(v, "url:value", "Url", u, &u.ObservableCommon, stix.URLID)
	case kindEmail:
		v, ok := normalizeEmail(raw)
		if !ok {
			return indicatorSpec{}, "not a valid e-mail address"
		}
		e := &stix.EmailAddr{Value: v}
		return valueSpec(v, "email-addr:value", "Email-Addr", e, &e.ObservableCommon, stix.EmailAddrID)
	case kindHash:
		algo, v, reason := normalizeHash(it.hash, raw)
		if reason != "" {
			return indicatorSpec{}, reason
		}
		f := &stix.File{Hashes: stix.Hashes{string(algo): v}}
		return hashSpec(v, stix.HashPath(stix.TypeFile, string(algo)), "StixFile", f, &f.ObservableCommon, func() (string, error) {
			return stix.FileID(f.Hashes, "", "")
		})
	case kindCertSHA1:
		_, v, reason := normalizeHash(hashSHA1, raw)
		if reason != "" {
			return indicatorSpec{}, reason
		}
		c := &stix.X509Certificate{Hashes: stix.Hashes{stix.HashSHA1: v}}
		return hashSpec(v, stix.HashPath(stix.TypeX509Certificate, stix.HashSHA1), "X509-Certificate", c, &c.ObservableCommon, func() (string, error) {
			return stix.X509CertificateID(c.Hashes, "")
		})
	case kindCertSerial:
		v, reason := cleanText(raw, false)
		if reason != "" {
			return indicatorSpec{}, reason
		}
		c := &stix.X509Certificate{SerialNumber: v}
		return hashSpec(v, "x509-certificate:serial_number", "X509-Certificate", c, &c.ObservableCommon, func() (string, error) {
			return stix.X509CertificateID(nil, v)
		})
	case kindCertIssuer, kindCertSubject:
		v, reason := cleanText(raw, false)
		if reason != "" {
			return indicatorSpec{}, reason
		}
		path := "x509-certificate:issuer"
		if it.kind == kindCertSubject {
			path = "x509-certificate:subject"
		}
		// No observable: issuer and subject do not contribute to the
		// x509-certificate ID, so it could only be random (the old
		// connector's duplicates on every run).
		return patternOnly(v, path, "X509-Certificate")
	case kindFileName:
		v, reason := cleanText(raw, true)
		if reason != "" {
			return indicatorSpec{}, reason
		}
		f := &stix.File{Name: v}
		return hashSpec(v, "file:name", "StixFile", f, &f.ObservableCommon, func() (string, error) {
			return stix.FileID(nil, v, "")
		})
	case kindFilePath:
		return filePathSpec(raw)
	case kindMutex:
		v, reason := cleanText(raw, true)
		if reason != "" {
			return indicatorSpec{}, reason
		}
		m := &stix.Mutex{Name: v}
		return valueSpec(v, "mutex:name", "Mutex", m, &m.ObservableCommon, stix.MutexID)
	}
	return indicatorSpec{}, "unsupported indicator type"
}

// valueSpec builds the spec of an SCO identified by one string.
func valueSpec(v, path, mainType string, o stix.Object, c *stix.ObservableCommon, idOf func(string) (string, error)) (indicatorSpec, string) {
	return hashSpec(v, path, mainType, o, c, func() (string, error) { return idOf(v) })
}

// hashSpec builds the spec of one SCO whose ID idOf computes.
func hashSpec(v, path, mainType string, o stix.Object, c *stix.ObservableCommon, idOf func() (string, error)) (indicatorSpec, string) {
	spec, reason := patternOnly(v, path, mainType)
	if reason != "" {
		return spec, reason
	}
	id, err := idOf()
	if err != nil {
		return indicatorSpec{}, err.Error()
	}
	c.ID = id
	spec.scos = []observable{{obj: o, common: c}}
	return spec, ""
}

// patternOnly builds the spec of an indicator without observable.
func patternOnly(v, path, mainType string) (indicatorSpec, string) {
	p, err := stix.Pattern(path, v)
	if err != nil {
		return indicatorSpec{}, err.Error()
	}
	return indicatorSpec{name: v, pattern: p, mainType: mainType}, ""
}

// filePathSpec maps a full path to a directory and a file in it:
// [file:name = 'base' AND file:parent_directory_ref.path = 'dir']. Both
// Windows and POSIX separators are understood. A bare name (no separator)
// is a file name only; a path ending in a separator names no file.
func filePathSpec(raw string) (indicatorSpec, string) {
	v, reason := cleanText(raw, true)
	if reason != "" {
		return indicatorSpec{}, reason
	}
	cut := strings.LastIndexAny(v, `/\`)
	if cut < 0 {
		return buildIndicator(indicatorType{kind: kindFileName}, v)
	}
	dir, base := v[:cut], v[cut+1:]
	if strings.TrimSpace(base) == "" {
		return indicatorSpec{}, "path names a directory, not a file"
	}
	if dir == "" {
		dir = v[:1] // the root: "/" or "\"
	}
	p, err := stix.And(stix.Equals("file:name", base), stix.Equals("file:parent_directory_ref.path", dir))
	if err != nil {
		return indicatorSpec{}, err.Error()
	}
	dirID, err := stix.DirectoryID(dir)
	if err != nil {
		return indicatorSpec{}, err.Error()
	}
	d := &stix.Directory{Path: dir}
	d.ID = dirID
	fileID, err := stix.FileID(nil, base, dirID)
	if err != nil {
		return indicatorSpec{}, err.Error()
	}
	f := &stix.File{Name: base, ParentDirectoryRef: dirID}
	f.ID = fileID
	return indicatorSpec{
		name: v, pattern: p, mainType: "StixFile",
		scos: []observable{{obj: d, common: &d.ObservableCommon}, {obj: f, common: &f.ObservableCommon}},
	}, ""
}
