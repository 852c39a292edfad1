package passivetotal

import "encoding/json"

// The host-attribute datasets (components, trackers, cookies, host pairs)
// are what RiskIQ's crawler saw on a host's pages. The v2 endpoints share
// one envelope, {totalRecords, success, facets, results}; the row types
// below are backend-neutral (field names say what a value is, not how v2
// spelled it), so a Microsoft Graph decoder can fill the same types from
// hosts/{id}/components, trackers, cookies and hostPairs.

// HostAttributes is one answer (or the merged pages) of a host-attribute
// endpoint. TotalRecords is the server's count over all pages.
type HostAttributes[T any] struct {
	TotalRecords int  `json:"totalRecords"`
	Success      bool `json:"success"`
	Results      []T  `json:"results"`
}

// Components is the answer of GET /host-attributes/components.
type Components = HostAttributes[Component]

// Trackers is the answer of GET /host-attributes/trackers.
type Trackers = HostAttributes[Tracker]

// Cookies is the answer of GET /host-attributes/cookies.
type Cookies = HostAttributes[Cookie]

// HostPairs is the answer of GET /host-attributes/pairs.
type HostPairs = HostAttributes[HostPair]

// UnmarshalJSON decodes the envelope leniently: counts as strings, a
// single result instead of a list, null for an empty list.
func (h *HostAttributes[T]) UnmarshalJSON(b []byte) error {
	var w struct {
		TotalRecords flexInt     `json:"totalRecords"`
		Success      flexBool    `json:"success"`
		Results      flexList[T] `json:"results"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*h = HostAttributes[T]{TotalRecords: int(w.TotalRecords), Success: bool(w.Success), Results: w.Results}
	return nil
}

// Component is a web technology seen on a host (a server, a framework,
// an analytics service).
type Component struct {
	// Host is the crawled host name, or its address for an IP query (v2
	// sends "hostname" or "address").
	Host      string `json:"hostname"`
	Label     string `json:"label"`    // the product, e.g. "nginx"
	Category  string `json:"category"` // open enum, e.g. "Server", "JavaScript Library"
	Version   string `json:"version"`  // "" when unknown (v2 sends null)
	FirstSeen Time   `json:"firstSeen"`
	LastSeen  Time   `json:"lastSeen"`
}

// UnmarshalJSON decodes one component row leniently.
func (c *Component) UnmarshalJSON(b []byte) error {
	var w struct {
		hostWire
		Label    flexString `json:"label"`
		Name     flexString `json:"name"` // the Graph spelling
		Category flexString `json:"category"`
		Version  flexString `json:"version"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = Component{Host: w.host(), Label: firstOf(w.Label, w.Name), Category: string(w.Category),
		Version: string(w.Version), FirstSeen: w.FirstSeen, LastSeen: w.LastSeen}
	return nil
}

// Tracker is an analytics or fingerprint identifier seen on a host (a
// Google Analytics ID, a JARM hash): hosts sharing one are probably run by
// the same people.
type Tracker struct {
	Host      string `json:"hostname"`
	Type      string `json:"attributeType"`  // open enum, e.g. "GoogleAnalyticsTrackingId"
	Value     string `json:"attributeValue"` // e.g. "UA-61048133-2"
	FirstSeen Time   `json:"firstSeen"`
	LastSeen  Time   `json:"lastSeen"`
}

// UnmarshalJSON decodes one tracker row leniently.
func (t *Tracker) UnmarshalJSON(b []byte) error {
	var w struct {
		hostWire
		Type  flexString `json:"attributeType"`
		Value flexString `json:"attributeValue"`
		Kind  flexString `json:"kind"`  // the Graph spelling
		Val   flexString `json:"value"` // the Graph spelling
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = Tracker{Host: w.host(), Type: firstOf(w.Type, w.Kind), Value: firstOf(w.Value, w.Val),
		FirstSeen: w.FirstSeen, LastSeen: w.LastSeen}
	return nil
}

// Cookie is a cookie a host set.
type Cookie struct {
	Host      string `json:"hostname"`
	Name      string `json:"cookieName"`
	Domain    string `json:"cookieDomain"`
	FirstSeen Time   `json:"firstSeen"`
	LastSeen  Time   `json:"lastSeen"`
}

// UnmarshalJSON decodes one cookie row leniently.
func (c *Cookie) UnmarshalJSON(b []byte) error {
	var w struct {
		hostWire
		Name   flexString `json:"cookieName"`
		Domain flexString `json:"cookieDomain"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = Cookie{Host: w.host(), Name: string(w.Name), Domain: string(w.Domain), FirstSeen: w.FirstSeen, LastSeen: w.LastSeen}
	return nil
}

// HostPair is a link the crawler followed from one host to another: a
// redirect, a script or image source, an iframe.
type HostPair struct {
	Parent    string `json:"parent"`
	Child     string `json:"child"`
	Cause     string `json:"cause"` // open enum, e.g. "redirect", "script.src"
	FirstSeen Time   `json:"firstSeen"`
	LastSeen  Time   `json:"lastSeen"`
}

// UnmarshalJSON decodes one pair leniently.
func (p *HostPair) UnmarshalJSON(b []byte) error {
	var w struct {
		Parent    flexString `json:"parent"`
		Child     flexString `json:"child"`
		Cause     flexString `json:"cause"`
		LinkKind  flexString `json:"linkKind"` // the Graph spelling
		FirstSeen Time       `json:"firstSeen"`
		LastSeen  Time       `json:"lastSeen"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = HostPair{Parent: string(w.Parent), Child: string(w.Child), Cause: firstOf(w.Cause, w.LinkKind),
		FirstSeen: w.FirstSeen, LastSeen: w.LastSeen}
	return nil
}

// hostWire holds the fields every crawl row shares: the host under either
// key, and the sighting range.
type hostWire struct {
	Hostname  flexString `json:"hostname"`
	Address   flexString `json:"address"`
	FirstSeen Time       `json:"firstSeen"`
	LastSeen  Time       `json:"lastSeen"`
}

func (w *hostWire) host() string { return firstOf(w.Hostname, w.Address) }

// firstOf returns the first non-empty value.
func firstOf(vs ...flexString) string {
	for _, v := range vs {
		if v != "" {
			return string(v)
		}
	}
	return ""
}
