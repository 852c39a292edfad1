package main

import (
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

func TestSimulatorServesGraph(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	sim := startSimulator(t, "-backend", "graph", "-articles", "7")
	base := sim.base
	if out := sim.stdout.String(); !strings.Contains(out, mdtitest.DefaultClientSecret) || !strings.Contains(out, base) {
		t.Errorf("banner does not give the URL and credentials:\n%s", out)
	}
	root := strings.TrimSuffix(base, mdtitest.BasePath)
	c, err := mdti.NewClient(mdti.WithBaseURL(base), mdti.WithTokenURL(root+"/{tenant}/oauth2/v2.0/token"),
		mdti.WithClientCredentials(mdtitest.DefaultTenantID, mdtitest.DefaultClientID, mdtitest.DefaultClientSecret))
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	n := 0
	for _, err := range c.ListArticles(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 7 {
		t.Errorf("%d articles, want 7", n)
	}
	sim.Stop(t)
}
