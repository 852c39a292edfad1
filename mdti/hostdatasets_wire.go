package mdti

import (
	"encoding/base64"
	"net/netip"
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
)

// The wire types of the host datasets (Graph's hostComponent, hostTracker,
// hostCookie, hostPair, subdomain, hostPort, hostSslCertificate,
// sslCertificate, whoisRecord) and their conversion to the root package's
// backend-neutral models, so the mapping package's dataset mappers run on
// Graph answers unchanged.

// seenWire holds the fields most host datasets share.
type seenWire struct {
	ODataType         text              `json:"@odata.type"`
	ID                text              `json:"id"`
	FirstSeenDateTime passivetotal.Time `json:"firstSeenDateTime"`
	LastSeenDateTime  passivetotal.Time `json:"lastSeenDateTime"`
	Host              *hostRef          `json:"host"`
}

// hostID is the row's host, or queried when the row names none.
func (w *seenWire) hostID(queried string) string {
	if w.Host != nil {
		if h := strings.TrimSpace(string(w.Host.ID)); h != "" {
			return h
		}
	}
	return queried
}

type componentWire struct {
	seenWire
	Name     text `json:"name"`
	Version  text `json:"version"`
	Category text `json:"category"`
}

func (w *componentWire) component(queried string) passivetotal.Component {
	return passivetotal.Component{Host: w.hostID(queried), Label: string(w.Name), Category: string(w.Category),
		Version: string(w.Version), FirstSeen: w.FirstSeenDateTime, LastSeen: w.LastSeenDateTime}
}

type trackerWire struct {
	seenWire
	Kind  text `json:"kind"`
	Value text `json:"value"`
}

func (w *trackerWire) tracker(queried string) passivetotal.Tracker {
	return passivetotal.Tracker{Host: w.hostID(queried), Type: string(w.Kind), Value: string(w.Value),
		FirstSeen: w.FirstSeenDateTime, LastSeen: w.LastSeenDateTime}
}

type cookieWire struct {
	seenWire
	Name   text `json:"name"`
	Domain text `json:"domain"`
}

func (w *cookieWire) cookie(queried string) passivetotal.Cookie {
	return passivetotal.Cookie{Host: w.hostID(queried), Name: string(w.Name), Domain: string(w.Domain),
		FirstSeen: w.FirstSeenDateTime, LastSeen: w.LastSeenDateTime}
}

type hostPairWire struct {
	seenWire
	LinkKind   text     `json:"linkKind"`
	ParentHost *hostRef `json:"parentHost"`
	ChildHost  *hostRef `json:"childHost"`
}

func (w *hostPairWire) pair() passivetotal.HostPair {
	p := passivetotal.HostPair{Cause: string(w.LinkKind), FirstSeen: w.FirstSeenDateTime, LastSeen: w.LastSeenDateTime}
	if w.ParentHost != nil {
		p.Parent = strings.TrimSpace(string(w.ParentHost.ID))
	}
	if w.ChildHost != nil {
		p.Child = strings.TrimSpace(string(w.ChildHost.ID))
	}
	return p
}

// subdomainWire is a subdomain: its id is the full name.
type subdomainWire struct {
	seenWire
}

type portBannerWire struct {
	Banner            text              `json:"banner"`
	ScanProtocol      text              `json:"scanProtocol"`
	TimesObserved     text              `json:"timesObserved"`
	FirstSeenDateTime passivetotal.Time `json:"firstSeenDateTime"`
	LastSeenDateTime  passivetotal.Time `json:"lastSeenDateTime"`
}

// portComponentWire is a hostPortComponent: {component: hostComponent,
// firstSeenDateTime, lastSeenDateTime, isRecent}. A flat hostComponent is
// read as well.
type portComponentWire struct {
	Component         *componentWire    `json:"component"`
	Name              text              `json:"name"`
	Version           text              `json:"version"`
	Category          text              `json:"category"`
	FirstSeenDateTime passivetotal.Time `json:"firstSeenDateTime"`
	LastSeenDateTime  passivetotal.Time `json:"lastSeenDateTime"`
	IsRecent          text              `json:"isRecent"`
}

func (w *portComponentWire) product() passivetotal.ServiceProduct {
	p := passivetotal.ServiceProduct{Label: string(w.Name), Category: string(w.Category), Version: string(w.Version),
		FirstSeen: w.FirstSeenDateTime, LastSeen: w.LastSeenDateTime}
	if c := w.Component; c != nil {
		p.Label, p.Category, p.Version = string(c.Name), string(c.Category), string(c.Version)
		if !p.FirstSeen.Valid() {
			p.FirstSeen, p.LastSeen = c.FirstSeenDateTime, c.LastSeenDateTime
		}
	}
	return p
}

type hostPortWire struct {
	seenWire
	Port                     text                `json:"port"`
	Protocol                 text                `json:"protocol"`
	Status                   text                `json:"status"`
	TimesObserved            text                `json:"timesObserved"`
	LastScanDateTime         passivetotal.Time   `json:"lastScanDateTime"`
	Banners                  []portBannerWire    `json:"banners"`
	Services                 []portComponentWire `json:"services"`
	MostRecentSSLCertificate *sslCertificateWire `json:"mostRecentSslCertificate"`
}

func (w *hostPortWire) port() passivetotal.ServicePort {
	p := passivetotal.ServicePort{
		Port: atoiOr(string(w.Port), 0), Protocol: strings.ToUpper(strings.TrimSpace(string(w.Protocol))),
		Status: string(w.Status), Count: atoiOr(string(w.TimesObserved), 0),
		FirstSeen: w.FirstSeenDateTime, LastSeen: w.LastSeenDateTime, LastScan: w.LastScanDateTime,
	}
	for _, b := range w.Banners {
		p.Banners = append(p.Banners, passivetotal.ServiceBanner{Banner: string(b.Banner), ScanType: string(b.ScanProtocol),
			Count: atoiOr(string(b.TimesObserved), 0), FirstSeen: b.FirstSeenDateTime, LastSeen: b.LastSeenDateTime})
	}
	for i := range w.Services {
		sp := w.Services[i].product()
		if strings.EqualFold(strings.TrimSpace(string(w.Services[i].IsRecent)), "false") {
			p.RecentServices = append(p.RecentServices, sp)
			continue
		}
		p.CurrentServices = append(p.CurrentServices, sp)
	}
	if c := w.MostRecentSSLCertificate; c != nil {
		p.MostRecentSSLCertSHA1 = c.sha1()
	}
	return p
}

// atoiOr reads a non-negative decimal that fits an int32 (Graph's Int32),
// or gives def; a port or count out of range stays visible to the
// mapping, which reports it, because -1 marks it.
func atoiOr(s string, def int) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return def
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' || n > 1<<31 {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	if n > 1<<31-1 {
		return -1
	}
	return n
}

// certEntityWire is an sslCertificateEntity.
type certEntityWire struct {
	CommonName         text         `json:"commonName"`
	OrganizationName   text         `json:"organizationName"`
	OrganizationUnit   text         `json:"organizationUnitName"`
	Email              text         `json:"email"`
	GivenName          text         `json:"givenName"`
	Surname            text         `json:"surname"`
	SerialNumber       text         `json:"serialNumber"`
	Address            *addressWire `json:"address"`
	AlternateNames     textList     `json:"alternateNames"`
	AlternateNameSpelt textList     `json:"alternateName"` // the spelling of Graph's own example
}

type addressWire struct {
	City            text `json:"city"`
	CountryOrRegion text `json:"countryOrRegion"`
	PostalCode      text `json:"postalCode"`
	State           text `json:"state"`
	Street          text `json:"street"`
}

func (w *certEntityWire) name() passivetotal.CertificateName {
	n := passivetotal.CertificateName{CommonName: string(w.CommonName), Organization: string(w.OrganizationName),
		OrganizationalUnit: string(w.OrganizationUnit), EmailAddress: string(w.Email), GivenName: string(w.GivenName),
		Surname: string(w.Surname), SerialNumber: string(w.SerialNumber)}
	if a := w.Address; a != nil {
		n.Country, n.StateOrProvince, n.Locality, n.StreetAddress = string(a.CountryOrRegion), string(a.State), string(a.City), string(a.Street)
	}
	return n
}

type sslCertificateWire struct {
	seenWire
	SHA1               text              `json:"sha1"`
	Fingerprint        text              `json:"fingerprint"`
	SerialNumber       text              `json:"serialNumber"`
	SSLVersion         text              `json:"sslVersion"`
	IssueDateTime      passivetotal.Time `json:"issueDateTime"`
	ExpirationDateTime passivetotal.Time `json:"expirationDateTime"`
	Issuer             *certEntityWire   `json:"issuer"`
	Subject            *certEntityWire   `json:"subject"`
}

// sha1 is the certificate's sha1, or the hex digest its id encodes
// (Graph's ids of certificates are the base64 of it); "" when neither.
func (w *sslCertificateWire) sha1() string {
	if s := strings.TrimSpace(string(w.SHA1)); s != "" {
		return s
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(w.ID)))
	if err != nil || len(b) != 40 || strings.Trim(strings.ToLower(string(b)), "0123456789abcdef") != "" {
		return ""
	}
	return string(b)
}

// full reports whether the certificate came with its fields, not as a bare
// navigation {id}.
func (w *sslCertificateWire) full() bool {
	return w.Issuer != nil || w.Subject != nil || w.SerialNumber != "" || w.Fingerprint != "" || w.IssueDateTime.Valid()
}

func (w *sslCertificateWire) certificate() passivetotal.SSLCertificate {
	c := passivetotal.SSLCertificate{SHA1: w.sha1(), Fingerprint: string(w.Fingerprint), SerialNumber: string(w.SerialNumber),
		SSLVersion: string(w.SSLVersion), IssueDate: w.IssueDateTime, ExpirationDate: w.ExpirationDateTime,
		FirstSeen: w.FirstSeenDateTime, LastSeen: w.LastSeenDateTime}
	if w.Issuer != nil {
		c.Issuer = w.Issuer.name()
	}
	if w.Subject != nil {
		c.Subject = w.Subject.name()
		c.SubjectAlternativeNames = append(append([]string(nil), w.Subject.AlternateNames...), w.Subject.AlternateNameSpelt...)
	}
	return c
}

type hostSSLCertificateWire struct {
	seenWire
	SSLCertificate *sslCertificateWire `json:"sslCertificate"`
}

// sighting converts a hostSslCertificate; the host goes to IPAddresses or
// Domains by its kind.
func (w *hostSSLCertificateWire) sighting(queried string) passivetotal.CertificateSighting {
	s := passivetotal.CertificateSighting{FirstSeen: w.FirstSeenDateTime, LastSeen: w.LastSeenDateTime}
	if w.SSLCertificate != nil {
		s.SHA1 = w.SSLCertificate.sha1()
	}
	if h := w.hostID(queried); h != "" {
		if _, err := netip.ParseAddr(h); err == nil {
			s.IPAddresses = []string{h}
		} else {
			s.Domains = []string{h}
		}
	}
	return s
}

type whoisContactWire struct {
	Name         text         `json:"name"`
	Organization text         `json:"organization"`
	Email        text         `json:"email"`
	Telephone    text         `json:"telephone"`
	Fax          text         `json:"fax"`
	Address      *addressWire `json:"address"`
}

type nameserverWire struct {
	Host *hostRef `json:"host"`
}

type whoisWire struct {
	seenWire
	WhoisServer          text              `json:"whoisServer"`
	DomainStatus         text              `json:"domainStatus"`
	RawWhoisText         text              `json:"rawWhoisText"`
	RegistrationDateTime passivetotal.Time `json:"registrationDateTime"`
	ExpirationDateTime   passivetotal.Time `json:"expirationDateTime"`
	LastUpdateDateTime   passivetotal.Time `json:"lastUpdateDateTime"`
	Nameservers          []nameserverWire  `json:"nameservers"`
	Registrant           *whoisContactWire `json:"registrant"`
	Admin                *whoisContactWire `json:"admin"`
	Technical            *whoisContactWire `json:"technical"`
	Billing              *whoisContactWire `json:"billing"`
	Zone                 *whoisContactWire `json:"zone"`
	Abuse                *whoisContactWire `json:"abuse"`
	Noc                  *whoisContactWire `json:"noc"`
	Registrar            *whoisContactWire `json:"registrar"`
}

// record converts a whoisRecord or whoisHistoryRecord. Contacts keep the
// PassiveTotal role names (technical is "tech") in PassiveTotal's order,
// then Graph's own roles; the registrar contact's organisation is the
// registrar, and the registrant's name and organisation fill the top-level
// fields v2 repeated. lastSeenDateTime is when the record was read.
func (w *whoisWire) record(queried string) passivetotal.WhoisRecord {
	r := passivetotal.WhoisRecord{
		Domain: w.hostID(queried), WhoisServer: string(w.WhoisServer), DomainStatus: string(w.DomainStatus),
		RawText: string(w.RawWhoisText), Registered: w.RegistrationDateTime, ExpiresAt: w.ExpirationDateTime,
		RegistryUpdatedAt: w.LastUpdateDateTime, LastLoadedAt: w.LastSeenDateTime,
	}
	for _, ns := range w.Nameservers {
		if ns.Host != nil {
			if h := strings.TrimSpace(string(ns.Host.ID)); h != "" {
				r.NameServers = append(r.NameServers, h)
			}
		}
	}
	for _, rc := range []struct {
		role string
		c    *whoisContactWire
	}{{"registrant", w.Registrant}, {"admin", w.Admin}, {"tech", w.Technical}, {"billing", w.Billing},
		{"zone", w.Zone}, {"abuse", w.Abuse}, {"noc", w.Noc}, {"registrar", w.Registrar}} {
		if rc.c == nil {
			continue
		}
		c := passivetotal.WhoisContact{Role: rc.role, Name: string(rc.c.Name), Organization: string(rc.c.Organization),
			Email: string(rc.c.Email), Telephone: string(rc.c.Telephone), Fax: string(rc.c.Fax)}
		if a := rc.c.Address; a != nil {
			c.Street, c.City, c.State, c.PostalCode, c.Country = string(a.Street), string(a.City), string(a.State), string(a.PostalCode), string(a.CountryOrRegion)
		}
		if c.IsZero() {
			continue
		}
		r.Contacts = append(r.Contacts, c)
		switch rc.role {
		case "registrant":
			r.Name, r.Organization, r.Telephone = c.Name, c.Organization, c.Telephone
		case "registrar":
			r.Registrar = c.Organization
		}
	}
	return r
}

// Summary converts the host to the root package's host summary, the
// model of PassiveTotal's GET /enrichment: the AS and country of an IP
// address, the netblock as its network. PassiveTotal's tags,
// everCompromised, sinkhole and dynamicDns have no Graph equivalent and
// stay zero.
func (h *Host) Summary() *passivetotal.HostSummary {
	s := &passivetotal.HostSummary{QueryValue: h.ID, QueryType: "domain", Country: h.CountryOrRegion, Network: h.Netblock}
	if _, err := netip.ParseAddr(h.ID); err == nil || h.Kind == "ipAddress" {
		s.QueryType = "ip"
	}
	if as := h.AutonomousSystem; as != nil {
		if as.Number > 0 && as.Number <= 4294967295 {
			s.AutonomousSystemNumber = as.Number
		}
		s.AutonomousSystemName = firstNonBlank(as.Name, as.Organization)
	}
	return s
}

func firstNonBlank(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
