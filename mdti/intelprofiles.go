package mdti

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"iter"
	"net/url"
	"strconv"
	"strings"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/internal/lenient"
)

// Intelligence profile kinds Graph documents. The kind is an open enum:
// other values (a future "unknownFutureValue" member) are kept as sent.
const (
	ProfileKindActor = "actor"
	ProfileKindTool  = "tool"
)

// IntelProfile is a Microsoft Graph intelligenceProfile: a threat actor or
// a tool, as returned by GET /intelProfiles and GET /intelProfiles/{id}.
type IntelProfile struct {
	ID string `json:"id"`
	// Kind is "actor" or "tool" (lower-cased; open enum).
	Kind    string   `json:"kind"`
	Title   string   `json:"title"`
	Aliases []string `json:"aliases,omitempty"`
	// Summary is short; Description places the actor in context;
	// Tradecraft describes its tactics, techniques and tools.
	Summary     FormattedText `json:"summary"`
	Description FormattedText `json:"description"`
	Tradecraft  FormattedText `json:"tradecraft"`
	// FirstActive is firstActiveDateTime; zero when absent or unreadable
	// (Raw keeps the text).
	FirstActive passivetotal.Time `json:"firstActiveDateTime"`
	// Targets are the known targets: sectors ("Government Agencies &
	// Services: Defense") and sometimes countries or regions.
	Targets []string `json:"targets,omitempty"`
	// Origins is countriesOrRegionsOfOrigin.
	Origins []ProfileOrigin `json:"countriesOrRegionsOfOrigin,omitempty"`
}

// ProfileOrigin is a Graph intelligenceProfileCountryOrRegionOfOrigin.
type ProfileOrigin struct {
	// Code is the country/region code (ISO 3166-1 alpha-2 in practice,
	// upper-cased here); Label its display name.
	Code  string `json:"code"`
	Label string `json:"label"`
}

// IntelProfileList is one page of GET /intelProfiles.
type IntelProfileList struct {
	Profiles []IntelProfile
	// NextLink is @odata.nextLink: the full URL of the next page, "" on
	// the last one. Follow it verbatim.
	NextLink string
	// Count is @odata.count, 0 when the server did not send it.
	Count int
}

// IntelProfileIndicator is a Graph intelligenceProfileIndicator, one row of
// GET /intelProfiles/{id}/indicators.
type IntelProfileIndicator struct {
	ID string `json:"id"`
	// Source is "microsoft", "osint" or "public" (open enum; older beta
	// servers sent "microsoftDefenderThreatIntelligence" and
	// "openSourceIntelligence").
	Source    string            `json:"source"`
	FirstSeen passivetotal.Time `json:"firstSeenDateTime"`
	LastSeen  passivetotal.Time `json:"lastSeenDateTime"`
	Artifact  ProfileArtifact   `json:"artifact"`
}

// ProfileArtifact is the artifact an indicator reports (a Graph
// security.artifact). Hosts (hostname, ipAddress) carry their value in ID;
// an unclassifiedArtifact carries Kind and Value; an sslCertificate its
// SHA1.
type ProfileArtifact struct {
	// Type is the @odata.type without its namespace: "hostname",
	// "ipAddress", "unclassifiedArtifact", "sslCertificate", ... (open).
	Type  string
	ID    string
	Kind  string
	Value string
	SHA1  string
}

// IntelProfileIndicatorList is one page of GET /intelProfiles/{id}/indicators.
type IntelProfileIndicatorList struct {
	Indicators []IntelProfileIndicator
	NextLink   string // as in IntelProfileList
	Count      int    // as in IntelProfileList
}

// IntelProfileListOptions are the parameters of GET /intelProfiles.
type IntelProfileListOptions struct {
	// PageSize is sent as $top; zero leaves the server's default.
	PageSize int
}

// ListIntelProfiles returns the intelligence profiles (GET
// /intelProfiles), actors and tools, in the server's order. Pages are
// fetched as the loop asks for them, within the page budget, each
// @odata.nextLink checked; an error ends the sequence.
func (c *Client) ListIntelProfiles(ctx context.Context, opts *IntelProfileListOptions) iter.Seq2[IntelProfile, error] {
	var q url.Values
	if opts != nil && opts.PageSize > 0 {
		q = url.Values{"$top": {strconv.Itoa(opts.PageSize)}}
	}
	return list(ctx, c, "intelProfiles", q, profileSame[IntelProfile], nil)
}

// GetIntelProfile returns one profile by id (GET /intelProfiles/{id}). The
// id is escaped as one path segment; an empty or dot id is a
// *passivetotal.InvalidQueryError, sent nowhere. An unknown id is an
// *ErrorResponse matching ErrNotFound.
func (c *Client) GetIntelProfile(ctx context.Context, id string) (*IntelProfile, *Response, error) {
	return getEntity[IntelProfile](ctx, c, "profile id", "intelProfiles/", id, "")
}

// ListIntelProfileIndicators returns the indicators of profile id (GET
// /intelProfiles/{id}/indicators), paged as ListIntelProfiles. Feed them,
// with the profile, to mapping.Profile.
func (c *Client) ListIntelProfileIndicators(ctx context.Context, id string) iter.Seq2[IntelProfileIndicator, error] {
	return listUnder[IntelProfileIndicator](ctx, c, "profile id", "intelProfiles/", id, "/indicators")
}

// getEntity gets prefix+<escaped id>+suffix as one entity T.
func getEntity[T any](ctx context.Context, c *Client, what, prefix, id, suffix string) (*T, *Response, error) {
	seg, err := pathSegment(what, id)
	if err != nil {
		return nil, nil, err
	}
	var e entity[T]
	resp, err := c.get(ctx, prefix+seg+suffix, nil, &e)
	if err != nil {
		return nil, resp, err
	}
	return &e.v, resp, nil
}

// listUnder lists the collection prefix+<escaped id>+suffix of items T.
func listUnder[T any](ctx context.Context, c *Client, what, prefix, id, suffix string) iter.Seq2[T, error] {
	seg, err := pathSegment(what, id)
	if err != nil {
		return func(yield func(T, error) bool) {
			var zero T
			yield(zero, err)
		}
	}
	return list(ctx, c, prefix+seg+suffix, nil, profileSame[T], nil)
}

// profileSame is the identity conversion: the models decode Graph's JSON
// themselves.
func profileSame[T any](w *T) T { return *w }

// DecodeIntelProfiles decodes a saved GET /intelProfiles page.
func DecodeIntelProfiles(r io.Reader) (*IntelProfileList, error) {
	return profileDecodeList[IntelProfileList](r, "intelligenceProfile collection")
}

// DecodeIntelProfile decodes a saved GET /intelProfiles/{id} body.
func DecodeIntelProfile(r io.Reader) (*IntelProfile, error) {
	return profileDecodeOne[IntelProfile](r, "intelligenceProfile")
}

// DecodeIntelProfileIndicators decodes a saved GET
// /intelProfiles/{id}/indicators page.
func DecodeIntelProfileIndicators(r io.Reader) (*IntelProfileIndicatorList, error) {
	return profileDecodeList[IntelProfileIndicatorList](r, "intelligenceProfileIndicator collection")
}

// UnmarshalJSON decodes a profile leniently: numbers for strings, a single
// value for a list, null anywhere, a plain string for formatted content,
// odd timestamps (kept in Raw). Unknown members are ignored.
func (p *IntelProfile) UnmarshalJSON(b []byte) error {
	var w struct {
		ID          lenient.String               `json:"id"`
		Kind        lenient.String               `json:"kind"`
		Title       lenient.String               `json:"title"`
		Aliases     lenient.List[lenient.String] `json:"aliases"`
		Summary     FormattedText                `json:"summary"`
		Description FormattedText                `json:"description"`
		Tradecraft  FormattedText                `json:"tradecraft"`
		FirstActive passivetotal.Time            `json:"firstActiveDateTime"`
		Targets     lenient.List[lenient.String] `json:"targets"`
		Origins     lenient.List[ProfileOrigin]  `json:"countriesOrRegionsOfOrigin"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = IntelProfile{
		ID: strings.TrimSpace(string(w.ID)), Kind: strings.ToLower(strings.TrimSpace(string(w.Kind))),
		Title: strings.TrimSpace(string(w.Title)), Aliases: profileStrings(w.Aliases),
		Summary: w.Summary, Description: w.Description, Tradecraft: w.Tradecraft,
		FirstActive: w.FirstActive, Targets: profileStrings(w.Targets),
	}
	for _, o := range w.Origins {
		if o != (ProfileOrigin{}) {
			p.Origins = append(p.Origins, o)
		}
	}
	return nil
}

// UnmarshalJSON accepts the documented {code, label} object and, leniently,
// a bare string: two letters are a code, anything else a label.
func (o *ProfileOrigin) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*o = ProfileOrigin{}
	if len(b) > 0 && b[0] == '{' {
		var w struct {
			Code  lenient.String `json:"code"`
			Label lenient.String `json:"label"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
		*o = ProfileOrigin{Code: strings.ToUpper(strings.TrimSpace(string(w.Code))), Label: strings.TrimSpace(string(w.Label))}
		return nil
	}
	var s lenient.String
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v := strings.TrimSpace(string(s))
	if len(v) == 2 && profileIsLetters(v) {
		o.Code = strings.ToUpper(v)
	} else {
		o.Label = v
	}
	return nil
}

func profileIsLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// UnmarshalJSON decodes a page leniently (see IntelProfile).
func (l *IntelProfileList) UnmarshalJSON(b []byte) error {
	var w profilePage[IntelProfile]
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*l = IntelProfileList{Profiles: w.Value, NextLink: strings.TrimSpace(string(w.NextLink)), Count: int(w.Count)}
	return nil
}

// MarshalJSON writes the page in Graph's shape, so a decoded page saves
// and reads back the same.
func (l IntelProfileList) MarshalJSON() ([]byte, error) {
	return json.Marshal(profileOutPage[IntelProfile]{NextLink: l.NextLink, Count: l.Count, Value: l.Profiles})
}

// UnmarshalJSON decodes an indicator leniently.
func (i *IntelProfileIndicator) UnmarshalJSON(b []byte) error {
	var w struct {
		ID        lenient.String    `json:"id"`
		Source    lenient.String    `json:"source"`
		FirstSeen passivetotal.Time `json:"firstSeenDateTime"`
		LastSeen  passivetotal.Time `json:"lastSeenDateTime"`
		Artifact  ProfileArtifact   `json:"artifact"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*i = IntelProfileIndicator{
		ID: strings.TrimSpace(string(w.ID)), Source: strings.TrimSpace(string(w.Source)),
		FirstSeen: w.FirstSeen, LastSeen: w.LastSeen, Artifact: w.Artifact,
	}
	return nil
}

// UnmarshalJSON decodes an indicator page leniently.
func (l *IntelProfileIndicatorList) UnmarshalJSON(b []byte) error {
	var w profilePage[IntelProfileIndicator]
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*l = IntelProfileIndicatorList{Indicators: w.Value, NextLink: strings.TrimSpace(string(w.NextLink)), Count: int(w.Count)}
	return nil
}

// MarshalJSON writes the page in Graph's shape.
func (l IntelProfileIndicatorList) MarshalJSON() ([]byte, error) {
	return json.Marshal(profileOutPage[IntelProfileIndicator]{NextLink: l.NextLink, Count: l.Count, Value: l.Indicators})
}

// profileArtifactJSON is an artifact in Graph's shape.
type profileArtifactJSON struct {
	ODataType string `json:"@odata.type,omitempty"`
	ID        string `json:"id,omitempty"`
	Kind      string `json:"kind,omitempty"`
	Value     string `json:"value,omitempty"`
	SHA1      string `json:"sha1,omitempty"`
}

// UnmarshalJSON decodes an artifact leniently: null is the zero artifact,
// a bare string is an artifact whose ID is that string.
func (a *ProfileArtifact) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*a = ProfileArtifact{}
	if len(b) > 0 && b[0] == '{' {
		var w struct {
			ODataType lenient.String `json:"@odata.type"`
			ID        lenient.String `json:"id"`
			Kind      lenient.String `json:"kind"`
			Value     lenient.String `json:"value"`
			SHA1      lenient.String `json:"sha1"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
		*a = ProfileArtifact{
			Type: profileODataType(string(w.ODataType)), ID: strings.TrimSpace(string(w.ID)),
			Kind: strings.TrimSpace(string(w.Kind)), Value: strings.TrimSpace(string(w.Value)),
			SHA1: strings.TrimSpace(string(w.SHA1)),
		}
		return nil
	}
	var s lenient.String
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	a.ID = strings.TrimSpace(string(s))
	return nil
}

// MarshalJSON writes the artifact in Graph's shape.
func (a ProfileArtifact) MarshalJSON() ([]byte, error) {
	return json.Marshal(profileArtifactJSON{
		ODataType: profileFullODataType(a.Type), ID: a.ID, Kind: a.Kind, Value: a.Value, SHA1: a.SHA1,
	})
}

// profileOutPage is a collection page in Graph's shape.
type profileOutPage[T any] struct {
	NextLink string `json:"@odata.nextLink,omitempty"`
	Count    int    `json:"@odata.count,omitempty"`
	Value    []T    `json:"value"`
}
