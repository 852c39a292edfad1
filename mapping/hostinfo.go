package mapping

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// Services maps the ports of an IP address: a note per port (protocol,
// status, how often and when it was seen, its banners and services) on
// the entity, created at the port's last scan, and a software observable
// per identified current service, related-to the entity with the port in
// the description. A port number outside 1..65535 is a skip.
func Services(entity Entity, s *passivetotal.Services, opts HostOptions) (*Result, error) {
	return mapped(entity, "", opts, func(m *hostMapper) {
		if s == nil {
			return
		}
		for i := range s.Results {
			if m.row() {
				m.port(&s.Results[i])
			}
		}
	})
}

func (m *hostMapper) port(p *passivetotal.ServicePort) {
	name := strconv.Itoa(p.Port) + "/" + strings.ToUpper(firstNonEmpty(strings.TrimSpace(p.Protocol), "TCP"))
	item := item("port", name)
	if p.Port < 1 || p.Port > 65535 {
		m.skip(item, "port number out of range")
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Port %s %s", name, firstNonEmpty(p.Status, "status unknown"))
	if p.Count > 0 {
		fmt.Fprintf(&b, ", observed %d times", p.Count)
	}
	if f, l, ok := m.seen(item, p.FirstSeen, p.LastSeen); ok && !f.IsZero() {
		fmt.Fprintf(&b, " between %s and %s", dayText(f), dayText(l))
	}
	b.WriteString(".\n")
	for _, bn := range p.Banners {
		if t := strings.TrimSpace(bn.Banner); t != "" {
			fmt.Fprintf(&b, "\nBanner (%s): %s\n", firstNonEmpty(bn.ScanType, "scan"), t)
		}
	}
	for _, sv := range p.CurrentServices {
		fmt.Fprintf(&b, "\nService: %s\n", strings.Join(nonEmpty(sv.Label, sv.Version, sv.Category), " "))
	}
	if p.MostRecentSSLCertSHA1 != "" {
		fmt.Fprintf(&b, "\nMost recent TLS certificate SHA-1: %s\n", p.MostRecentSSLCertSHA1)
	}
	created := time.Time{}
	if t := p.LastScan; t.Valid() && inRange(t.Time) {
		created = t.UTC()
	}
	m.note(item, "Port "+name+" of "+m.e.Value, strings.TrimSpace(b.String()), created, m.e.ID)
	for _, sv := range p.CurrentServices {
		si := item + " service " + quoteValue(sv.Label)
		f, l, ok := m.seen(si, sv.FirstSeen, sv.LastSeen)
		if !ok {
			continue
		}
		if id := m.software(si, sv.Label, sv.Version); id != "" {
			m.relate(si, stix.RelationshipRelatedTo, m.e.ID, id, "service on port "+name, f, l)
		}
	}
}

func dayText(t time.Time) string { return t.Format("2006-01-02") }

// Reputation maps a reputation answer: the score becomes x_opencti_score
// on the entity, the rules one note on it, and a MALICIOUS or SUSPICIOUS
// classification an indicator (malicious-activity or anomalous-activity,
// its confidence the score) based-on the entity. The indicator's
// valid_from and the note's created time are opts.Observed.
func Reputation(entity Entity, r *passivetotal.Reputation, opts HostOptions) (*Result, error) {
	return mapped(entity, "", opts, func(m *hostMapper) {
		if r == nil {
			return
		}
		if r.Score >= 0 {
			m.entityScore(r.Score)
		}
		summary := "Reputation " + firstNonEmpty(r.Classification, "UNKNOWN")
		if r.Score >= 0 {
			summary += ", score " + strconv.Itoa(r.Score) + "/100"
		}
		if len(r.Rules) > 0 {
			var b strings.Builder
			b.WriteString(summary + ".\n")
			for _, rule := range r.Rules {
				fmt.Fprintf(&b, "\n- %s", firstNonEmpty(strings.TrimSpace(rule.Name), "rule"))
				if rule.Severity > 0 {
					fmt.Fprintf(&b, " (severity %d/5)", rule.Severity)
				}
				if d := strings.TrimSpace(rule.Description); d != "" {
					b.WriteString(": " + d)
				}
				if rule.Link != "" {
					b.WriteString(" " + rule.Link)
				}
			}
			m.note(item("reputation", m.e.Value), summary+" of "+m.e.Value, b.String(), zeroTime, m.e.ID)
		}
		if r.Malicious() {
			m.indicator(r, summary)
		}
	})
}

// entityScore sets x_opencti_score on the entity object.
func (m *hostMapper) entityScore(score int) {
	custom := map[string]any{"x_opencti_score": score}
	switch o := m.objs[0].(type) {
	case *stix.DomainName:
		o.Custom = custom
	case *stix.IPv4Addr:
		o.Custom = custom
	case *stix.IPv6Addr:
		o.Custom = custom
	}
}

// observableTypes are OpenCTI's names of the entity types.
var observableTypes = map[string]string{
	stix.TypeDomainName: "Domain-Name", stix.TypeIPv4Addr: "IPv4-Addr", stix.TypeIPv6Addr: "IPv6-Addr",
}

func (m *hostMapper) indicator(r *passivetotal.Reputation, summary string) {
	item := item("reputation indicator", m.e.Value)
	pattern, err := stix.Pattern(m.e.Type+":value", m.e.Value)
	if err != nil {
		m.skip(item, err.Error())
		return
	}
	id, err := stix.IndicatorID(m.opts.Policy, pattern)
	if err != nil {
		m.skip(item, err.Error())
		return
	}
	kind := "anomalous-activity"
	if r.Classification == "MALICIOUS" {
		kind = "malicious-activity"
	}
	ind := &stix.Indicator{
		Common: m.common(id, zeroTime, zeroTime), Name: m.e.Value, Description: summary,
		IndicatorTypes: []string{kind}, Pattern: pattern, PatternType: "stix",
		ValidFrom: stix.Time(m.observed), XOpenCTIMainObservableType: observableTypes[m.e.Type],
	}
	if r.Score >= 0 {
		score := r.Score
		ind.Confidence, ind.XOpenCTIScore = &score, &score
	}
	if to := m.add(item, ind); to != "" {
		m.relate(item, stix.RelationshipBasedOn, to, m.e.ID, "", zeroTime, zeroTime)
	}
}

// HostSummary maps a host summary: for an address, its autonomous system
// (the entity belongs-to it) and its country (a location the entity is
// located-at, named in English as ISO 3166-1 names it, so its ID is the
// one OpenCTI gives that country). A domain's summary carries neither and
// maps to the entity alone. A country that is not an ISO 3166-1 alpha-2
// code is left out with a skip.
func HostSummary(entity Entity, h *passivetotal.HostSummary, opts HostOptions) (*Result, error) {
	fallback := ""
	if h != nil {
		fallback = h.QueryValue
	}
	return mapped(entity, fallback, opts, func(m *hostMapper) {
		if h == nil {
			return
		}
		if h.AutonomousSystemNumber > 0 {
			item := item("autonomous system", strconv.FormatInt(h.AutonomousSystemNumber, 10))
			if id, err := stix.AutonomousSystemID(h.AutonomousSystemNumber); err != nil {
				m.skip(item, err.Error())
			} else {
				as := &stix.AutonomousSystem{ObservableCommon: m.observable(id), Number: h.AutonomousSystemNumber, Name: strings.TrimSpace(h.AutonomousSystemName)}
				m.relate(item, stix.RelationshipBelongsTo, m.e.ID, m.add(item, as), "", zeroTime, zeroTime)
			}
		}
		if c := strings.TrimSpace(h.Country); c != "" {
			m.country(c)
		}
	})
}

func (m *hostMapper) country(code string) {
	item := item("country", code)
	if len(code) != 2 || strings.Trim(strings.ToUpper(code), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		m.skip(item, "not an ISO 3166-1 alpha-2 country code")
		return
	}
	code = strings.ToUpper(code)
	name, ok := countryNames[code]
	if !ok {
		m.skip(item, "not an ISO 3166-1 alpha-2 country code")
		return
	}
	id, err := stix.LocationID(m.opts.Policy, name, stix.LocationTypeCountry)
	if err != nil {
		m.skip(item, err.Error())
		return
	}
	loc := &stix.Location{Common: m.common(id, zeroTime, zeroTime), Name: name, Country: code, XOpenCTILocationType: stix.LocationTypeCountry}
	m.relate(item, stix.RelationshipLocatedAt, m.e.ID, m.add(item, loc), "", zeroTime, zeroTime)
}
