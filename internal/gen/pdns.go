package gen

import (
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// DefaultEpoch is the reference date used when options leave Epoch zero: the
// newest lastSeen of any generated record, and the anchor of article dates.
// It lies in the era when the PassiveTotal v2 service was live.
var DefaultEpoch = time.Date(2021, time.June, 1, 0, 0, 0, 0, time.UTC)

// Record types and resolve types as the API spelled them.
const (
	RecordA     = "A"
	RecordAAAA  = "AAAA"
	RecordCNAME = "CNAME"
	RecordNS    = "NS"
	RecordMX    = "MX"
	RecordSOA   = "SOA"
	RecordSPF   = "TXT (SPF1)" // not a plain RR type; the API's own label

	ResolveIP     = "ip"
	ResolveDomain = "domain"
	ResolveEmail  = "email"
)

// DNSOptions selects one synthetic passive DNS answer.
type DNSOptions struct {
	// Seed selects the data set; the same seed and options give the same bytes.
	Seed uint64
	// Query is the queried domain or IP; "example.com" when empty.
	Query string
	// Records is the number of result rows.
	Records int
	// Epoch is the newest possible lastSeen; DefaultEpoch when zero.
	Epoch time.Time
}

func (o DNSOptions) norm() DNSOptions {
	if o.Query == "" {
		o.Query = "example.com"
	}
	if o.Epoch.IsZero() {
		o.Epoch = DefaultEpoch
	}
	o.Epoch = o.Epoch.UTC().Truncate(time.Second)
	return o
}

// DNSRecord is one generated passive DNS row. Times are UTC, whole seconds.
type DNSRecord struct {
	FirstSeen, LastSeen, Collected time.Time
	Value, Resolve, ResolveType    string
	RecordType                     string
	Source                         []string
	RecordHash                     string
}

// QueryType returns "ip" when q parses as an IP address, else "domain", which
// is how the API filled queryType.
func QueryType(q string) string {
	if _, err := netip.ParseAddr(q); err == nil {
		return "ip"
	}
	return "domain"
}

// normQuery is the value side of each record: lower case, no trailing dot.
func normQuery(q string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(q)), ".")
}

type kind int

const (
	kA kind = iota
	kAAAA
	kCNAME
	kNS
	kMX
	kSOAEmail
	kSOADomain
	kSPF
	kDup
	kReverse // IP queries: A/AAAA rows whose resolve is a hostname
)

// firstKinds makes every record type appear in any answer of at least nine
// rows, whatever the seed.
var firstKinds = [...]kind{kA, kAAAA, kCNAME, kNS, kMX, kSOAEmail, kSOADomain, kSPF, kDup}

// domainWeights sum to 100; roughly the mix of the recorded 2019 answer.
var domainWeights = [...]struct {
	k kind
	w int
}{{kA, 44}, {kAAAA, 8}, {kCNAME, 8}, {kNS, 12}, {kMX, 10}, {kSOAEmail, 4}, {kSOADomain, 4}, {kSPF, 4}, {kDup, 6}}

func kindAt(o DNSOptions, ip bool, i int) kind {
	r := newRNG(o.Seed, HashString(o.Query), uint64(i), 1)
	if ip {
		if i == 0 || !r.chance(8) {
			return kReverse
		}
		return kDup
	}
	if i < len(firstKinds) {
		return firstKinds[i]
	}
	n := r.intn(100)
	for _, dw := range domainWeights {
		if n < dw.w {
			return dw.k
		}
		n -= dw.w
	}
	return kA
}

// DNSRecordAt returns row i of the answer selected by o. It is a pure
// function: callers can generate rows in any order, or skip rows.
func DNSRecordAt(o DNSOptions, i int) DNSRecord {
	o = o.norm()
	ip := QueryType(o.Query) == "ip"
	k := kindAt(o, ip, i)
	if k != kDup {
		return baseRecord(o, ip, i, k)
	}
	j, exact, r := dupOf(o, ip, i)
	src := baseRecord(o, ip, j, kindAt(o, ip, j))
	if exact {
		return src
	}
	rec := src
	rec.FirstSeen, rec.LastSeen, rec.Collected = times(o, i)
	rec.Source = sourceSet(&r)
	rec.RecordHash = recordHash(o, i, rec)
	return rec
}

// dupOf picks the earlier row that duplicate row i repeats: either exactly
// (same hash, as when a source reported it twice) or the same resolution
// seen over another period by other sources.
func dupOf(o DNSOptions, ip bool, i int) (j int, exact bool, r rng) {
	r = newRNG(o.Seed, HashString(o.Query), uint64(i), 3)
	j = i - 1 - r.intn(min(i, 8))
	for j > 0 && kindAt(o, ip, j) == kDup {
		j--
	}
	return j, r.chance(50), r
}

// recordTimes is DNSRecordAt(o, i)'s times without building the row.
func recordTimes(o DNSOptions, ip bool, i int) (first, last time.Time) {
	if kindAt(o, ip, i) == kDup {
		if j, exact, _ := dupOf(o, ip, i); exact {
			i = j
		}
	}
	first, last, _ = times(o, i)
	return first, last
}

func baseRecord(o DNSOptions, ip bool, i int, k kind) DNSRecord {
	q := normQuery(o.Query)
	rr := newRNG(o.Seed, HashString(o.Query), uint64(i), 2)
	r := &rr
	rec := DNSRecord{Value: q, ResolveType: ResolveDomain}
	dot := func(s string, pct int) string {
		if r.chance(pct) {
			return s + "."
		}
		return s
	}
	switch k {
	case kReverse:
		rec.RecordType = RecordA
		if a, err := netip.ParseAddr(q); err == nil && a.Is6() && !a.Is4In6() {
			rec.RecordType = RecordAAAA
			rec.Value = a.String()
		}
		if r.chance(40) {
			rec.Resolve = dot(domainName(r), 10)
		} else {
			rec.Resolve = dot(hostName(r, ""), 10)
		}
	case kA:
		rec.RecordType, rec.ResolveType, rec.Resolve = RecordA, ResolveIP, ipv4(r)
	case kAAAA:
		rec.RecordType, rec.ResolveType, rec.Resolve = RecordAAAA, ResolveIP, ipv6(r)
	case kCNAME:
		rec.RecordType = RecordCNAME
		if r.chance(40) {
			rec.Resolve = "www." + q
		} else {
			rec.Resolve = dot(pick(r, words)+"-"+hexString(r, 6)+"."+pick(r, cdnHosts), 20)
		}
	case kNS:
		rec.RecordType, rec.Resolve = RecordNS, dot(pick(r, nsHosts), 40)
	case kMX:
		rec.RecordType = RecordMX
		if r.chance(50) {
			rec.Resolve = dot(pick(r, mxHosts), 20)
		} else {
			rec.Resolve = dot("mx"+strconv.Itoa(1+r.intn(3))+"."+q, 20)
		}
	case kSOAEmail:
		rec.RecordType, rec.ResolveType = RecordSOA, ResolveEmail
		if r.chance(60) {
			rec.Resolve = "hostmaster@" + q
		} else {
			rec.Resolve = pick(r, []string{"dns-admin@google.com", "awsdns-hostmaster@amazon.com", "dns@cloudflare.com", "hostmaster@digitalocean.com"})
		}
	case kSOADomain:
		rec.RecordType, rec.Resolve = RecordSOA, dot(pick(r, nsHosts), 80)
	case kSPF:
		// Seen in the wild: the SPF mechanism or a CIDR block, typed "domain".
		rec.RecordType = RecordSPF
		if r.chance(50) {
			rec.Resolve = ipv4Net(r)
		} else {
			rec.Resolve = pick(r, spfValues)
		}
	}
	rec.FirstSeen, rec.LastSeen, rec.Collected = times(o, i)
	rec.Source = sourceSet(r)
	rec.RecordHash = recordHash(o, i, rec)
	return rec
}

func ipv4Net(r *rng) string {
	ip := ipv4(r)
	return ip[:strings.LastIndexByte(ip, '.')] + ".0/24"
}

const day = 24 * time.Hour

// times spreads lastSeen over five years before the epoch with about a third
// in the last 30 days (so a "P30D" window finds data), and makes some rows
// instantaneous (firstSeen == lastSeen).
func times(o DNSOptions, i int) (first, last, collected time.Time) {
	rr := newRNG(o.Seed, HashString(o.Query), uint64(i), 4)
	r := &rr
	var ago time.Duration
	if r.chance(35) {
		ago = time.Duration(r.intn(int(30*day/time.Second))) * time.Second
	} else {
		ago = time.Duration(r.intn(int(5*365*day/time.Second))) * time.Second
	}
	last = o.Epoch.Add(-ago)
	switch {
	case i%11 == 5 || r.chance(3):
		first = last
	case r.chance(30):
		first = last.Add(-time.Duration(r.intn(int(2*day/time.Second))) * time.Second)
	default:
		first = last.Add(-time.Duration(r.intn(int(3*365*day/time.Second))) * time.Second)
	}
	collected = last.Add(time.Duration(r.intn(8*3600)) * time.Second)
	if collected.After(o.Epoch) {
		collected = o.Epoch
	}
	return first, last, collected
}

// sourceSet returns a non-empty, sorted subset of the known sources.
func sourceSet(r *rng) []string {
	mask := 1 + r.intn(1<<len(sources)-1)
	out := make([]string, 0, len(sources))
	for b, s := range sources {
		if mask&(1<<b) != 0 {
			out = append(out, s)
		}
	}
	return out
}

func recordHash(o DNSOptions, i int, rec DNSRecord) string {
	b := make([]byte, 0, 160)
	b = append(b, rec.Value...)
	b = append(b, '|')
	b = append(b, rec.Resolve...)
	b = append(b, '|')
	b = append(b, rec.RecordType...)
	b = append(b, '|')
	b = rec.FirstSeen.AppendFormat(b, TimeLayout)
	b = append(b, '|')
	b = strconv.AppendUint(b, o.Seed, 10)
	b = append(b, '|')
	b = strconv.AppendInt(b, int64(i), 10)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
