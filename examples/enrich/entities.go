package main

import (
	"io"
	"iter"
	"os"
	"slices"

	"github.com/ptstix/passivetotal/examples/internal/backend"
	"github.com/ptstix/passivetotal/examples/internal/enricher"
)

// entityList yields the -entity values, then the -entities list; -demo alone enriches
// example.com.
func entityList(c *config, stdin io.Reader) (iter.Seq2[enricher.Line, error], func(), error) {
	var r io.Reader
	closeFn := func() {}
	switch c.entitiesFile {
	case "":
	case "-":
		r = stdin
	default:
		f, err := os.Open(c.entitiesFile)
		if err != nil {
			return nil, nil, err
		}
		r, closeFn = f, func() { f.Close() }
	}
	given := c.entities
	if c.demo && len(given) == 0 && r == nil {
		for _, s := range demoEntities(c.datasets) {
			e, _ := enricher.ParseEntity(s)
			given = append(given, enricher.WithTLP(e, c.entityTLP))
		}
	}
	return func(yield func(enricher.Line, error) bool) {
		for i, e := range given {
			if !yield(enricher.Line{N: i + 1, Text: e.String(), Entity: e}, nil) {
				return
			}
		}
		if r == nil {
			return
		}
		for l, err := range enricher.ReadEntities(r) {
			if err == nil && l.Err == nil {
				l.Entity = enricher.WithTLP(l.Entity, c.entityTLP)
			}
			if !yield(l, err) {
				return
			}
		}
	}, closeFn, nil
}

// demoEntities are what -demo enriches when no entity is given: example.com, plus an
// address of the simulator and a host it rates malicious when datasets beyond passive
// DNS are asked for, so that every object type the datasets map shows up.
func demoEntities(datasets []backend.DatasetName) []string {
	if slices.Equal(datasets, backend.DefaultDatasets) {
		return []string{"domain-name:example.com"}
	}
	return []string{"domain-name:example.com", "domain-name:malicious.example.com", "ipv4-addr:203.0.113.10"}
}

func datasetNames() []string {
	names := make([]string, len(backend.AllDatasets))
	for i, d := range backend.AllDatasets {
		names[i] = string(d)
	}
	return names
}
