package mdti

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"iter"
	"math"
	"strconv"
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/internal/lenient"
)

// Vulnerability is a Microsoft Graph vulnerability article, as returned by
// GET /vulnerabilities/{id}. Its ID is the CVE ("CVE-2021-44228").
type Vulnerability struct {
	ID string `json:"id"`
	// PriorityScore is Microsoft's 0..100 remediation priority.
	PriorityScore int `json:"priorityScore"`
	// Severity is none, low, medium, high or critical (lower-cased; open).
	Severity string `json:"severity,omitempty"`
	// CVSS2 and CVSS3 are nil when the server sent none.
	CVSS2       *CVSSSummary  `json:"cvss2Summary,omitempty"`
	CVSS3       *CVSSSummary  `json:"cvss3Summary,omitempty"`
	CWEIDs      []string      `json:"commonWeaknessEnumerationIds,omitempty"`
	Description FormattedText `json:"description"`
	Remediation FormattedText `json:"remediation"`
	Exploits    []Hyperlink   `json:"exploits,omitempty"`
	References  []Hyperlink   `json:"references,omitempty"`
	// ExploitsAvailable: public exploits exist; ActiveExploitsObserved:
	// exploitation by known actors was seen; HasChatter: it is discussed.
	ExploitsAvailable      bool              `json:"exploitsAvailable"`
	ActiveExploitsObserved bool              `json:"activeExploitsObserved"`
	HasChatter             bool              `json:"hasChatter"`
	Created                passivetotal.Time `json:"createdDateTime"`
	LastModified           passivetotal.Time `json:"lastModifiedDateTime"`
	Published              passivetotal.Time `json:"publishedDateTime"`
}

// CVSSSummary is a Graph cvssSummary.
type CVSSSummary struct {
	// Score is nil when absent, null, or not a finite number in 0..10.
	Score        *float64 `json:"score,omitempty"`
	Severity     string   `json:"severity,omitempty"` // lower-cased; open
	VectorString string   `json:"vectorString,omitempty"`
}

// Hyperlink is a Graph hyperlink: a name and a URL.
type Hyperlink struct {
	Name string `json:"name,omitempty"`
	URL  string `json:"url"`
}

// VulnerabilityComponent is a Graph vulnerabilityComponent: a product
// affected by a vulnerability.
type VulnerabilityComponent struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// VulnerabilityComponentList is one page of GET /vulnerabilities/{id}/components.
type VulnerabilityComponentList struct {
	Components []VulnerabilityComponent
	NextLink   string // as in IntelProfileList
	Count      int    // as in IntelProfileList
}

// VulnerabilityArticle is the part of a Graph article that links it to a
// vulnerability, as listed by GET /vulnerabilities/{id}/articles. The
// articles themselves are read and mapped through the articles endpoints;
// this model keeps what identifies and dates them.
type VulnerabilityArticle struct {
	ID          string            `json:"id"`
	Title       string            `json:"title"`
	Summary     FormattedText     `json:"summary"`
	Tags        []string          `json:"tags,omitempty"`
	Created     passivetotal.Time `json:"createdDateTime"`
	LastUpdated passivetotal.Time `json:"lastUpdatedDateTime"`
}

// VulnerabilityArticleList is one page of GET /vulnerabilities/{id}/articles.
type VulnerabilityArticleList struct {
	Articles []VulnerabilityArticle
	NextLink string // as in IntelProfileList
	Count    int    // as in IntelProfileList
}

// GetVulnerability returns one vulnerability by its CVE id (GET
// /vulnerabilities/{id}); errors as for GetIntelProfile.
func (c *Client) GetVulnerability(ctx context.Context, id string) (*Vulnerability, *Response, error) {
	return getEntity[Vulnerability](ctx, c, "vulnerability id", "vulnerabilities/", id, "")
}

// ListVulnerabilityComponents returns the products vulnerability id
// affects (GET /vulnerabilities/{id}/components), paged as
// ListIntelProfiles.
func (c *Client) ListVulnerabilityComponents(ctx context.Context, id string) iter.Seq2[VulnerabilityComponent, error] {
	return listUnder[VulnerabilityComponent](ctx, c, "vulnerability id", "vulnerabilities/", id, "/components")
}

// ListVulnerabilityArticles returns the articles about vulnerability id
// (GET /vulnerabilities/{id}/articles), paged as ListIntelProfiles: give
// them to mapping.ArticleLinks.AddVulnerability so those articles'
// reports reference the vulnerability.
func (c *Client) ListVulnerabilityArticles(ctx context.Context, id string) iter.Seq2[VulnerabilityArticle, error] {
	return listUnder[VulnerabilityArticle](ctx, c, "vulnerability id", "vulnerabilities/", id, "/articles")
}

// DecodeVulnerability decodes a saved GET /vulnerabilities/{id} body.
func DecodeVulnerability(r io.Reader) (*Vulnerability, error) {
	return profileDecodeOne[Vulnerability](r, "vulnerability")
}

// DecodeVulnerabilityComponents decodes a saved GET
// /vulnerabilities/{id}/components page.
func DecodeVulnerabilityComponents(r io.Reader) (*VulnerabilityComponentList, error) {
	return profileDecodeList[VulnerabilityComponentList](r, "vulnerabilityComponent collection")
}

// DecodeVulnerabilityArticles decodes a saved GET
// /vulnerabilities/{id}/articles page.
func DecodeVulnerabilityArticles(r io.Reader) (*VulnerabilityArticleList, error) {
	return profileDecodeList[VulnerabilityArticleList](r, "article collection")
}

// UnmarshalJSON decodes a vulnerability leniently: numbers and booleans as
// strings, null anywhere, a single value for a list, a plain string for
// formatted content or a hyperlink, odd timestamps (kept in Raw).
func (v *Vulnerability) UnmarshalJSON(b []byte) error {
	var w struct {
		ID                     lenient.String               `json:"id"`
		PriorityScore          lenient.Int                  `json:"priorityScore"`
		Severity               lenient.String               `json:"severity"`
		CVSS2                  *CVSSSummary                 `json:"cvss2Summary"`
		CVSS3                  *CVSSSummary                 `json:"cvss3Summary"`
		CWEIDs                 lenient.List[lenient.String] `json:"commonWeaknessEnumerationIds"`
		Description            FormattedText                `json:"description"`
		Remediation            FormattedText                `json:"remediation"`
		Exploits               lenient.List[Hyperlink]      `json:"exploits"`
		References             lenient.List[Hyperlink]      `json:"references"`
		ExploitsAvailable      vulnFlag                     `json:"exploitsAvailable"`
		ActiveExploitsObserved vulnFlag                     `json:"activeExploitsObserved"`
		HasChatter             vulnFlag                     `json:"hasChatter"`
		Created                passivetotal.Time            `json:"createdDateTime"`
		LastModified           passivetotal.Time            `json:"lastModifiedDateTime"`
		Published              passivetotal.Time            `json:"publishedDateTime"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*v = Vulnerability{
		ID: strings.TrimSpace(string(w.ID)), PriorityScore: int(w.PriorityScore),
		Severity: strings.ToLower(strings.TrimSpace(string(w.Severity))),
		CVSS2:    vulnNonEmpty(w.CVSS2), CVSS3: vulnNonEmpty(w.CVSS3),
		CWEIDs: profileStrings(w.CWEIDs), Description: w.Description, Remediation: w.Remediation,
		Exploits: vulnLinks(w.Exploits), References: vulnLinks(w.References),
		ExploitsAvailable: bool(w.ExploitsAvailable), ActiveExploitsObserved: bool(w.ActiveExploitsObserved),
		HasChatter: bool(w.HasChatter), Created: w.Created, LastModified: w.LastModified, Published: w.Published,
	}
	return nil
}

// vulnNonEmpty drops a summary with nothing in it ({} or all nulls).
func vulnNonEmpty(s *CVSSSummary) *CVSSSummary {
	if s == nil || (s.Score == nil && s.Severity == "" && s.VectorString == "") {
		return nil
	}
	return s
}

// vulnLinks drops links with neither name nor URL.
func vulnLinks(l []Hyperlink) []Hyperlink {
	var out []Hyperlink
	for _, h := range l {
		if h != (Hyperlink{}) {
			out = append(out, h)
		}
	}
	return out
}

// UnmarshalJSON decodes a CVSS summary leniently: the score may be a
// number or a numeric string; one that is not a finite number in 0..10 is
// dropped (nil) rather than failing the vulnerability.
func (s *CVSSSummary) UnmarshalJSON(b []byte) error {
	var w struct {
		Score        json.RawMessage `json:"score"`
		Severity     lenient.String  `json:"severity"`
		VectorString lenient.String  `json:"vectorString"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = CVSSSummary{
		Score:        vulnScore(w.Score),
		Severity:     strings.ToLower(strings.TrimSpace(string(w.Severity))),
		VectorString: strings.TrimSpace(string(w.VectorString)),
	}
	return nil
}

// vulnScore reads a CVSS score: a JSON number or a string holding one.
func vulnScore(raw json.RawMessage) *float64 {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	text := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil
		}
		text = strings.TrimSpace(text)
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > 10 {
		return nil
	}
	return &f
}

// UnmarshalJSON accepts the {name, url} object and, leniently, a bare
// string (read as the URL).
func (h *Hyperlink) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*h = Hyperlink{}
	if len(b) > 0 && b[0] == '{' {
		var w struct {
			Name lenient.String `json:"name"`
			URL  lenient.String `json:"url"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
		*h = Hyperlink{Name: strings.TrimSpace(string(w.Name)), URL: strings.TrimSpace(string(w.URL))}
		return nil
	}
	var s lenient.String
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	h.URL = strings.TrimSpace(string(s))
	return nil
}

// UnmarshalJSON decodes a component leniently.
func (c *VulnerabilityComponent) UnmarshalJSON(b []byte) error {
	var w struct {
		ID   lenient.String `json:"id"`
		Name lenient.String `json:"name"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = VulnerabilityComponent{ID: strings.TrimSpace(string(w.ID)), Name: strings.TrimSpace(string(w.Name))}
	return nil
}

// UnmarshalJSON decodes a component page leniently.
func (l *VulnerabilityComponentList) UnmarshalJSON(b []byte) error {
	var w profilePage[VulnerabilityComponent]
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*l = VulnerabilityComponentList{Components: w.Value, NextLink: strings.TrimSpace(string(w.NextLink)), Count: int(w.Count)}
	return nil
}

// MarshalJSON writes the page in Graph's shape.
func (l VulnerabilityComponentList) MarshalJSON() ([]byte, error) {
	return json.Marshal(profileOutPage[VulnerabilityComponent]{NextLink: l.NextLink, Count: l.Count, Value: l.Components})
}

// UnmarshalJSON decodes an article leniently.
func (a *VulnerabilityArticle) UnmarshalJSON(b []byte) error {
	var w struct {
		ID          lenient.String               `json:"id"`
		Title       lenient.String               `json:"title"`
		Summary     FormattedText                `json:"summary"`
		Tags        lenient.List[lenient.String] `json:"tags"`
		Created     passivetotal.Time            `json:"createdDateTime"`
		LastUpdated passivetotal.Time            `json:"lastUpdatedDateTime"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = VulnerabilityArticle{
		ID: strings.TrimSpace(string(w.ID)), Title: strings.TrimSpace(string(w.Title)), Summary: w.Summary,
		Tags: profileStrings(w.Tags), Created: w.Created, LastUpdated: w.LastUpdated,
	}
	return nil
}

// UnmarshalJSON decodes an article page leniently.
func (l *VulnerabilityArticleList) UnmarshalJSON(b []byte) error {
	var w profilePage[VulnerabilityArticle]
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*l = VulnerabilityArticleList{Articles: w.Value, NextLink: strings.TrimSpace(string(w.NextLink)), Count: int(w.Count)}
	return nil
}

// MarshalJSON writes the page in Graph's shape.
func (l VulnerabilityArticleList) MarshalJSON() ([]byte, error) {
	return json.Marshal(profileOutPage[VulnerabilityArticle]{NextLink: l.NextLink, Count: l.Count, Value: l.Articles})
}

// vulnFlag is a boolean that also accepts "true"/"false" strings, 0/1 and
// null (false); anything else reads as false rather than failing the body
// over a flag.
type vulnFlag bool

// UnmarshalJSON implements json.Unmarshaler.
func (f *vulnFlag) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	*f = vulnFlag(strings.EqualFold(s, "true") || s == "1")
	return nil
}
