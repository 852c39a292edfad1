package passivetotal

import (
	"encoding/json"
	"strings"
)

// WhoisRecord is one WHOIS record of a domain (or of an IP block, whose
// address is then in Domain): the answer of GET /whois, and each element
// of a WHOIS history. The fields are backend-neutral, so a Microsoft
// Graph decoder can fill them from a whoisRecord (contacts by role,
// nameservers[].host.id, *DateTime fields).
type WhoisRecord struct {
	Domain       string `json:"domain"`
	Registrar    string `json:"registrar"`
	WhoisServer  string `json:"whoisServer"`
	ContactEmail string `json:"contactEmail"`
	// Name, Organization and Telephone are the registrant's as v2
	// repeated them at the top level.
	Name              string   `json:"name"`
	Organization      string   `json:"organization"`
	Telephone         string   `json:"telephone"`
	Registered        Time     `json:"registered"`
	ExpiresAt         Time     `json:"expiresAt"`
	RegistryUpdatedAt Time     `json:"registryUpdatedAt"`
	LastLoadedAt      Time     `json:"lastLoadedAt"` // when the record was read: its "last seen"
	NameServers       []string `json:"nameServers"`
	DomainStatus      string   `json:"domainStatus"`
	RawText           string   `json:"rawText"`
	// Contacts are the record's non-empty contacts in role order
	// (registrant, admin, tech, billing, zone).
	Contacts []WhoisContact `json:"contacts,omitempty"`
}

// WhoisContact is one contact of a WHOIS record.
type WhoisContact struct {
	// Role is the v2 key the contact came under: "registrant", "admin",
	// "tech", "billing", "zone" (Graph adds "abuse", "noc", "registrar").
	Role         string `json:"role"`
	Name         string `json:"name,omitempty"`
	Organization string `json:"organization,omitempty"`
	Email        string `json:"email,omitempty"`
	Telephone    string `json:"telephone,omitempty"`
	Fax          string `json:"fax,omitempty"`
	Street       string `json:"street,omitempty"`
	City         string `json:"city,omitempty"`
	State        string `json:"state,omitempty"`
	PostalCode   string `json:"postalCode,omitempty"`
	Country      string `json:"country,omitempty"`
}

// IsZero reports whether the contact holds nothing but its role (v2 sends
// {} for a contact it does not know).
func (c WhoisContact) IsZero() bool {
	c.Role = ""
	return c == WhoisContact{}
}

// WhoisHistory is the answer of GET /whois?history=true: the domain's
// records over time, as the server ordered them.
type WhoisHistory struct {
	Results []WhoisRecord `json:"results"`
}

// UnmarshalJSON decodes the history leniently (a single record instead of
// a list, null).
func (h *WhoisHistory) UnmarshalJSON(b []byte) error {
	var w struct {
		Results flexList[WhoisRecord] `json:"results"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	h.Results = w.Results
	return nil
}

// whoisRoles are the v2 contact keys in the order Contacts lists them.
var whoisRoles = []string{"registrant", "admin", "tech", "billing", "zone"}

type whoisContactWire struct {
	Name         flexString `json:"name"`
	Organization flexString `json:"organization"`
	Email        flexString `json:"email"`
	Telephone    flexString `json:"telephone"`
	Fax          flexString `json:"fax"`
	Street       flexString `json:"street"`
	City         flexString `json:"city"`
	State        flexString `json:"state"`
	PostalCode   flexString `json:"postalCode"`
	Country      flexString `json:"country"`
}

// UnmarshalJSON decodes a record leniently: "N/A" placeholders read as "",
// a contact may be {}, null, or a bare string (kept as its name), and a
// single name server may come as a string.
func (r *WhoisRecord) UnmarshalJSON(b []byte) error {
	var w struct {
		Domain            flexString           `json:"domain"`
		Registrar         flexString           `json:"registrar"`
		WhoisServer       flexString           `json:"whoisServer"`
		ContactEmail      flexString           `json:"contactEmail"`
		Name              flexString           `json:"name"`
		Organization      flexString           `json:"organization"`
		Telephone         flexString           `json:"telephone"`
		Registered        Time                 `json:"registered"`
		ExpiresAt         Time                 `json:"expiresAt"`
		RegistryUpdatedAt Time                 `json:"registryUpdatedAt"`
		LastLoadedAt      Time                 `json:"lastLoadedAt"`
		NameServers       flexList[flexString] `json:"nameServers"`
		DomainStatus      json.RawMessage      `json:"domainStatus"`
		RawText           flexString           `json:"rawText"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var contacts map[string]json.RawMessage
	if err := json.Unmarshal(b, &contacts); err != nil {
		return err
	}
	*r = WhoisRecord{
		Domain: string(w.Domain), Registrar: string(w.Registrar), WhoisServer: string(w.WhoisServer),
		ContactEmail: string(w.ContactEmail), Name: string(w.Name), Organization: string(w.Organization),
		Telephone: string(w.Telephone), Registered: w.Registered, ExpiresAt: w.ExpiresAt,
		RegistryUpdatedAt: w.RegistryUpdatedAt, LastLoadedAt: w.LastLoadedAt,
		NameServers: flexStrings(w.NameServers), DomainStatus: statusText(w.DomainStatus), RawText: string(w.RawText),
	}
	if raw, ok := contacts["contacts"]; ok {
		// The form this type marshals to, so a saved decoded record reads
		// back; role keys, when present too, come after.
		var list flexList[WhoisContact]
		if err := json.Unmarshal(raw, &list); err != nil {
			return err
		}
		for _, c := range list {
			if !c.IsZero() {
				r.Contacts = append(r.Contacts, c)
			}
		}
	}
	for _, role := range whoisRoles {
		raw, ok := contacts[role]
		if !ok {
			continue
		}
		c, err := decodeContact(role, raw)
		if err != nil {
			return err
		}
		if !c.IsZero() {
			r.Contacts = append(r.Contacts, c)
		}
	}
	return nil
}

func decodeContact(role string, raw json.RawMessage) (WhoisContact, error) {
	c := WhoisContact{Role: role}
	var s flexString
	if err := json.Unmarshal(raw, &s); err == nil {
		c.Name = string(s)
		return c, nil
	}
	var w whoisContactWire
	if err := json.Unmarshal(raw, &w); err != nil {
		return c, err
	}
	c.Name, c.Organization, c.Email = string(w.Name), string(w.Organization), string(w.Email)
	c.Telephone, c.Fax, c.Street, c.City = string(w.Telephone), string(w.Fax), string(w.Street), string(w.City)
	c.State, c.PostalCode, c.Country = string(w.State), string(w.PostalCode), string(w.Country)
	return c, nil
}

// statusText reads domainStatus, a string or a list of strings, as one
// comma-separated string.
func statusText(raw json.RawMessage) string {
	var l flexList[flexString]
	if len(raw) == 0 || json.Unmarshal(raw, &l) != nil {
		return ""
	}
	return strings.Join(flexStrings(l), ", ")
}

// UnmarshalJSON decodes a contact of the contacts list leniently.
func (c *WhoisContact) UnmarshalJSON(b []byte) error {
	var w struct {
		Role flexString `json:"role"`
		whoisContactWire
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	d, err := decodeContact(string(w.Role), b)
	*c = d
	return err
}
