package gen

import (
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"
)

var (
	words = []string{
		"secure", "login", "update", "account", "mail", "cdn", "static", "portal",
		"verify", "service", "cloud", "office", "docs", "drive", "pay", "bank",
		"shop", "news", "api", "auth", "support", "help", "online", "web",
		"app", "data", "files", "my", "get", "box", "track", "media",
		"invoice", "delivery", "wallet", "sync", "remote", "vpn", "store", "host",
	}
	tlds      = []string{"com", "net", "org", "info", "biz", "xyz", "top", "ru", "io", "co"}
	nsHosts   = []string{"ns1.digitalocean.com", "ns-218.awsdns-27.com", "ns-1536.awsdns-00.co.uk", "dns1.registrar-servers.com", "ns51.domaincontrol.com", "kim.ns.cloudflare.com", "dns2.p08.nsone.net", "ns1-04.azure-dns.com"}
	mxHosts   = []string{"alt1.aspmx.l.google.com", "aspmx.l.google.com", "mx1.privateemail.com", "mx00.ionos.com", "mail.protonmail.ch"}
	cdnHosts  = []string{"cdn.cloudflare.net", "edgekey.net", "azureedge.net", "cloudfront.net", "fastly.net", "herokudns.com"}
	spfValues = []string{"include:_spf.google.com", "include:spf.protection.outlook.com", "include:servers.mcsv.net", "~all", "-all"}
	sources   = []string{"emerging_threats", "kaspersky", "pingly", "riskiq", "virustotal"}
)

// domainName returns a plausible random registered domain.
func domainName(r *rng) string {
	w1, w2 := pick(r, words), pick(r, words)
	sep := ""
	if r.chance(50) {
		sep = "-"
	}
	n := ""
	if r.chance(40) {
		n = strconv.Itoa(r.intn(100))
	}
	return w1 + sep + w2 + n + "." + pick(r, tlds)
}

// hostName returns a host under a random (or the given) domain.
func hostName(r *rng, domain string) string {
	if domain == "" {
		domain = domainName(r)
	}
	return pick(r, words) + "." + domain
}

// ipv4 returns a public-looking unicast address (no private, loopback,
// link-local, CGNAT or multicast ranges).
func ipv4(r *rng) string {
	for {
		a := 11 + r.intn(213) // 11..223
		switch a {
		case 100, 127, 169, 172, 192, 198, 203:
			continue
		}
		v := r.next()
		return strconv.Itoa(a) + "." + strconv.Itoa(int(v&0xff)) + "." +
			strconv.Itoa(int(v>>8&0xff)) + "." + strconv.Itoa(1+int(v>>16&0xff)%254)
	}
}

// ipv6 returns an address in canonical (RFC 5952) text form under a few
// global prefixes.
func ipv6(r *rng) string {
	prefixes := [][2]byte{{0x26, 0x06}, {0x2a, 0x01}, {0x24, 0x00}, {0x20, 0x01}}
	p := pick(r, prefixes)
	var b [16]byte
	b[0], b[1] = p[0], p[1]
	v1, v2 := r.next(), r.next()
	for i := 2; i < 8; i++ {
		b[i] = byte(v1 >> (8 * i))
	}
	if r.chance(50) { // many real addresses have a short interface ID: ::1, ::a:b
		b[14], b[15] = byte(v2), byte(v2>>8)
	} else {
		for i := 8; i < 16; i++ {
			b[i] = byte(v2 >> (8 * (i - 8)))
		}
	}
	return netip.AddrFrom16(b).String()
}

// hexString returns n random lower-case hex characters.
func hexString(r *rng, n int) string {
	buf := make([]byte, (n+1)/2)
	for i := 0; i < len(buf); i += 8 {
		v := r.next()
		for j := 0; j < 8 && i+j < len(buf); j++ {
			buf[i+j] = byte(v >> (8 * j))
		}
	}
	return hex.EncodeToString(buf)[:n]
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
