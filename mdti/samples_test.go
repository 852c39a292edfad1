package mdti_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
)

// TestGraphSamples reads the documentation-derived Graph bodies of the
// shared reference through the saved-body decoders. CI sets
// PTSTIX_PT_SAMPLES; elsewhere the test skips.
func TestGraphSamples(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("PTSTIX_PT_SAMPLES")
	if dir == "" {
		t.Skip("PTSTIX_PT_SAMPLES is not set (.ci/run sets it to ../shared/reference/pt-samples)")
	}
	read := func(t *testing.T, name string) []byte {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	ts := func(s string) passivetotal.Time {
		tt, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return passivetotal.Time{Time: tt.UTC(), Raw: s}
	}

	t.Run("mdti_passive_dns.json", func(t *testing.T) {
		t.Parallel()
		got, err := mdti.DecodePassiveDNS(bytes.NewReader(read(t, "mdti_passive_dns.json")), "contoso.com")
		if err != nil {
			t.Fatal(err)
		}
		want := []passivetotal.DNSRecord{{
			FirstSeen: ts("2022-04-18T10:31:12Z"), LastSeen: ts("2023-03-07T13:19:35Z"),
			Collected: ts("2023-03-07T13:59:34.735Z"),
			Value:     "contoso.com", Resolve: "20.103.85.33", ResolveType: "ip", RecordType: "A",
			RecordHash: "Y29udG9zby5jb20kJDIwLjEwMy44NS4zMyQkZmFsc2U=",
		}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})

	t.Run("mdti_passive_dns_reverse.json", func(t *testing.T) {
		t.Parallel()
		got, err := mdti.DecodePassiveDNS(bytes.NewReader(read(t, "mdti_passive_dns_reverse.json")), "contoso.com")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Value != "contoso.com" || got[0].Resolve != "www.contoso.com" ||
			got[0].ResolveType != "domain" || got[0].RecordType != "CNAME" {
			t.Errorf("got %+v", got)
		}
	})

	t.Run("mdti_error.json", func(t *testing.T) {
		t.Parallel()
		_, err := mdti.DecodePassiveDNS(bytes.NewReader(read(t, "mdti_error.json")), "")
		if !errors.Is(err, mdti.ErrThrottled) {
			t.Fatalf("err = %v, want ErrThrottled", err)
		}
		if msg := err.Error(); !strings.Contains(msg, "TooManyRequests") || !strings.Contains(msg, "request-id 00000000-0000-0000-0000-000000000000") {
			t.Errorf("error text %q lacks the code or the request id", msg)
		}
	})

	t.Run("mdti_paged_envelope.json", func(t *testing.T) {
		t.Parallel()
		got, err := mdti.DecodePassiveDNS(bytes.NewReader(read(t, "mdti_paged_envelope.json")), "contoso.com")
		if err != nil || len(got) != 0 {
			t.Fatalf("got %v, %v; want no records, no error", got, err)
		}
	})

	// Other Graph resources are collections too; as a host they are not
	// Graph's host shape, as articles they have neither id nor title.
	t.Run("mdti_host_reputation.json as a host", func(t *testing.T) {
		t.Parallel()
		h, err := mdti.DecodeHost(bytes.NewReader(read(t, "mdti_host_reputation.json")))
		// A reputation has an id; it reads as a host with no kind, which
		// the caller can tell from Kind.
		if err != nil || h.Kind != "hostReputation" {
			t.Fatalf("got %+v, %v", h, err)
		}
	})
	t.Run("mdti_whois_records.json as articles", func(t *testing.T) {
		t.Parallel()
		arts, err := mdti.DecodeArticles(bytes.NewReader(read(t, "mdti_whois_records.json")))
		if err != nil {
			t.Fatal(err)
		}
		if len(arts) != 1 || arts[0].Title != "" || arts[0].CreatedDate.Valid() {
			t.Errorf("a whois record read as an article should carry no title or date (the mapping skips it): %+v", arts)
		}
	})
}
