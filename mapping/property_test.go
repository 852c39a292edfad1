package mapping

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// gen draws inputs that mix valid values with the hostile ones seen in the
// wild or built to break escaping.
type gen struct{ r *rand.Rand }

var (
	genTypes = []string{
		"domain", "ip", "url", "email", "emails", "soa_email", "whois_email", "hash", "hash_md5", "sha1", "hash_sha1",
		"sha256", "hash_sha256", "hash_sha512", "filename", "filepath", "mutex", "process_mutex", "proces_mutex",
		"certificate_sha1", "certficate_sha1", "certificate_serialnumber", "code_certificate_serial",
		"certificate_issuercommonname", "certificate_subjectcommonname", "wildcard", "", "DOMAIN", "cve",
	}
	genPieces = []string{
		"example", "com", ".", "-", "_", "'", "\\", "\"", "\n", "\x00", "\xff", " ", "/", "@", ":", "%", "*",
		"ü", "İ", "Σ", "\u2028", "192.0.2.", "2001:db8::", "http://", "https://", "a", "0", "f", "xn--", "T1566",
	}
	genRecordTypes  = []string{"A", "AAAA", "CNAME", "NS", "MX", "SOA", "TXT", "TXT (SPF1)", "PTR", "a", "", "SRV"}
	genResolveTypes = []string{"ip", "domain", "email", "text", "", "IP"}
)

func (g gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// value returns a random string: a valid-looking one half the time, else a
// concatenation of awkward pieces.
func (g gen) value() string {
	switch g.r.IntN(8) {
	case 0:
		return "host" + strconv.Itoa(g.r.IntN(50)) + ".example.com"
	case 1:
		return "192.0.2." + strconv.Itoa(g.r.IntN(300))
	case 2:
		const hex = "0123456789abcdefABCDEF"
		n := []int{32, 40, 64, 128, 33}[g.r.IntN(5)]
		b := make([]byte, n)
		for i := range b {
			b[i] = hex[g.r.IntN(len(hex))]
		}
		return string(b)
	case 3:
		return "user" + strconv.Itoa(g.r.IntN(5)) + "@example.org"
	case 4:
		return strings.Repeat("x", g.r.IntN(3)*5000)
	}
	var sb strings.Builder
	for range g.r.IntN(8) {
		sb.WriteString(g.pick(genPieces))
	}
	return sb.String()
}

func (g gen) time() passivetotal.Time {
	if g.r.IntN(20) == 0 {
		return passivetotal.Time{Raw: "N/A"}
	}
	return passivetotal.NewTime(time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.r.IntN(400)) * 24 * time.Hour))
}

func (g gen) article() passivetotal.Article {
	a := passivetotal.Article{
		GUID: g.value(), Title: g.value(), Summary: g.value(), Type: g.pick([]string{"public", "private", ""}),
		Link: g.value(), PublishedDate: g.time(), CreatedDate: g.time(),
	}
	for range g.r.IntN(5) {
		a.Tags = append(a.Tags, g.pick([]string{g.value(), "T1566.002 - X", "cve-2020-0001", "t1059"}))
	}
	for range g.r.IntN(6) {
		grp := passivetotal.ArticleIndicatorGroup{Type: g.pick(genTypes), Source: g.pick([]string{"public", "riskiq", ""})}
		for range g.r.IntN(6) {
			grp.Values = append(grp.Values, g.value())
		}
		a.Indicators = append(a.Indicators, grp)
	}
	return a
}

func (g gen) records(n int) []passivetotal.DNSRecord {
	var out []passivetotal.DNSRecord
	for range n {
		out = append(out, passivetotal.DNSRecord{
			RecordType: g.pick(genRecordTypes), ResolveType: g.pick(genResolveTypes), Resolve: g.value(),
			FirstSeen: g.time(), LastSeen: g.time(), Source: []string{g.pick([]string{"riskiq", "pingly", ""})},
			RecordHash: strconv.Itoa(g.r.IntN(1000)),
		})
	}
	return out
}

// marshal returns a bundle's bytes, for determinism checks.
func marshal(t *testing.T, b *stix.Bundle) []byte {
	t.Helper()
	data, err := b.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestPropertyArticles(t *testing.T) {
	t.Parallel()
	g := gen{rand.New(rand.NewPCG(2024, 5))}
	for i := range 300 {
		a := g.article()
		policy := stix.IDPolicy(i % 3)
		opts := ArticleOptions{Policy: policy, NoObservables: i%4 == 0}
		r, err := Article(a, opts)
		if err != nil {
			t.Fatalf("article %d: %v", i, err)
		}
		b := checkResult(t, r)
		// Every value is accounted for: an indicator or a skip.
		values := 0
		for _, grp := range a.Indicators {
			values += len(grp.Values)
		}
		indicators := 0
		for _, o := range r.Objects {
			if o.Type() == stix.TypeIndicator {
				indicators++
			}
		}
		if indicators > values || (values > 0 && indicators == 0 && len(r.Skips) == 0) {
			t.Fatalf("article %d: %d values, %d indicators, %d skips", i, values, indicators, len(r.Skips))
		}
		// Same input, same bytes.
		r2, _ := Article(a, opts)
		b2, err := r2.Bundle()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(marshal(t, b), marshal(t, b2)) {
			t.Fatalf("article %d: output not deterministic", i)
		}
	}
}

func TestPropertyPassiveDNS(t *testing.T) {
	t.Parallel()
	g := gen{rand.New(rand.NewPCG(2024, 6))}
	entities := []Entity{
		{Type: stix.TypeDomainName, Value: "example.com", Markings: []string{stix.TLPAmberID}},
		{Type: stix.TypeIPv4Addr, Value: "192.0.2.7"},
		{Type: stix.TypeIPv6Addr, Value: "2001:db8::7", Markings: []string{stix.TLPRedID}},
	}
	for i := range 200 {
		recs := g.records(g.r.IntN(60))
		e := entities[i%len(entities)]
		opts := PassiveDNSOptions{Policy: stix.IDPolicy(i % 3), MaxRecords: g.r.IntN(20) - 2, RelatedTo: i%2 == 0, TLP: stix.TLP(g.r.IntN(7))}
		r, err := PassiveDNS(e, answer(recs...), opts)
		if err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
		b := checkResult(t, r)
		seenRel := map[[3]string]bool{}
		seenSCO := map[string]bool{}
		entityTLP, _ := stix.TLPByID(first(e.Markings))
		for _, o := range r.Objects[1:] {
			for _, m := range markingRefs(o) {
				if tlp, _ := stix.TLPByID(m); tlp.Rank() < entityTLP.Rank() {
					t.Fatalf("answer %d: %s marked %v below the entity's %v", i, o.StixID(), tlp, entityTLP)
				}
			}
			if rel, ok := o.(*stix.Relationship); ok {
				k := [3]string{rel.RelationshipType, rel.SourceRef, rel.TargetRef}
				if seenRel[k] {
					t.Fatalf("answer %d: duplicate relationship %v", i, k)
				}
				seenRel[k] = true
				continue
			}
			if seenSCO[o.StixID()] {
				t.Fatalf("answer %d: duplicate observable %s", i, o.StixID())
			}
			seenSCO[o.StixID()] = true
		}
		if limit := opts.MaxRecords; limit > 0 && len(seenRel) > limit {
			t.Fatalf("answer %d: %d relationships over the cap %d", i, len(seenRel), limit)
		}
		r2, _ := PassiveDNS(e, answer(recs...), opts)
		b2, _ := r2.Bundle()
		if !bytes.Equal(marshal(t, b), marshal(t, b2)) {
			t.Fatalf("answer %d: output not deterministic", i)
		}
	}
}

func first(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}
