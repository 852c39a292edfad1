package main

import (
	"context"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

func TestSimulatorServesGraph(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	ready := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-backend", "graph", "-addr", "127.0.0.1:0", "-articles", "7"}, cli.MapEnv(nil), &stdout, &stderr, func(u string) { ready <- u })
	}()
	var base string
	select {
	case base = <-ready:
	case code := <-done:
		t.Fatalf("exit %d before serving; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), mdtitest.DefaultClientSecret) || !strings.Contains(stdout.String(), base) {
		t.Errorf("banner does not give the URL and credentials:\n%s", stdout.String())
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
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d after cancel", code)
	}
}
