package mapping

import (
	"slices"
	"strings"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// Whois maps a WHOIS record about entity:
//
//	contact e-mails               email-addr, entity related-to it (the roles in the description)
//	name servers                  domain-name, entity related-to it ("WHOIS name server")
//	registrar, registrant org.    identity (organization), entity related-to it
//	the record                    note on the entity (dates, status, raw text), created at lastLoadedAt
//
// A zero entity is taken from the record's domain. Invalid e-mails and
// host names are skips; a record with no contact maps the rest. A nil
// record maps to the entity alone.
func Whois(entity Entity, rec *passivetotal.WhoisRecord, opts HostOptions) (*Result, error) {
	fallback := ""
	if rec != nil {
		fallback = rec.Domain
	}
	return mapped(entity, fallback, opts, func(m *hostMapper) {
		if rec != nil {
			m.whois(rec)
		}
	})
}

// WhoisHistory maps every record of a WHOIS history as [Whois] does, one
// note per record; objects shared by several records appear once.
func WhoisHistory(entity Entity, h *passivetotal.WhoisHistory, opts HostOptions) (*Result, error) {
	fallback := ""
	if h != nil && len(h.Results) > 0 {
		fallback = h.Results[0].Domain
	}
	return mapped(entity, fallback, opts, func(m *hostMapper) {
		if h == nil {
			return
		}
		for i := range h.Results {
			if m.row() {
				m.whois(&h.Results[i])
			}
		}
	})
}

func (m *hostMapper) whois(rec *passivetotal.WhoisRecord) {
	roles := map[string][]string{} // e-mail -> roles, in first-seen order of e-mails
	var emails []string
	addEmail := func(email, role string) {
		if email == "" {
			return
		}
		if _, ok := roles[email]; !ok {
			emails = append(emails, email)
		}
		if !slices.Contains(roles[email], role) {
			roles[email] = append(roles[email], role)
		}
	}
	addEmail(rec.ContactEmail, "contact")
	for _, c := range rec.Contacts {
		addEmail(c.Email, c.Role)
	}
	// The relationships carry no sighting range: WHOIS says who holds the
	// domain, not when a link was seen, and one relationship per contact
	// then stays one across a history.
	var first, last time.Time
	for _, raw := range emails {
		item := item("WHOIS e-mail", raw)
		v, ok := normalizeEmail(raw)
		if !ok {
			m.skip(item, "not a valid e-mail address")
			continue
		}
		id, err := stix.EmailAddrID(v)
		if err != nil {
			m.skip(item, err.Error())
			continue
		}
		to := m.add(item, &stix.EmailAddr{ObservableCommon: m.observable(id), Value: v})
		m.relate(item, stix.RelationshipRelatedTo, m.e.ID, to, "WHOIS "+strings.Join(roles[raw], ", ")+" e-mail", first, last)
	}
	for _, ns := range rec.NameServers {
		item := item("WHOIS name server", ns)
		if to := m.host(item, ns); to != m.e.ID {
			m.relate(item, stix.RelationshipRelatedTo, m.e.ID, to, "WHOIS name server", first, last)
		}
	}
	m.organization("WHOIS registrar", rec.Registrar, "registrar", first, last)
	org := rec.Organization
	for _, c := range rec.Contacts {
		if c.Role == "registrant" && c.Organization != "" {
			org = c.Organization
		}
	}
	m.organization("WHOIS registrant organization", org, "registrant", first, last)
	if content := whoisNote(rec); content != "" {
		abstract := "WHOIS record of " + firstNonEmpty(rec.Domain, m.e.Value)
		if rec.LastLoadedAt.Valid() {
			abstract += " read " + rec.LastLoadedAt.UTC().Format("2006-01-02")
		}
		m.note(item("WHOIS record", rec.Domain), abstract, content, loadedAt(rec), m.e.ID)
	}
}

// loadedAt returns when the record was read, zero when unknown.
func loadedAt(rec *passivetotal.WhoisRecord) time.Time {
	if t := rec.LastLoadedAt; t.Valid() && inRange(t.Time) {
		return t.UTC()
	}
	return time.Time{}
}

// organization adds an organization identity related to the entity.
func (m *hostMapper) organization(kind, name, role string, first, last time.Time) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	item := item(kind, name)
	id, err := stix.IdentityID(m.opts.Policy, name, "organization")
	if err != nil {
		m.skip(item, err.Error())
		return
	}
	o := &stix.Identity{Common: m.common(id, time.Time{}, time.Time{}), Name: name, IdentityClass: "organization"}
	to := m.add(item, o)
	m.relate(item, stix.RelationshipRelatedTo, m.e.ID, to, "WHOIS "+role, first, last)
}

// whoisNote writes the record as the text of a note.
func whoisNote(rec *passivetotal.WhoisRecord) string {
	var b strings.Builder
	line := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	date := func(t passivetotal.Time) string {
		if t.Valid() && inRange(t.Time) {
			return t.UTC().Format("2006-01-02T15:04:05Z")
		}
		return t.Raw
	}
	line("Domain", rec.Domain)
	line("Registrar", rec.Registrar)
	line("WHOIS server", rec.WhoisServer)
	line("Registered", date(rec.Registered))
	line("Expires", date(rec.ExpiresAt))
	line("Updated", date(rec.RegistryUpdatedAt))
	line("Read", date(rec.LastLoadedAt))
	line("Status", rec.DomainStatus)
	line("Name servers", strings.Join(rec.NameServers, ", "))
	for _, c := range rec.Contacts {
		line("Contact "+c.Role, strings.Join(nonEmpty(c.Name, c.Organization, c.Email, c.Telephone, c.Street, c.City, c.State, c.PostalCode, c.Country), ", "))
	}
	if raw := strings.TrimSpace(rec.RawText); raw != "" {
		b.WriteString("\n" + raw + "\n")
	}
	return strings.TrimSpace(b.String())
}

func nonEmpty(vs ...string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
