package mdti_test

import (
	"context"
	"testing"

	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

func TestSmoke(t *testing.T) {
	t.Parallel()
	_, c := start(t, mdtitest.Config{})
	ctx := context.Background()
	n := 0
	for a, err := range c.ListArticles(ctx, &mdti.ArticleListOptions{Indicators: true}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 1 {
			t.Logf("%+v", a)
		}
	}
	t.Logf("%d articles", n)
	m := 0
	for r, err := range c.PassiveDNS(ctx, "contoso.com", nil) {
		if err != nil {
			t.Fatal(err)
		}
		if m == 0 {
			t.Logf("%+v", r)
		}
		m++
	}
	t.Logf("%d records", m)
	h, resp, err := c.GetHost(ctx, "20.103.85.33")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v %d %+v", h, resp.Attempts, h.AutonomousSystem)
}
