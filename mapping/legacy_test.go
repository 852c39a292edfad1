package mapping

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// The IDs below are the ones the retired Python connectors produced for the
// same input (opencti-riskiq-connectors.md sections 2.8 and 3.6, and the
// legacy vectors computed with pycti 6.8.10 and python-stix2 3.0.2).

func TestLegacyArticleIDs(t *testing.T) {
	t.Parallel()
	a := passivetotal.Article{
		GUID: "e86878b1", Title: "Spam Farm Spotted in the Wild",
		PublishedDate: ptTime(t, "2021-03-05 08:00:00"),
		CreatedDate:   ptTime(t, "2021-03-05 09:12:44"),
		Tags:          []string{"spam", "T1566.002 - Spearphishing Link", "CVE-2021-44228"},
		Indicators: []passivetotal.ArticleIndicatorGroup{
			{Type: "url", Values: []string{"https://example.com/evil.php"}, Source: "riskiq"},
			{Type: "domain", Values: []string{"evil.example.com"}, Source: "public"},
			{Type: "hash_md5", Values: []string{"9466c865dead7a35e4e1a8f48ef1dffd"}, Source: "public"},
		},
	}
	r, err := Article(a, ArticleOptions{Policy: stix.PolicyLegacy})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	want := []string{
		"report--06f7f4d5-6ebb-5588-ac3d-a2f98d46c36f",
		"attack-pattern--c99ef9d2-e161-5107-a6aa-4f3a05f1ad11",
		"vulnerability--693c68fd-9a33-5d6d-b44e-407b6a48b05b",
		"indicator--c76db3f7-3ffd-5287-9f92-616310e4ea24",
		"indicator--251b41b7-1baf-527e-a251-5821a471dd65",
		"indicator--f01e08c4-c1a2-5047-8b9c-428e57b2f482",
		"url--ba69d7d9-eb0d-59d0-8914-44ca30347966",
		"domain-name--6262c8a9-ac28-50fe-a7df-f5923bb2ee14",
		"file--5ddfbcf0-3284-5438-912e-e5c72884b97a",
		"relationship--0bf4f32a-113f-5bd8-b6c1-c9911e26a4b8",
		"relationship--24f3ef24-ba70-5d45-add7-a386b12a4920",
		"relationship--c7e083cd-48b0-5589-9de3-f3cf370ecb3c",
	}
	if diff := cmp.Diff(want, ids(r.Objects)); diff != "" {
		t.Errorf("object IDs (-want +got):\n%s", diff)
	}
	if got, want := r.Author.ID, "identity--12206468-7cbe-566d-a9b5-c7b23a2e8818"; got != want {
		t.Errorf("author = %s, want %s (RiskIQ)", got, want)
	}
}

func TestLegacyPassiveDNSIDs(t *testing.T) {
	t.Parallel()
	r, err := PassiveDNS(Entity{}, readPassiveDNS(t, "pdns_domain.json"), PassiveDNSOptions{Policy: stix.PolicyLegacy})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	if got, want := r.Author.ID, "identity--3dd5005e-308b-57f5-b865-ba1f5e230b13"; got != want {
		t.Errorf("author = %s, want %s (RiskIQ PassiveTotal)", got, want)
	}
	got := ids(r.Objects)
	for _, want := range []string{
		"domain-name--b665a14d-fe35-5462-a1be-574274388349",  // the entity passivetotal.org
		"ipv4-addr--7a08612a-c82b-50a7-8ad7-47aed844f017",    // A 52.52.94.111
		"relationship--4809e699-4249-5759-92aa-008323c44230", // its resolves-to, start 2017-06-14T11:22:21
		"email-addr--3c96525a-8d7c-56dd-b5fb-55ce5ca733e3",   // SOA hostmaster@
		"relationship--e79d8667-800a-5de6-a44d-9f1d2f4dae54",
		"domain-name--e59e5d71-ba8f-528f-a389-e4eda630ba46", // NS ns-218.awsdns-27.com
		"relationship--2e2d4412-eeeb-5c31-bcbf-557c0389b4f7",
		"relationship--c3f33109-86fe-56eb-868e-f2547c8546b9", // equal first/last seen
		"ipv6-addr--6469e3a9-b053-5e34-a025-9396ae051d26",    // 2001:DB8::1 normalised
	} {
		if !contains(got, want) {
			t.Errorf("missing %s", want)
		}
	}
	// Fixed, not kept: the old connector made domain-name--354d4bcf... from
	// "ns1.digitalocean.com." with its trailing dot.
	if contains(got, "domain-name--354d4bcf-4578-5a98-b4f9-31da6b9093c1") {
		t.Error("trailing-dot domain ID is back")
	}
}

func TestLegacyReverseA(t *testing.T) {
	t.Parallel()
	r, err := PassiveDNS(Entity{}, readPassiveDNS(t, "pdns_ip.json"), PassiveDNSOptions{Policy: stix.PolicyLegacy})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	rel := findRel(r.Objects, "relationship--05e04fd5-5e56-51b3-aa4d-b6efe27df0c6")
	if rel == nil {
		t.Fatalf("reversed A relationship missing; have %v", ids(r.Objects))
	}
	if rel.SourceRef != "domain-name--43c48205-d773-53d2-829c-8ac8c4b5725f" || rel.TargetRef != "ipv4-addr--7a08612a-c82b-50a7-8ad7-47aed844f017" {
		t.Errorf("direction = %s -> %s, want www.passivetotal.org -> 52.52.94.111", rel.SourceRef, rel.TargetRef)
	}
}

func ids(objs []stix.Object) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = o.StixID()
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

func findRel(objs []stix.Object, id string) *stix.Relationship {
	for _, o := range objs {
		if r, ok := o.(*stix.Relationship); ok && r.ID == id {
			return r
		}
	}
	return nil
}
