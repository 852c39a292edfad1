package mdti_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

// mapsTo maps a dataset answer with mapping.Dataset and returns the object
// types of its valid bundle.
func mapsTo(t *testing.T, host string, answer any) map[string]int {
	t.Helper()
	e, err := mapping.NewEntity(host)
	if err != nil {
		t.Fatal(err)
	}
	r, err := mapping.Dataset(e, answer, mapping.HostOptions{})
	if err != nil {
		t.Fatalf("%T: %v", answer, err)
	}
	b, err := r.Bundle()
	if err != nil {
		t.Fatalf("%T: %v", answer, err)
	}
	types := map[string]int{}
	for _, o := range b.Objects {
		types[o.Type()]++
	}
	return types
}

// TestHostDatasetsSimulator reads every host dataset of a hostname and an
// address from the simulator, checks the Graph fields land in the root
// models as documented, and that each answer maps to a valid bundle with
// the objects the dataset stands for. A page size of 1 makes every listing
// follow its @odata.nextLink.
func TestHostDatasetsSimulator(t *testing.T) {
	t.Parallel()
	_, c := start(t, mdtitest.Config{PageSize: 1})
	ctx := t.Context()
	const dom, ip = "shop.example.com", "203.0.113.10"

	t.Run("components", func(t *testing.T) {
		t.Parallel()
		got, err := c.HostComponents(ctx, dom, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Results) != 3 || got.TotalRecords != 3 {
			t.Fatalf("%d components (total %d), want 3", len(got.Results), got.TotalRecords)
		}
		for _, r := range got.Results {
			if r.Host != dom || r.Label == "" || r.Category == "" || !r.FirstSeen.Valid() || !r.LastSeen.Valid() {
				t.Errorf("component %+v", r)
			}
		}
		if n := mapsTo(t, dom, got)["software"]; n == 0 {
			t.Error("no software")
		}
	})
	t.Run("trackers and cookies", func(t *testing.T) {
		t.Parallel()
		tr, err := c.HostTrackers(ctx, dom, nil)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, r := range tr.Results {
			kinds = append(kinds, r.Type)
			if r.Value == "" || r.Host != dom {
				t.Errorf("tracker %+v", r)
			}
		}
		if diff := cmp.Diff([]string{"GoogleAnalyticsID", "JarmHash"}, kinds); diff != "" {
			t.Errorf("tracker kinds (-want +got):\n%s", diff)
		}
		ck, err := c.HostCookies(ctx, dom, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(ck.Results) != 2 || ck.Results[0].Name != "session_id" || ck.Results[0].Domain != dom {
			t.Errorf("cookies %+v", ck.Results)
		}
		if mapsTo(t, dom, tr)["text"] == 0 || mapsTo(t, dom, ck)["text"] == 0 {
			t.Error("trackers or cookies map to no text observable")
		}
	})
	t.Run("host pairs", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct {
			dir  mdti.HostPairDirection
			want int
		}{{mdti.HostPairsAll, 3}, {mdti.HostPairsParents, 2}, {mdti.HostPairsChildren, 2}} {
			got, err := c.HostPairs(ctx, dom, tc.dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Results) != tc.want {
				t.Errorf("%q: %d pairs, want %d", tc.dir, len(got.Results), tc.want)
			}
			for _, p := range got.Results {
				if p.Parent == "" || p.Child == "" || p.Cause == "" {
					t.Errorf("%q: pair %+v", tc.dir, p)
				}
				if tc.dir == mdti.HostPairsParents && p.Child != dom || tc.dir == mdti.HostPairsChildren && p.Parent != dom {
					t.Errorf("%q: pair %+v not of that direction", tc.dir, p)
				}
			}
		}
		all, _ := c.HostPairs(ctx, dom, mdti.HostPairsAll, nil)
		e, _ := mapping.NewEntity(dom)
		r, err := mapping.HostPairs(e, all, mapping.HostOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(r.Skips, func(s mapping.Skip) bool { return strings.Contains(s.Reason, "self") }) {
			t.Errorf("the self pair is not a skip: %+v", r.Skips)
		}
		if _, err := c.HostPairs(ctx, dom, "sideways", nil); !errors.As(err, new(*passivetotal.InvalidQueryError)) {
			t.Errorf("bad direction: %v", err)
		}
	})
	t.Run("subdomains", func(t *testing.T) {
		t.Parallel()
		got, err := c.HostSubdomains(ctx, dom)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"www." + dom, "mail." + dom, "api." + dom}
		if diff := cmp.Diff(want, got.Names()); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if n := mapsTo(t, dom, got)["domain-name"]; n != 4 {
			t.Errorf("%d domain-names, want the host and 3 subdomains", n)
		}
	})
	t.Run("ports", func(t *testing.T) {
		t.Parallel()
		got, err := c.HostPorts(ctx, ip)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Results) != 2 {
			t.Fatalf("%d ports", len(got.Results))
		}
		p := got.Results[0]
		if p.Port != 443 || p.Protocol != "TCP" || p.Status != "open" || p.Count < 10 || len(p.Banners) != 1 ||
			len(p.CurrentServices) != 1 || p.CurrentServices[0].Label != "nginx" || len(p.MostRecentSSLCertSHA1) != 40 {
			t.Errorf("port %+v", p)
		}
		types := mapsTo(t, ip, got)
		if types["note"] != 2 || types["software"] != 2 {
			t.Errorf("types %v, want a note and a software per port", types)
		}
	})
	t.Run("certificates", func(t *testing.T) {
		t.Parallel()
		got, err := c.HostCertificates(ctx, ip)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.History.Results) != 2 || len(got.Certificates.Results) != 2 || len(got.Missing) != 0 {
			t.Fatalf("%d sightings, %d certificates, missing %v", len(got.History.Results), len(got.Certificates.Results), got.Missing)
		}
		for i, s := range got.History.Results {
			cert := got.Certificates.Results[i]
			if s.SHA1 != cert.SHA1 || len(s.SHA1) != 40 || !slices.Equal(s.IPAddresses, []string{ip}) {
				t.Errorf("sighting %+v of certificate %s", s, cert.SHA1)
			}
			if cert.Issuer.CommonName == "" || cert.Subject.Country != "US" || len(cert.SubjectAlternativeNames) != 2 ||
				!cert.IssueDate.Valid() || !cert.ExpirationDate.Valid() || cert.SerialNumber == "" {
				t.Errorf("certificate %+v", cert)
			}
		}
		e, _ := mapping.NewEntity(ip)
		r, err := mapping.Certificates(e, &got.Certificates, &got.History, mapping.HostOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Bundle(); err != nil {
			t.Fatal(err)
		}
		var x509 int
		for _, o := range r.Objects {
			if o.Type() == "x509-certificate" {
				x509++
			}
		}
		if x509 != 2 {
			t.Errorf("%d x509-certificates, want 2", x509)
		}
		// By id: the same certificate, issued to the name the simulator
		// derives when it is asked without a host.
		one, _, err := c.Certificate(ctx, "ZmI5NjU1MTUwNWYxZWRiMjRkZDNiMzZmY2ZmZGI3NjU4MzNiODExOA==")
		if err != nil {
			t.Fatal(err)
		}
		if one.SHA1 != "fb96551505f1edb24dd3b36fcffdb765833b8118" || one.Subject.CommonName != "host-fb965515.example.com" {
			t.Errorf("certificate by id %+v", one)
		}
		if _, _, err := c.Certificate(ctx, "bm90LWEtY2VydA=="); !errors.Is(err, mdti.ErrNotFound) {
			t.Errorf("unknown certificate: %v", err)
		}
		if _, _, err := c.Certificate(ctx, ".."); !errors.As(err, new(*passivetotal.InvalidQueryError)) {
			t.Errorf("dot segment: %v", err)
		}
	})
	t.Run("whois and history", func(t *testing.T) {
		t.Parallel()
		got, _, err := c.HostWhois(ctx, dom)
		if err != nil {
			t.Fatal(err)
		}
		rec := got.Record
		var roles []string
		for _, ct := range rec.Contacts {
			roles = append(roles, ct.Role)
		}
		if diff := cmp.Diff([]string{"registrant", "admin", "tech", "abuse", "registrar"}, roles); diff != "" {
			t.Errorf("roles (-want +got):\n%s", diff)
		}
		if rec.Domain != dom || rec.Registrar != "Example Registrar, Inc." || rec.Organization != "Example Holdings" ||
			!slices.Equal(rec.NameServers, []string{"ns1.example-dns.net", "ns2.example-dns.net"}) ||
			!rec.Registered.Valid() || !rec.LastLoadedAt.Valid() || rec.RawText == "" || got.ID == "" {
			t.Errorf("record %+v", got)
		}
		types := mapsTo(t, dom, &rec)
		for _, typ := range []string{"email-addr", "identity", "note", "domain-name"} {
			if types[typ] == 0 {
				t.Errorf("no %s in %v", typ, types)
			}
		}
		hist, err := c.WhoisHistory(ctx, got.ID, dom)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist.Results) != 3 {
			t.Fatalf("%d history records", len(hist.Results))
		}
		if n := mapsTo(t, dom, hist)["note"]; n != 3 {
			t.Errorf("%d notes, want one per record", n)
		}
	})
	t.Run("reputation", func(t *testing.T) {
		t.Parallel()
		got, _, err := c.HostReputation(ctx, "malicious.example.com")
		if err != nil {
			t.Fatal(err)
		}
		if !got.Malicious() || got.Score < 80 || len(got.Rules) != 2 || got.Rules[0].Severity != 3 {
			t.Errorf("reputation %+v", got)
		}
		if mapsTo(t, "malicious.example.com", got)["indicator"] != 1 {
			t.Error("a malicious host gives no indicator")
		}
	})
	t.Run("summary", func(t *testing.T) {
		t.Parallel()
		got, _, err := c.HostSummary(ctx, ip)
		if err != nil {
			t.Fatal(err)
		}
		if got.QueryType != "ip" || got.AutonomousSystemNumber < 64496 || got.Country != "US" || got.Network != "203.0.113.0/24" {
			t.Errorf("summary %+v", got)
		}
		types := mapsTo(t, ip, got)
		if types["autonomous-system"] != 1 || types["location"] != 1 {
			t.Errorf("types %v", types)
		}
	})
}

// TestHostDatasetsFailures: an unknown host, a bad query, Graph errors
// and a lying server give typed errors, never a partial answer.
func TestHostDatasetsFailures(t *testing.T) {
	t.Parallel()
	calls := map[string]func(c *mdti.Client, host string) error{
		"components":   func(c *mdti.Client, h string) error { _, err := c.HostComponents(t.Context(), h, nil); return err },
		"trackers":     func(c *mdti.Client, h string) error { _, err := c.HostTrackers(t.Context(), h, nil); return err },
		"cookies":      func(c *mdti.Client, h string) error { _, err := c.HostCookies(t.Context(), h, nil); return err },
		"hostPairs":    func(c *mdti.Client, h string) error { _, err := c.HostPairs(t.Context(), h, "", nil); return err },
		"subdomains":   func(c *mdti.Client, h string) error { _, err := c.HostSubdomains(t.Context(), h); return err },
		"ports":        func(c *mdti.Client, h string) error { _, err := c.HostPorts(t.Context(), h); return err },
		"certificates": func(c *mdti.Client, h string) error { _, err := c.HostCertificates(t.Context(), h); return err },
		"whois":        func(c *mdti.Client, h string) error { _, _, err := c.HostWhois(t.Context(), h); return err },
		"reputation":   func(c *mdti.Client, h string) error { _, _, err := c.HostReputation(t.Context(), h); return err },
		"summary":      func(c *mdti.Client, h string) error { _, _, err := c.HostSummary(t.Context(), h); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sim, c := start(t, mdtitest.Config{})
			if name != "summary" {
				if err := call(c, "nodata.example.com"); !errors.Is(err, mdti.ErrNotFound) {
					t.Errorf("nodata host: %v", err)
				}
			}
			if err := call(c, "gone.invalid"); !errors.Is(err, mdti.ErrNotFound) {
				t.Errorf("unknown host: %v", err)
			}
			for _, bad := range []string{"", "a b.example.com", "evil.example.com/../../articles", "x\x00.example.com"} {
				if err := call(c, bad); !errors.As(err, new(*passivetotal.InvalidQueryError)) {
					t.Errorf("query %q: %v", bad, err)
				}
			}
			before := len(sim.Requests())
			sim.AddFault(mdtitest.Fault{Kind: mdtitest.FaultNotGraph, Endpoint: "/hosts/"})
			if err := call(c, "shop.example.com"); !errors.Is(err, mdti.ErrInvalidResponse) {
				t.Errorf("not Graph's shape: %v", err)
			}
			sim.ClearFaults()
			sim.AddFault(mdtitest.Fault{Kind: mdtitest.FaultStatus, Status: 403, Endpoint: "/hosts/"})
			if err := call(c, "shop.example.com"); !errors.Is(err, mdti.ErrForbidden) {
				t.Errorf("403: %v", err)
			}
			sim.ClearFaults()
			sim.AddFault(mdtitest.Fault{Kind: mdtitest.FaultStatus, Status: 503, Endpoint: "/hosts/", Times: 1})
			if err := call(c, "shop.example.com"); err != nil {
				t.Errorf("one 503 is retried: %v", err)
			}
			if len(sim.Requests()) <= before {
				t.Error("no request reached the simulator")
			}
		})
	}
}

// TestHostDatasetsPaging: a hostile @odata.nextLink is refused with a
// *NextLinkError, and the page budget ends a listing that never does.
func TestHostDatasetsPaging(t *testing.T) {
	t.Parallel()
	sim, c := start(t, mdtitest.Config{PageSize: 1})
	sim.AddFault(mdtitest.Fault{Kind: mdtitest.FaultBadNextLink, Endpoint: "/hosts/shop.example.com/components"})
	if _, err := c.HostComponents(t.Context(), "shop.example.com", nil); !errors.Is(err, mdti.ErrNextLink) {
		t.Errorf("hostile nextLink: %v", err)
	}
	_, small := start(t, mdtitest.Config{PageSize: 1}, mdti.WithPageBudget(2))
	if _, err := small.HostComponents(t.Context(), "shop.example.com", nil); !errors.Is(err, mdti.ErrPageBudget) {
		t.Errorf("page budget: %v", err)
	}
	if got, err := small.HostTrackers(t.Context(), "shop.example.com", nil); err != nil || len(got.Results) != 2 {
		t.Errorf("two pages within a budget of two: %v, %v", got, err)
	}
}

// TestHostListWindow: LastSeenAfter keeps the rows last seen at or after it,
// checked on the answer; PageSize is sent as $top.
func TestHostListWindow(t *testing.T) {
	t.Parallel()
	sim, c := start(t, mdtitest.Config{})
	ctx := t.Context()
	all, err := c.HostComponents(ctx, "shop.example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	latest := all.Results[0].LastSeen.Time
	for _, r := range all.Results {
		if r.LastSeen.After(latest) {
			latest = r.LastSeen.Time
		}
	}
	got, err := c.HostComponents(ctx, "shop.example.com", &mdti.HostListOptions{LastSeenAfter: latest, PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Results) == 0 || len(got.Results) >= len(all.Results) {
		t.Fatalf("%d of %d components in the window from the latest", len(got.Results), len(all.Results))
	}
	for _, r := range got.Results {
		if r.LastSeen.Before(latest.Truncate(time.Second)) {
			t.Errorf("component %+v is outside the window", r)
		}
	}
	if got.TotalRecords != len(got.Results) {
		t.Errorf("TotalRecords %d for %d rows", got.TotalRecords, len(got.Results))
	}
	asked := false
	for _, rq := range sim.Requests() {
		if strings.HasSuffix(rq.Endpoint, "/components") && strings.Contains(rq.Query, "$top=2") {
			asked = true
		}
	}
	if !asked {
		t.Error("PageSize was not sent as $top")
	}
}
