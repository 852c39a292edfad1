package passivetotal

import "encoding/json"

// PassiveDNS is the answer of GET /dns/passive: the DNS resolutions seen
// for a domain or an IP address.
type PassiveDNS struct {
	QueryValue   string `json:"queryValue"`
	QueryType    string `json:"queryType"` // "domain" or "ip"
	FirstSeen    Time   `json:"firstSeen"` // over all records
	LastSeen     Time   `json:"lastSeen"`
	TotalRecords int    `json:"totalRecords"`
	// Pager is nil when the server sent null (the usual case) and empty
	// when it sent {}. Client.PassiveDNS follows it and returns the merged
	// answer with the last page's pager.
	Pager   *Pager      `json:"pager"`
	Results []DNSRecord `json:"results"`
}

// Pager is the passive DNS paging cursor.
type Pager struct {
	Next     string `json:"next,omitempty"`     // page ID to request with direction=next
	Previous string `json:"previous,omitempty"` // page ID to request with direction=previous
	PageSize int    `json:"page_size,omitempty"`
}

// HasNext reports whether the server announced a next page.
func (p *Pager) HasNext() bool { return p != nil && p.Next != "" }

// DNSRecord is one passive DNS resolution. Value is the queried side and
// Resolve the other side.
type DNSRecord struct {
	FirstSeen   Time   `json:"firstSeen"`
	LastSeen    Time   `json:"lastSeen"`
	Value       string `json:"value"`
	Resolve     string `json:"resolve"`     // may end with a dot ("ns1.example.com.")
	ResolveType string `json:"resolveType"` // open enum: "ip", "domain", "email" (SOA rname)
	// RecordType is an open enum: A, AAAA, CNAME, NS, MX, SOA, and the
	// non-RR "TXT (SPF1)".
	RecordType string   `json:"recordType"`
	Collected  Time     `json:"collected"`
	Source     []string `json:"source"`     // e.g. riskiq, pingly, kaspersky
	RecordHash string   `json:"recordHash"` // SHA-256 hex, a stable record ID
}

// UniqueResolutions is the answer of GET /dns/passive/unique.
type UniqueResolutions struct {
	QueryValue string            `json:"queryValue"`
	QueryType  string            `json:"queryType"`
	Results    []string          `json:"results"`
	Frequency  []ResolutionCount `json:"frequency"`
	Total      int               `json:"total"`
	Pager      *Pager            `json:"pager"`
}

// ResolutionCount is one [value, count] pair of UniqueResolutions.Frequency.
type ResolutionCount struct {
	Value string
	Count int
}

// UnmarshalJSON reads the API's heterogeneous pair ["1.2.3.4", 2]; an
// object {"value": ..., "count": ...} is accepted too.
func (rc *ResolutionCount) UnmarshalJSON(b []byte) error {
	*rc = ResolutionCount{}
	var pair []json.RawMessage
	if err := json.Unmarshal(b, &pair); err == nil {
		var v flexString
		var n flexInt
		if len(pair) > 0 {
			if err := json.Unmarshal(pair[0], &v); err != nil {
				return err
			}
		}
		if len(pair) > 1 {
			if err := json.Unmarshal(pair[1], &n); err != nil {
				return err
			}
		}
		*rc = ResolutionCount{Value: string(v), Count: int(n)}
		return nil
	}
	var w struct {
		Value flexString `json:"value"`
		Count flexInt    `json:"count"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*rc = ResolutionCount{Value: string(w.Value), Count: int(w.Count)}
	return nil
}

// MarshalJSON writes the pair back in the API's [value, count] form.
func (rc ResolutionCount) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{rc.Value, rc.Count})
}

// UnmarshalJSON decodes the envelope leniently; pager null stays nil.
func (p *PassiveDNS) UnmarshalJSON(b []byte) error {
	if v, ok := decodePassiveDNSFast(b); ok {
		*p = *v
		return nil
	}
	var w struct {
		QueryValue   flexString              `json:"queryValue"`
		QueryType    flexString              `json:"queryType"`
		FirstSeen    Time                    `json:"firstSeen"`
		LastSeen     Time                    `json:"lastSeen"`
		TotalRecords flexInt                 `json:"totalRecords"`
		Pager        *Pager                  `json:"pager"`
		Results      flexList[dnsRecordWire] `json:"results"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = PassiveDNS{
		QueryValue: string(w.QueryValue), QueryType: string(w.QueryType),
		FirstSeen: w.FirstSeen, LastSeen: w.LastSeen, TotalRecords: int(w.TotalRecords),
		Pager: w.Pager, Results: records(w.Results),
	}
	return nil
}

// UnmarshalJSON decodes the cursor; IDs may be numbers or strings.
func (p *Pager) UnmarshalJSON(b []byte) error {
	var w struct {
		Next      flexString `json:"next"`
		Previous  flexString `json:"previous"`
		PageSize  flexInt    `json:"page_size"`
		PageSize2 flexInt    `json:"pageSize"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = Pager{Next: string(w.Next), Previous: string(w.Previous), PageSize: int(w.PageSize)}
	if p.PageSize == 0 {
		p.PageSize = int(w.PageSize2)
	}
	return nil
}

// dnsRecordWire is the lenient wire form of DNSRecord. The streaming
// decoder decodes into it directly, which saves the second scan a custom
// UnmarshalJSON costs per record.
type dnsRecordWire struct {
	FirstSeen   Time                 `json:"firstSeen"`
	LastSeen    Time                 `json:"lastSeen"`
	Value       flexString           `json:"value"`
	Resolve     flexString           `json:"resolve"`
	ResolveType flexString           `json:"resolveType"`
	RecordType  flexString           `json:"recordType"`
	Collected   Time                 `json:"collected"`
	Source      flexList[flexString] `json:"source"`
	RecordHash  flexString           `json:"recordHash"`
}

func (w *dnsRecordWire) record() DNSRecord {
	return DNSRecord{
		FirstSeen: w.FirstSeen, LastSeen: w.LastSeen, Value: string(w.Value), Resolve: string(w.Resolve),
		ResolveType: string(w.ResolveType), RecordType: string(w.RecordType), Collected: w.Collected,
		Source: flexStrings(w.Source), RecordHash: string(w.RecordHash),
	}
}

// records converts the wire records. Decoding the list straight into the
// wire type (rather than into DNSRecord, whose UnmarshalJSON decodes the
// same wire type) saves a validation pass and a re-scan of every record.
func records(ws []dnsRecordWire) []DNSRecord {
	if ws == nil {
		return nil
	}
	out := make([]DNSRecord, len(ws))
	for i := range ws {
		out[i] = ws[i].record()
	}
	return out
}

// UnmarshalJSON decodes one record leniently (source as a single string,
// counts and times in any known form).
func (r *DNSRecord) UnmarshalJSON(b []byte) error {
	if v, ok := decodeDNSRecordFast(b); ok {
		*r = v
		return nil
	}
	var w dnsRecordWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = w.record()
	return nil
}

// UnmarshalJSON decodes the unique-resolutions envelope leniently.
func (u *UniqueResolutions) UnmarshalJSON(b []byte) error {
	var w struct {
		QueryValue flexString                `json:"queryValue"`
		QueryType  flexString                `json:"queryType"`
		Results    flexList[flexString]      `json:"results"`
		Frequency  flexList[ResolutionCount] `json:"frequency"`
		Total      flexInt                   `json:"total"`
		Pager      *Pager                    `json:"pager"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*u = UniqueResolutions{
		QueryValue: string(w.QueryValue), QueryType: string(w.QueryType),
		Results: flexStrings(w.Results), Frequency: w.Frequency, Total: int(w.Total), Pager: w.Pager,
	}
	return nil
}
