package main

import (
	"errors"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/importer"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/stix"
)

// newMapper returns the importer's MapFunc for the configured mapping options. It maps
// one empty article first so invalid options surface at start, as a configuration
// error, rather than as one skip per article.
// With profiles (-profiles), each article's report also references the
// profiles and vulnerabilities it names, and the bundles of those
// vulnerabilities go with it.
func newMapper(c mapConfig, profiles *graphProfiles) (importer.MapFunc, error) {
	opts := mapping.ArticleOptions{
		Policy:        c.policy,
		PublicTLP:     c.publicTLP,
		NonPublicTLP:  c.nonPublicTLP,
		NoObservables: !c.observables,
		Author:        authorIdentity(c.author),
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	return func(a passivetotal.Article) (importer.Mapped, error) {
		r, err := mapping.Article(a, opts)
		if err != nil {
			return importer.Mapped{}, err
		}
		var m importer.Mapped
		if profiles != nil && len(r.Objects) > 0 {
			var skips []mapping.Skip
			m.Keyed, skips = profiles.link(r, a)
			m.Skips = append(m.Skips, skips...)
		}
		m.Skips = append(m.Skips, r.Skips...)
		if len(r.Objects) == 0 {
			if len(r.Skips) > 0 {
				return m, errors.New(r.Skips[0].Reason)
			}
			return m, errors.New("nothing to convert")
		}
		b, err := r.Bundle()
		if err != nil {
			return m, err
		}
		name := a.GUID
		if name == "" {
			name = "no-guid-" + b.ContentID()
		}
		m.Bundles = []importer.Output{{Kind: "article", Name: name, Bundle: b}}
		return m, nil
	}, nil
}

// authorIdentity is the -author organization; nil for the default.
func authorIdentity(name string) *stix.Identity {
	if name == "" {
		return nil
	}
	return &stix.Identity{Name: name, IdentityClass: "organization"}
}
