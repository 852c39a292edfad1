package main

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/backend"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/importer"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
)

// The -profiles settings and the object kinds profiles map to.
var (
	SetProfiles         = cli.Setting{Flag: "profiles", Env: []string{"PASSIVETOTAL_IMPORT_PROFILES"}}
	SetProfileActorsAs  = cli.Setting{Flag: "profile-actors-as", Env: []string{"PASSIVETOTAL_PROFILE_ACTORS_AS"}}
	SetProfileToolsAs   = cli.Setting{Flag: "profile-tools-as", Env: []string{"PASSIVETOTAL_PROFILE_TOOLS_AS"}}
	actorKinds          = []string{"intrusion-set", "threat-actor"}
	toolKinds           = []string{"malware", "tool"}
	profileCVEInArticle = regexp.MustCompile(`(?i)\bCVE-[0-9]{4}-[0-9]{4,}\b`)
)

// profileConfig is the -profiles part of the configuration.
type profileConfig struct {
	enabled           bool
	threatActor, tool bool // actors as threat-actor, tools as tool
}

func addProfileFlags(fs interface {
	Bool(name string, value bool, usage string) *bool
	String(name, value, usage string) *string
}) {
	fs.Bool("profiles", false, "Graph backend: also import the intelligence profiles (threat actors and tools), one bundle per profile with its indicators, and link articles to the profiles and CVEs they name (PASSIVETOTAL_IMPORT_PROFILES)")
	fs.String("profile-actors-as", "intrusion-set", "STIX type of actor profiles: intrusion-set or threat-actor (PASSIVETOTAL_PROFILE_ACTORS_AS)")
	fs.String("profile-tools-as", "malware", "STIX type of tool profiles: malware or tool (PASSIVETOTAL_PROFILE_TOOLS_AS)")
}

// resolveProfiles reads the -profiles settings; -profiles needs the Graph
// API (the PassiveTotal API and saved files have no profiles).
func resolveProfiles(r *cli.Resolver, c *config) profileConfig {
	p := profileConfig{enabled: r.Bool(SetProfiles, false)}
	p.threatActor = r.Choice(SetProfileActorsAs, actorKinds[0], actorKinds...) == "threat-actor"
	p.tool = r.Choice(SetProfileToolsAs, toolKinds[0], toolKinds...) == "tool"
	if !p.enabled {
		return p
	}
	_, from, _ := r.Lookup(SetProfiles)
	switch {
	case c.backend != backend.Graph:
		r.Fail(from, "profiles come from Microsoft Graph only: use -backend graph")
	case c.input != "":
		r.Fail(from, "profiles are read from the Graph API, not from -input files")
	}
	return p
}

// graphProfiles imports the profiles of a Graph client and links articles
// to the profiles and vulnerabilities they name. Each run rebuilds the
// links from the profiles read at its start.
type graphProfiles struct {
	client *mdti.Client
	popts  mapping.ProfileOptions
	vopts  mapping.VulnerabilityOptions
	log    *slog.Logger

	mu    sync.Mutex
	links *mapping.ArticleLinks
	vulns map[string]*graphVuln // CVE -> data; nil value: Graph has none
}

// graphVuln is a vulnerability an article names, as Graph gives it.
type graphVuln struct {
	v          mdti.Vulnerability
	components []mdti.VulnerabilityComponent
}

func newGraphProfiles(client *mdti.Client, pc profileConfig, mc mapConfig, log *slog.Logger) (*graphProfiles, error) {
	author := authorIdentity(mc.author)
	g := &graphProfiles{
		client: client, log: log,
		popts: mapping.ProfileOptions{
			Author: author, Policy: mc.policy, PublicTLP: mc.publicTLP, NonPublicTLP: mc.nonPublicTLP,
			NoObservables: !mc.observables, ThreatActor: pc.threatActor, Tool: pc.tool,
		},
		vopts: mapping.VulnerabilityOptions{Author: author, Policy: mc.policy, TLP: mc.nonPublicTLP},
	}
	if err := errors.Join(g.popts.Validate(), g.vopts.Validate()); err != nil {
		return nil, err
	}
	return g, nil
}

// Items lists the profiles, each with all its indicators, as one keyed
// bundle ("profile:<id>"), and records each as a link target.
func (g *graphProfiles) Items(ctx context.Context) iter.Seq2[importer.Item, error] {
	return func(yield func(importer.Item, error) bool) {
		links := &mapping.ArticleLinks{}
		g.mu.Lock()
		g.links, g.vulns = links, map[string]*graphVuln{}
		g.mu.Unlock()
		for p, err := range g.client.ListIntelProfiles(ctx, nil) {
			if err != nil {
				yield(importer.Item{}, fmt.Errorf("intelligence profiles: %w", err))
				return
			}
			var inds []mdti.IntelProfileIndicator
			for ind, err := range g.client.ListIntelProfileIndicators(ctx, p.ID) {
				if err != nil {
					yield(importer.Item{}, fmt.Errorf("profile %s: indicators: %w", p.ID, err))
					return
				}
				inds = append(inds, ind)
			}
			if !yield(g.profileItem(p, inds, links), nil) {
				return
			}
		}
	}
}

func (g *graphProfiles) profileItem(p mdti.IntelProfile, inds []mdti.IntelProfileIndicator, links *mapping.ArticleLinks) importer.Item {
	it := importer.Item{Name: "profile " + p.ID}
	r, err := mapping.Profile(p, inds, g.popts)
	if err == nil && len(r.Objects) == 0 {
		err = errors.New("nothing to convert")
		if len(r.Skips) > 0 {
			err = errors.New(r.Skips[0].String())
		}
	}
	if err != nil {
		it.Err = err
		return it
	}
	b, err := r.Bundle()
	if err != nil {
		it.Err = err
		return it
	}
	if err := links.AddProfile(p, g.popts); err != nil {
		g.log.Warn("profile not linkable from articles", "profile", p.ID, "error", err)
	}
	it.Mapped.Keyed = []importer.KeyedBundle{{Key: "profile:" + p.ID, Output: importer.Output{Kind: "profile", Name: p.ID, Bundle: b}}}
	it.Mapped.Skips = append(it.Mapped.Skips, r.Skips...)
	return it
}

// Source wraps the article source: before an article is yielded, the
// vulnerabilities it names (CVE tags, CVEs in its title or summary) are
// read from Graph, once per run each.
func (g *graphProfiles) Source(inner importer.Source) importer.Source {
	return func(ctx context.Context, since time.Time) iter.Seq2[passivetotal.Article, error] {
		return func(yield func(passivetotal.Article, error) bool) {
			for a, err := range inner(ctx, since) {
				if err == nil {
					err = g.readVulnerabilities(ctx, a)
				}
				if !yield(a, err) || err != nil {
					return
				}
			}
		}
	}
}

// articleCVEs are the CVEs an article names, upper-cased, in order.
func articleCVEs(a passivetotal.Article) []string {
	var out []string
	for _, s := range append(slices.Clone(a.Tags), a.Title, a.Summary) {
		for _, cve := range profileCVEInArticle.FindAllString(s, -1) {
			if cve = strings.ToUpper(cve); !slices.Contains(out, cve) {
				out = append(out, cve)
			}
		}
	}
	return out
}

func (g *graphProfiles) readVulnerabilities(ctx context.Context, a passivetotal.Article) error {
	for _, cve := range articleCVEs(a) {
		g.mu.Lock()
		_, known := g.vulns[cve]
		links := g.links
		g.mu.Unlock()
		if known || links == nil {
			continue
		}
		gv, arts, err := g.readVulnerability(ctx, cve)
		if err != nil {
			return fmt.Errorf("article %s: vulnerability %s: %w", a.GUID, cve, err)
		}
		g.mu.Lock()
		g.vulns[cve] = gv
		if gv != nil {
			if err := links.AddVulnerability(gv.v, arts, g.vopts); err != nil {
				g.log.Warn("vulnerability not linkable from articles", "cve", cve, "error", err)
			}
		}
		g.mu.Unlock()
	}
	return nil
}

// readVulnerability reads a CVE, its components and its articles; nil
// when Graph does not know it.
func (g *graphProfiles) readVulnerability(ctx context.Context, cve string) (*graphVuln, []mdti.VulnerabilityArticle, error) {
	v, _, err := g.client.GetVulnerability(ctx, cve)
	if errors.Is(err, mdti.ErrNotFound) {
		g.log.Debug("vulnerability unknown to Graph", "cve", cve)
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	gv := &graphVuln{v: *v}
	for c, err := range g.client.ListVulnerabilityComponents(ctx, cve) {
		if err != nil {
			return nil, nil, fmt.Errorf("components: %w", err)
		}
		gv.components = append(gv.components, c)
	}
	var arts []mdti.VulnerabilityArticle
	for a, err := range g.client.ListVulnerabilityArticles(ctx, cve) {
		if err != nil {
			return nil, nil, fmt.Errorf("articles: %w", err)
		}
		arts = append(arts, a)
	}
	return gv, arts, nil
}

// link adds to an article's result the profiles and vulnerabilities it
// names, and returns the keyed bundles of those vulnerabilities (each sent
// once, and again when it changes).
func (g *graphProfiles) link(res *mapping.Result, a passivetotal.Article) ([]importer.KeyedBundle, []mapping.Skip) {
	g.mu.Lock()
	defer g.mu.Unlock()
	mapping.LinkArticle(res, a, g.links)
	var out []importer.KeyedBundle
	var skips []mapping.Skip
	for _, cve := range articleCVEs(a) {
		gv := g.vulns[cve]
		if gv == nil {
			continue
		}
		b, vskips, err := mapping.VulnerabilityBundle(gv.v, gv.components, g.vopts)
		skips = append(skips, vskips...)
		if err != nil || b == nil {
			skips = append(skips, mapping.Skip{Item: "vulnerability " + cve, Reason: fmt.Sprint("no bundle: ", err)})
			continue
		}
		out = append(out, importer.KeyedBundle{Key: "vulnerability:" + cve, Output: importer.Output{Kind: "vulnerability", Name: cve, Bundle: b}})
	}
	return out, skips
}
