package passivetotal

import "encoding/json"

// Services is the answer of GET /services: the open ports of an IP
// address, their banners and the software identified on them. A Microsoft
// Graph decoder fills it from hosts/{ip}/ports (port, timesObserved,
// lastScanDateTime, banners, services).
type Services struct {
	TotalRecords int           `json:"totalRecords"`
	Results      []ServicePort `json:"results"`
}

// UnmarshalJSON decodes the envelope leniently.
func (s *Services) UnmarshalJSON(b []byte) error {
	var w struct {
		TotalRecords flexInt               `json:"totalRecords"`
		Results      flexList[ServicePort] `json:"results"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = Services{TotalRecords: int(w.TotalRecords), Results: w.Results}
	return nil
}

// ServicePort is one port of a host.
type ServicePort struct {
	Port            int              `json:"portNumber"`
	Protocol        string           `json:"protocol"` // "TCP", "UDP"
	Status          string           `json:"status"`   // "open", "filtered", "closed"
	Count           int              `json:"count"`    // times observed
	FirstSeen       Time             `json:"firstSeen"`
	LastSeen        Time             `json:"lastSeen"`
	LastScan        Time             `json:"lastScan"`
	Banners         []ServiceBanner  `json:"banners"`
	CurrentServices []ServiceProduct `json:"currentServices"`
	RecentServices  []ServiceProduct `json:"recentServices"`
	// MostRecentSSLCertSHA1 is the SHA-1 of the last certificate served
	// on the port, when the server named one.
	MostRecentSSLCertSHA1 string `json:"mostRecentSslCertSha1,omitempty"`
}

// ServiceBanner is a banner a scan read on a port.
type ServiceBanner struct {
	Banner    string `json:"banner"`
	ScanType  string `json:"scanType"`
	Count     int    `json:"count"`
	FirstSeen Time   `json:"firstSeen"`
	LastSeen  Time   `json:"lastSeen"`
}

// ServiceProduct is software identified on a port; it has the fields of
// a [Component] without a host.
type ServiceProduct struct {
	Label     string `json:"label"`
	Category  string `json:"category"`
	Version   string `json:"version"`
	FirstSeen Time   `json:"firstSeen"`
	LastSeen  Time   `json:"lastSeen"`
}

// UnmarshalJSON decodes one port leniently.
func (p *ServicePort) UnmarshalJSON(b []byte) error {
	var w struct {
		Port            flexInt                  `json:"portNumber"`
		Protocol        flexString               `json:"protocol"`
		Status          flexString               `json:"status"`
		Count           flexInt                  `json:"count"`
		FirstSeen       Time                     `json:"firstSeen"`
		LastSeen        Time                     `json:"lastSeen"`
		LastScan        Time                     `json:"lastScan"`
		Banners         flexList[ServiceBanner]  `json:"banners"`
		CurrentServices flexList[ServiceProduct] `json:"currentServices"`
		RecentServices  flexList[ServiceProduct] `json:"recentServices"`
		MostRecent      *struct {
			SHA1 flexString `json:"sha1"`
		} `json:"mostRecentSslCert"`
		MostRecentSHA1 flexString `json:"mostRecentSslCertSha1"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = ServicePort{Port: int(w.Port), Protocol: string(w.Protocol), Status: string(w.Status), Count: int(w.Count),
		FirstSeen: w.FirstSeen, LastSeen: w.LastSeen, LastScan: w.LastScan, Banners: w.Banners,
		CurrentServices: w.CurrentServices, RecentServices: w.RecentServices, MostRecentSSLCertSHA1: string(w.MostRecentSHA1)}
	if w.MostRecent != nil && w.MostRecent.SHA1 != "" {
		p.MostRecentSSLCertSHA1 = string(w.MostRecent.SHA1)
	}
	return nil
}

// UnmarshalJSON decodes one banner leniently.
func (s *ServiceBanner) UnmarshalJSON(b []byte) error {
	var w struct {
		Banner    flexString `json:"banner"`
		ScanType  flexString `json:"scanType"`
		Count     flexInt    `json:"count"`
		FirstSeen Time       `json:"firstSeen"`
		LastSeen  Time       `json:"lastSeen"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = ServiceBanner{Banner: string(w.Banner), ScanType: string(w.ScanType), Count: int(w.Count), FirstSeen: w.FirstSeen, LastSeen: w.LastSeen}
	return nil
}

// UnmarshalJSON decodes one product leniently.
func (s *ServiceProduct) UnmarshalJSON(b []byte) error {
	var w struct {
		Label     flexString `json:"label"`
		Category  flexString `json:"category"`
		Version   flexString `json:"version"`
		FirstSeen Time       `json:"firstSeen"`
		LastSeen  Time       `json:"lastSeen"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = ServiceProduct{Label: string(w.Label), Category: string(w.Category), Version: string(w.Version), FirstSeen: w.FirstSeen, LastSeen: w.LastSeen}
	return nil
}
