package mdtitest

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Everything below derives from Config.Seed and Config.Epoch: the same
// request gets the same bytes, and nothing reads the wall clock.

// mix hashes the seed and parts into a 64-bit value (FNV-1a, then a
// splitmix finaliser so that close inputs give far-apart values).
func mix(seed uint64, parts ...string) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d", seed)
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	z := h.Sum64() + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// graphTime formats t as Graph does: ISO 8601 UTC with milliseconds.
func graphTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// article is one simulated article and its indicators.
type article struct {
	ID         string
	Title      string
	Summary    string
	Created    time.Time
	Updated    time.Time
	Tags       []string
	Featured   bool
	Indicators []indicator
}

// indicator is one articleIndicator: the artifact's @odata.type, id, and
// for an unclassifiedArtifact its kind and value.
type indicator struct {
	ID, Source, Type, ArtifactID, Kind, Value string
}

var (
	sources    = []string{"microsoft", "osint", "public"}
	familyTags = []string{"Batloader", "RoyalRansomware", "Qakbot", "Emotet", "IcedID", "Storm-0558", "Phishing", "Ransomware"}
	techTags   = []string{"T1566.001", "T1059.001", "T1204.002", "T1071.001", "CVE-2023-23397", "CVE-2021-44228"}
	kinds      = []string{"Url", "Sha256", "Md5", "Sha1", "EmailAddress", "FileName", "Mutex"}
	// profileTags are titles and aliases of mdti.ProfileSimulation's
	// profiles, linkedCVE one of its vulnerabilities.
	profileTags = []string{"Example Tempest", "Sample Blizzard", "ExLoad", "Paper Heron"}
)

const linkedCVE = "CVE-2021-44228"

// articleAt builds article i of n: created one day apart, the newest on
// Epoch. Article 0 carries one indicator of every artifact kind the
// simulator knows, an sslCertificate and a hostCookie (no PassiveTotal
// equivalent: the mapping records a skip); article 1 carries
// IndicatorsPerPage*2+3 indicators so that its indicator list pages.
func (c Config) articleAt(i int) article {
	h := mix(c.Seed, "article", strconv.Itoa(i))
	created := c.Epoch.Add(-time.Duration(c.Articles-1-i) * 24 * time.Hour).Add(time.Duration(h%86400) * time.Second)
	a := article{
		ID:       fmt.Sprintf("%08x", uint32(h)),
		Title:    fmt.Sprintf("%s activity report #%d", familyTags[h%uint64(len(familyTags))], i+1),
		Summary:  fmt.Sprintf("Microsoft observed **%s** infrastructure (report %d).", familyTags[h%uint64(len(familyTags))], i+1),
		Created:  created,
		Updated:  created.Add(time.Duration(h%72) * time.Hour),
		Tags:     []string{"OSINT", familyTags[(h>>8)%uint64(len(familyTags))], techTags[(h>>16)%uint64(len(techTags))]},
		Featured: h%5 == 0,
	}
	if i%5 == 3 {
		// Every fifth article names a simulated profile and a simulated
		// vulnerability, so a client can link the article to both.
		a.Tags = append(a.Tags, profileTags[(i/5)%len(profileTags)])
		if !slices.Contains(a.Tags, linkedCVE) {
			a.Tags = append(a.Tags, linkedCVE)
		}
	}
	n := 3 + int((h>>24)%20)
	switch i {
	case 0:
		n = len(kinds) + 6
	case 1:
		n = 2*c.PageSize + 3
	}
	for j := range n {
		a.Indicators = append(a.Indicators, c.indicatorAt(i, j))
	}
	return a
}

// indicatorAt builds indicator j of article i; the first ones of an
// article cycle through every kind.
func (c Config) indicatorAt(i, j int) indicator {
	h := mix(c.Seed, "indicator", strconv.Itoa(i), strconv.Itoa(j))
	in := indicator{Source: sources[(uint64(j)+h)%uint64(len(sources))]}
	slot := j % (len(kinds) + 6)
	if i != 0 {
		slot = int(h % uint64(len(kinds)+4))
	}
	switch {
	case slot == 0:
		in.Type, in.ArtifactID = "hostname", fmt.Sprintf("cdn-%x.example-threat.com", h%0xfffff)
	case slot == 1:
		in.Type, in.ArtifactID = "ipAddress", ipv4(h)
	case slot == 2:
		in.Type, in.ArtifactID = "ipAddress", ipv6(h)
	case slot == 3:
		in.Type, in.ArtifactID = "hostname", fmt.Sprintf("login-%x.example-phish.net", h%0xffff)
	case slot-4 < len(kinds):
		in.Type, in.Kind = "unclassifiedArtifact", kinds[slot-4]
		in.Value = kindValue(in.Kind, h)
		in.ArtifactID = base64.StdEncoding.EncodeToString([]byte(in.Kind + "$$" + in.Value))
	case slot == len(kinds)+4:
		in.Type, in.ArtifactID = "sslCertificate", hexOf(h, 40)
	default:
		in.Type, in.ArtifactID = "hostCookie", fmt.Sprintf("session$$cdn-%x.example-threat.com", h%0xfff)
	}
	in.ID = base64.StdEncoding.EncodeToString([]byte(in.Type + "$$" + in.ArtifactID))
	return in
}

func kindValue(kind string, h uint64) string {
	switch kind {
	case "Url":
		return fmt.Sprintf("https://cdn-%x.example-threat.com/payload/%d.js", h%0xfffff, h%997)
	case "Sha256":
		return hexOf(h, 64)
	case "Md5":
		return hexOf(h, 32)
	case "Sha1":
		return hexOf(h, 40)
	case "EmailAddress":
		return fmt.Sprintf("billing-%d@example-phish.net", h%9973)
	case "FileName":
		return fmt.Sprintf("invoice_%d.iso", h%100000)
	default:
		return fmt.Sprintf("Global\\%x-mutex", h%0xffffff)
	}
}

// hexOf returns n hex digits derived from h.
func hexOf(h uint64, n int) string {
	var b strings.Builder
	for b.Len() < n {
		h = mix(h, "hex")
		fmt.Fprintf(&b, "%016x", h)
	}
	return b.String()[:n]
}

// ipv4 returns a documentation or otherwise harmless public-looking IPv4.
func ipv4(h uint64) string {
	prefixes := [][3]byte{{203, 0, 113}, {198, 51, 100}, {192, 0, 2}, {20, 103, 85}}
	p := prefixes[h%uint64(len(prefixes))]
	return netip.AddrFrom4([4]byte{p[0], p[1], p[2], byte(1 + (h>>8)%250)}).String()
}

func ipv6(h uint64) string {
	return fmt.Sprintf("2001:db8:%x::%x", (h>>16)%0xffff, 1+(h>>32)%0xfffe)
}

// dnsRecord is one simulated passive DNS record.
type dnsRecord struct {
	ID, RecordType, Parent, ArtifactType, Artifact string
	FirstSeen, LastSeen, Collected                 time.Time
}

// passiveDNS returns the records of host, forward (the host's answers) or
// reverse (the names whose answers are the host). The host (lower-cased,
// trailing dot removed) seeds them: 8 to 40 records, or exactly N for a
// first label "records-N" (capped at Config.MaxRecords). A domain's forward
// records start with A, AAAA, CNAME, NS and MX; an IP address's reverse
// records are A (AAAA for IPv6) from hostnames. Forward records of an IP
// address and reverse records of a domain are CNAMEs pointing at it.
func (c Config) passiveDNS(host string, reverse bool) []dnsRecord {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	addr, err := netip.ParseAddr(host)
	isIP := err == nil
	h := mix(c.Seed, "pdns", host, strconv.FormatBool(reverse))
	n := 8 + int(h%33)
	if label, _, ok := strings.Cut(host, "."); ok && strings.HasPrefix(label, "records-") {
		if v, err := strconv.Atoi(strings.TrimPrefix(label, "records-")); err == nil && v >= 0 {
			n = v
		}
	}
	n = min(n, c.MaxRecords)
	out := make([]dnsRecord, n)
	for j := range out {
		rh := mix(h, strconv.Itoa(j))
		r := dnsRecord{Parent: host}
		switch {
		case isIP && reverse:
			r.RecordType, r.ArtifactType = "A", "hostname"
			if addr.Is6() {
				r.RecordType = "AAAA"
			}
			r.Artifact = fmt.Sprintf("host-%x.example-%d.com", rh%0xffff, j%7)
		case isIP || reverse:
			r.RecordType, r.ArtifactType = "CNAME", "hostname"
			r.Artifact = fmt.Sprintf("alias-%x.example-%d.net", rh%0xffff, j%5)
		default:
			switch j % 6 {
			case 0, 5:
				r.RecordType, r.ArtifactType, r.Artifact = "A", "ipAddress", ipv4(rh)
			case 1:
				r.RecordType, r.ArtifactType, r.Artifact = "AAAA", "ipAddress", ipv6(rh)
			case 2:
				r.RecordType, r.ArtifactType, r.Artifact = "CNAME", "hostname", fmt.Sprintf("edge-%x.example-cdn.net", rh%0xfff)
			case 3:
				r.RecordType, r.ArtifactType, r.Artifact = "NS", "hostname", fmt.Sprintf("ns%d.example-dns.com", 1+rh%4)
			case 4:
				r.RecordType, r.ArtifactType, r.Artifact = "MX", "hostname", fmt.Sprintf("mx%d.example-mail.com", 1+rh%3)
			}
		}
		r.LastSeen = c.Epoch.Add(-time.Duration(rh%(120*24)) * time.Hour)
		r.FirstSeen = r.LastSeen.Add(-time.Duration((rh>>12)%(700*24)) * time.Hour)
		r.Collected = r.LastSeen.Add(time.Duration((rh>>24)%3600) * time.Second)
		r.ID = base64.StdEncoding.EncodeToString([]byte(r.Parent + "$$" + r.Artifact + "$$" + strconv.FormatBool(reverse)))
		out[j] = r
	}
	return out
}
