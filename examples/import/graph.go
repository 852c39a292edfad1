package main

import (
	"log/slog"

	"github.com/ptstix/passivetotal/examples/internal/backend"
	"github.com/ptstix/passivetotal/examples/internal/importer"
	"github.com/ptstix/passivetotal/mdti"
)

// openGraphSource returns the article source of the Graph backend (the
// built-in Graph simulator with -demo), its client and its Close.
func openGraphSource(c *config, log *slog.Logger, extra ...mdti.Option) (importer.Source, *mdti.Client, func(), error) {
	client, closeFn, err := backend.NewGraphClient(c.graph, log, extra...)
	if err != nil {
		return nil, nil, nil, err
	}
	return backend.ArticleSource(client), client, func() {
		client.CloseIdleConnections()
		closeFn()
	}, nil
}
