package gen

import (
	"strconv"
	"strings"
	"time"
)

// ArticleTimeLayout is the article date format: "2021-03-05T08:00:00.000+0000".
const ArticleTimeLayout = "2006-01-02T15:04:05.000-0700"

// ArticleOptions selects a synthetic articles data set.
type ArticleOptions struct {
	// Seed selects the data set.
	Seed uint64
	// Articles is the number of articles.
	Articles int
	// Indicators, when positive, is the exact number of indicator values per
	// article; zero gives a varied number (1 to about 20) and makes article 0
	// carry every type in IndicatorTypes.
	Indicators int
	// Epoch is the newest createdDate; DefaultEpoch when zero.
	Epoch time.Time
	// Quirks adds the oddities of real feeds on a fixed schedule (see
	// [ArticleAt]); without it every article is clean.
	Quirks bool
}

// Article is one article in the API's shape, keys in the API's order.
type Article struct {
	GUID    string `json:"guid"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Type    string `json:"type"`
	// PublishedDate is nil for the articles that had none (JSON null).
	PublishedDate *string          `json:"publishedDate"`
	CreatedDate   string           `json:"createdDate"`
	Link          string           `json:"link"`
	Categories    []string         `json:"categories"`
	Tags          []string         `json:"tags"`
	Indicators    []IndicatorGroup `json:"indicators"`

	// Created is CreatedDate as a time, for sorting and filtering.
	Created time.Time `json:"-"`
	// Published is the publication time even when PublishedDate is null or
	// in an odd format; the simulator filters on it.
	Published time.Time `json:"-"`
}

// IndicatorGroup is one entry of an article's "indicators" list.
type IndicatorGroup struct {
	Type   string   `json:"type"`
	Count  int      `json:"count"`
	Values []string `json:"values"`
	Source string   `json:"source"`
}

// IndicatorTypes lists every indicator type the generator emits: all the
// types of the mapping table, their misspellings, and pdb_path, a type real
// articles carried that has no STIX mapping.
var IndicatorTypes = []string{
	"domain", "ip", "url",
	"email", "emails", "soa_email", "whois_email",
	"hash_md5", "hash_sha1", "sha1", "hash_sha256", "sha256", "hash_sha512", "hash",
	"filename", "filepath",
	"mutex", "process_mutex", "proces_mutex",
	"certificate_sha1", "certficate_sha1", "certificate_serialnumber", "code_certificate_serial",
	"certificate_issuerorganizationname", "certificate_issuercommonname",
	"certificate_subjectorganizationname", "certificate_subjectcountry", "certificate_subjectcommonname",
	"pdb_path",
}

var (
	plainTags  = []string{"Malware", "Phishing", "APT", "Ransomware", "Emotet", "Cobalt Strike", "Magecart", "Skimmer", "Botnet", "C2", "Credential Theft", "Spam", "NDR", "Non-Delivery Receipt"}
	mitreTags  = []string{"T1566.002 - Spearphishing Link", "T1566", "T1059.001 - PowerShell", "T1071", "T1204.002", "T1486 - Data Encrypted for Impact", "T1105 - Ingress Tool Transfer"}
	cveTags    = []string{"CVE-2021-44228", "cve-2022-30190", "CVE-2023-23397", "CVE-2021-26855"}
	actors     = []string{"Magecart Group 12", "TA505", "APT29", "FIN7", "Lazarus", "Wizard Spider", "Gamaredon"}
	sectors    = []string{"Retail", "Banks", "Healthcare", "Governments", "Universities", "Shipping", "Energy"}
	extensions = []string{".exe", ".dll", ".docm", ".js", ".ps1", ".hta", ".lnk"}
	issuers    = []string{"Let's Encrypt", "Sectigo Limited", "DigiCert Inc", "GoDaddy.com, Inc.", "ZeroSSL"}
	countries  = []string{"US", "RU", "NL", "DE", "CN", "PA", "SC"}
)

// ArticleAt returns article i of the set selected by o; a pure function.
// Articles are in ascending createdDate order (a day apart).
//
// With o.Quirks, on this schedule (article 0 is always clean and carries
// every indicator type when o.Indicators is zero):
//   - i%9 == 4: publishedDate null;
//   - i%10 == 3: publishedDate with a "+00:00" offset and no fraction;
//   - i%17 == 12: publishedDate like "Mon Aug 29 20:00:00 VET 2016";
//   - i%23 == 7: empty title;
//   - i%19 == 10: no indicators at all;
//   - i%6 == 1: untidy tags (padding, a duplicate);
//   - i%5 == 2: upper-case hex in hash values;
//   - i%13 == 9: an extra hash_md5 of 40 hex digits and a "hash" of 36;
//   - i%8 == 5: an extra domain in mixed case with a trailing dot;
//   - i%7 == 6: an extra URL containing quotes.
func ArticleAt(o ArticleOptions, i int) Article {
	if o.Epoch.IsZero() {
		o.Epoch = DefaultEpoch
	}
	q := func(mod, rem int) bool { return o.Quirks && i > 0 && i%mod == rem }
	g := fmix32(uint32(i) ^ uint32(o.Seed) ^ uint32(o.Seed>>32) ^ 0x5bd1e995) // bijective in i: unique GUIDs
	guid := strconv.FormatUint(uint64(g)|1<<32, 16)[1:]                       // 8 hex digits
	rr := newRNG(o.Seed, uint64(i), 10)
	r := &rr

	a := Article{
		GUID:       guid,
		Type:       "public",
		Link:       "https://community.riskiq.com/article/" + guid,
		Categories: []string{},
	}
	back := time.Duration(max(o.Articles-1-i, 0)) * day
	off := time.Duration(r.intn(12*3600)) * time.Second
	a.Created = o.Epoch.UTC().Truncate(time.Second).Add(-back - off)
	a.Published = a.Created.Add(-time.Duration(r.intn(48*3600)) * time.Second)
	a.CreatedDate = a.Created.Format(ArticleTimeLayout)
	pub := a.Published.Format(ArticleTimeLayout)
	switch {
	case q(9, 4):
		a.PublishedDate = nil
	case q(10, 3):
		pub = a.Published.Format("2006-01-02T15:04:05") + "+00:00"
		a.PublishedDate = &pub
	case q(17, 12):
		pub = a.Published.In(time.FixedZone("VET", -4*3600)).Format("Mon Jan 02 15:04:05 MST 2006")
		a.PublishedDate = &pub
	default:
		a.PublishedDate = &pub
	}

	actor, sector := pick(r, actors), pick(r, sectors)
	a.Title = actor + " " + pick(r, []string{"Campaign Targets", "Infrastructure Hits", "Skimmer Spotted Across", "Phishing Wave Against"}) + " " + sector
	if q(23, 7) {
		a.Title = ""
	}
	a.Summary = "RiskIQ researchers observed " + actor + " infrastructure used against " +
		strings.ToLower(sector) + ", including a \"" + pick(r, words) + "\" lure and new " + pick(r, words) + " domains."
	if i%4 == 0 {
		a.Categories = append(a.Categories, "Threat Intelligence")
	}

	a.Tags = articleTags(r, i, o.Quirks && q(6, 1))
	if !q(19, 10) {
		a.Indicators = indicatorGroups(o, i, r)
	}
	if a.Indicators == nil {
		a.Indicators = []IndicatorGroup{}
	}
	if q(5, 2) {
		for gi := range a.Indicators {
			if strings.Contains(a.Indicators[gi].Type, "sha") || strings.Contains(a.Indicators[gi].Type, "md5") {
				for vi, v := range a.Indicators[gi].Values {
					a.Indicators[gi].Values[vi] = strings.ToUpper(v)
				}
			}
		}
	}
	add := func(typ string, vals ...string) {
		a.Indicators = append(a.Indicators, IndicatorGroup{Type: typ, Count: len(vals), Values: vals, Source: "public"})
	}
	if q(13, 9) {
		add("hash_md5", hexString(r, 40))
		add("hash", hexString(r, 36))
	}
	if q(8, 5) {
		d := domainName(r)
		add("domain", strings.ToUpper(d[:1])+d[1:len(d)-3]+strings.ToUpper(d[len(d)-3:])+".")
	}
	if q(7, 6) {
		add("url", "https://"+domainName(r)+"/it's/login.php?a=1&b=\"x\"")
	}
	return a
}

func articleTags(r *rng, i int, untidy bool) []string {
	if i == 0 {
		return []string{"Phishing", "Malware", "T1566.002 - Spearphishing Link", "T1059", "CVE-2021-44228", "cve-2022-30190"}
	}
	tags := []string{}
	seen := map[string]bool{}
	for range 1 + r.intn(4) {
		t := pick(r, plainTags)
		if !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
	}
	if r.chance(50) {
		tags = append(tags, pick(r, mitreTags))
	}
	if r.chance(30) {
		tags = append(tags, pick(r, cveTags))
	}
	if untidy {
		tags = append(tags, " "+tags[0]+" ", tags[0])
	}
	return tags
}

func indicatorGroups(o ArticleOptions, i int, r *rng) []IndicatorGroup {
	var groups []IndicatorGroup
	source := func() string {
		if r.chance(60) {
			return "public"
		}
		return "riskiq"
	}
	addGroup := func(typ string, n int) {
		vals := make([]string, n)
		for k := range vals {
			vals[k] = indicatorValue(r, typ, k)
		}
		groups = append(groups, IndicatorGroup{Type: typ, Count: n, Values: vals, Source: source()})
	}
	switch {
	case o.Indicators > 0:
		// Exactly o.Indicators values, in groups of up to five, cycling
		// through every type from an article-dependent start.
		left, t := o.Indicators, i*7
		for left > 0 {
			n := min(left, 1+r.intn(5))
			addGroup(IndicatorTypes[t%len(IndicatorTypes)], n)
			left -= n
			t++
		}
	case i == 0:
		for _, typ := range IndicatorTypes {
			n := 1
			if typ == "ip" || typ == "hash" || typ == "mutex" {
				n = 4 // both IP families; every hash length; mutex name styles
			}
			addGroup(typ, n)
		}
	default:
		used := map[string]bool{}
		for gi := range 2 + r.intn(6) {
			typ := IndicatorTypes[(i*5+gi*7+r.intn(3))%len(IndicatorTypes)]
			if used[typ] {
				continue
			}
			used[typ] = true
			addGroup(typ, 1+r.intn(4))
		}
	}
	return groups
}

// indicatorValue returns a plausible value for an indicator type; k is the
// value's position in its group, used to cycle through variants.
func indicatorValue(r *rng, typ string, k int) string {
	switch typ {
	case "domain":
		if r.chance(30) {
			return hostName(r, "")
		}
		return domainName(r)
	case "ip":
		if k%2 == 1 {
			return ipv6(r)
		}
		return ipv4(r)
	case "url":
		if r.chance(25) {
			return "http://" + ipv4(r) + "/" + pick(r, words) + pick(r, extensions)
		}
		return "https://" + domainName(r) + "/" + pick(r, words) + "/" + pick(r, words) + ".php?id=" + strconv.Itoa(r.intn(1000))
	case "email", "emails", "soa_email", "whois_email":
		return pick(r, words) + "." + pick(r, words) + "@" + domainName(r)
	case "hash_md5":
		return hexString(r, 32)
	case "hash_sha1", "sha1", "certificate_sha1", "certficate_sha1":
		return hexString(r, 40)
	case "hash_sha256", "sha256":
		return hexString(r, 64)
	case "hash_sha512":
		return hexString(r, 128)
	case "hash":
		return hexString(r, []int{32, 40, 64, 128}[k%4])
	case "filename":
		return pick(r, words) + "_" + strconv.Itoa(r.intn(100)) + pick(r, extensions)
	case "filepath":
		if r.chance(50) {
			return `C:\Users\Public\` + title(pick(r, words)) + `\` + pick(r, words) + pick(r, extensions)
		}
		return "/tmp/." + pick(r, words) + "/" + pick(r, words)
	case "mutex", "process_mutex", "proces_mutex":
		if k%2 == 0 {
			return `Global\` + title(pick(r, words)) + hexString(r, 8)
		}
		return pick(r, words) + "_mtx_" + strconv.Itoa(r.intn(10000))
	case "certificate_serialnumber":
		return strconv.FormatUint(r.next(), 10) + strconv.FormatUint(r.next()%1e9, 10)
	case "code_certificate_serial":
		h := hexString(r, 32)
		parts := make([]string, 0, 16)
		for p := 0; p < len(h); p += 2 {
			parts = append(parts, h[p:p+2])
		}
		return strings.Join(parts, ":")
	case "certificate_issuerorganizationname", "certificate_subjectorganizationname":
		return pick(r, issuers)
	case "certificate_issuercommonname":
		return pick(r, []string{"R3", "Sectigo RSA Domain Validation Secure Server CA", "ZeroSSL RSA Domain Secure Site CA"})
	case "certificate_subjectcountry":
		return pick(r, countries)
	case "certificate_subjectcommonname":
		return "*." + domainName(r)
	case "pdb_path":
		return `C:\dev\` + pick(r, words) + `\Release\` + pick(r, words) + ".pdb"
	}
	return pick(r, words)
}
