package passivetotal_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"

	pt "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/internal/testkit"
	"github.com/ptstix/passivetotal/pttest"
	"golang.org/x/time/rate"
)

// TestDatasetMethods calls every host dataset method against the
// simulator and checks that each answer decodes to something, each request
// spends exactly one search per page, and a host the datasets do not know
// is ErrNotFound.
func TestDatasetMethods(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const domain, ip = "www.example-shop.com", "203.0.113.10"
	tests := []struct {
		name     string
		searches int
		call     func(c *pt.Client, host string) (int, error)
		host     string
	}{
		{"Whois", 1, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.Whois(ctx, h)
			return lenOf(r, err, func() int { return len(r.Contacts) })
		}, domain},
		{"WhoisHistory", 1, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.WhoisHistory(ctx, h)
			return lenOf(r, err, func() int { return len(r.Results) })
		}, domain},
		{"SearchCertificates", 1, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.SearchCertificates(ctx, "name", h)
			return lenOf(r, err, func() int { return len(r.Results) })
		}, domain},
		{"Certificate", 1, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.Certificate(ctx, h)
			return lenOf(r, err, func() int { return len(r.Results) })
		}, "E7:D9:5A:6A:1B:1C:D8:A5:C2:D4:A0:F4:C1:F1:B3:A6:E3:C0:B2:D1"},
		{"CertificateHistory", 1, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.CertificateHistory(ctx, h)
			return lenOf(r, err, func() int { return len(r.Results) })
		}, ip},
		{"HostSummary", 1, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.HostSummary(ctx, h)
			return lenOf(r, err, func() int { return int(r.AutonomousSystemNumber) })
		}, ip},
		{"Subdomains", 1, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.Subdomains(ctx, h)
			return lenOf(r, err, func() int { return len(r.Subdomains) })
		}, domain},
		{"Components", 1, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.Components(ctx, h, nil)
			return lenOf(r, err, func() int { return len(r.Results) })
		}, domain},
		{"Trackers", 1, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.Trackers(ctx, h, nil)
			return lenOf(r, err, func() int { return len(r.Results) })
		}, domain},
		{"Cookies", 1, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.Cookies(ctx, h, nil)
			return lenOf(r, err, func() int { return len(r.Results) })
		}, domain},
		{"HostPairs", 2, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.HostPairs(ctx, h, nil)
			return lenOf(r, err, func() int { return len(r.Results) })
		}, domain},
		{"Services", 1, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.Services(ctx, h)
			return lenOf(r, err, func() int { return len(r.Results) })
		}, ip},
		{"Reputation", 1, func(c *pt.Client, h string) (int, error) {
			r, _, err := c.Reputation(ctx, h)
			return lenOf(r, err, func() int { return len(r.Rules) })
		}, domain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sim := pttest.StartTB(t, pttest.Config{})
			c := newSimClient(t, sim)
			n, err := tt.call(c, tt.host)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Error("the answer decoded to nothing")
			}
			if used, _ := sim.Quota(); used != tt.searches {
				t.Errorf("spent %d searches, want %d", used, tt.searches)
			}
			unknown := "nodata.example.com"
			switch tt.host {
			case ip:
				unknown = "192.0.2.1"
			case domain:
			default:
				return // a fingerprint: the simulator knows them all
			}
			if _, err := tt.call(c, unknown); !errors.Is(err, pt.ErrNotFound) {
				t.Errorf("unknown host: err = %v, want ErrNotFound", err)
			}
		})
	}
}

func lenOf[T any](v *T, err error, n func() int) (int, error) {
	if err != nil || v == nil {
		return 0, err
	}
	return n(), nil
}

// TestHostAttributePages walks host-attribute answers of one row per page:
// every page is requested (and spends a search), the rows arrive in order,
// and breaking out of the sequence stops the requests.
func TestHostAttributePages(t *testing.T) {
	t.Parallel()
	sim := pttest.StartTB(t, pttest.Config{HostAttributesPageSize: 1})
	c := newSimClient(t, sim)
	all, _, err := c.Components(context.Background(), "www.example-shop.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Results) < 2 || all.TotalRecords != len(all.Results) {
		t.Fatalf("components: %d rows, total %d", len(all.Results), all.TotalRecords)
	}
	if used, _ := sim.Quota(); used != len(all.Results) {
		t.Errorf("spent %d searches for %d pages", used, len(all.Results))
	}
	i := 0
	for row, err := range c.ListComponents(context.Background(), "www.example-shop.com", nil) {
		if err != nil {
			t.Fatal(err)
		}
		if row != all.Results[i] {
			t.Errorf("row %d = %+v, want %+v", i, row, all.Results[i])
		}
		i++
		break
	}
	if used, _ := sim.Quota(); used != len(all.Results)+1 {
		t.Errorf("breaking after the first row: %d searches in all, want %d", used, len(all.Results)+1)
	}
}

// TestDatasetQueriesRefused: a query a dataset cannot take is an
// *InvalidQueryError and spends nothing.
func TestDatasetQueriesRefused(t *testing.T) {
	t.Parallel()
	sim := pttest.StartTB(t, pttest.Config{})
	c := newSimClient(t, sim)
	ctx := context.Background()
	calls := map[string]func() error{
		"whois of junk":        func() error { _, _, err := c.Whois(ctx, "not a host"); return err },
		"services of a domain": func() error { _, _, err := c.Services(ctx, "example.com"); return err },
		"short SHA-1":          func() error { _, _, err := c.Certificate(ctx, "abc"); return err },
		"history of junk":      func() error { _, _, err := c.CertificateHistory(ctx, "example.com"); return err },
		"pairs sideways":       func() error { _, _, err := c.HostPairsDirection(ctx, "example.com", "sideways", nil); return err },
		"empty search":         func() error { _, _, err := c.SearchCertificates(ctx, "name", " "); return err },
	}
	for name, call := range calls {
		var ie *pt.InvalidQueryError
		if err := call(); !errors.As(err, &ie) {
			t.Errorf("%s: err = %v, want *InvalidQueryError", name, err)
		}
	}
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestHostAttributesLyingServer: a server that ignores the page parameter
// and announces more rows than it ever sends is caught (ErrRepeatedPage),
// after two requests, not walked forever.
func TestHostAttributesLyingServer(t *testing.T) {
	t.Parallel()
	srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"totalRecords":1000000,"success":true,"results":[{"hostname":"a.example","cookieName":"x","cookieDomain":"a.example"}]}`)
	}))
	c, err := pt.NewClient("u@example.com", "key", pt.WithBaseURL(srv.URL), pt.WithRateLimit(rate.Inf, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Cookies(context.Background(), "a.example", nil)
	if !errors.Is(err, pt.ErrRepeatedPage) {
		t.Fatalf("err = %v, want ErrRepeatedPage", err)
	}
	if n := srv.Count(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}
