package enricher

import (
	"context"
	"fmt"
	"io"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/stix"
)

// datasetKinds are the saved bodies ConvertFiles maps with mapping.Dataset.
var datasetKinds = map[passivetotal.BodyKind]bool{
	passivetotal.KindWhois: true, passivetotal.KindWhoisHistory: true, passivetotal.KindCertificates: true,
	passivetotal.KindCertificateHistory: true, passivetotal.KindSubdomains: true, passivetotal.KindHostSummary: true,
	passivetotal.KindComponents: true, passivetotal.KindTrackers: true, passivetotal.KindCookies: true,
	passivetotal.KindHostPairs: true, passivetotal.KindServices: true, passivetotal.KindReputation: true,
}

// convertDataset converts one saved host dataset answer (read whole, bounded by
// passivetotal.MaxDecodeSize). The entity is given, or named by the answer (WHOIS,
// subdomains, summary, the first row of components, trackers and cookies); the other
// answers need -entity. Objects without a time of their own get a fixed one, so a saved
// answer always converts to the same bytes.
func (en *Enricher) convertDataset(ctx context.Context, r io.Reader, path string, given *mapping.Entity, tlp stix.TLP) error {
	_, v, err := passivetotal.Decode(r)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return en.convertAnswer(ctx, v, path, given, tlp)
}

// convertGraphDataset converts one saved Microsoft Graph host dataset body
// (mdti.DecodeDataset) as convertDataset does; the given entity fills the
// rows that name no host.
func (en *Enricher) convertGraphDataset(ctx context.Context, r io.Reader, path string, given *mapping.Entity, tlp stix.TLP) error {
	host := ""
	if given != nil {
		host = given.Value
	}
	v, err := mdti.DecodeDataset(r, host)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return en.convertAnswer(ctx, v, path, given, tlp)
}

// mapAnswer maps a decoded answer: mapping.Dataset, or mapping.Certificates
// for a host's certificates read from Graph.
func mapAnswer(me mapping.Entity, v any, opts mapping.HostOptions) (*mapping.Result, error) {
	if hc, ok := v.(*mdti.HostCertificates); ok {
		return mapping.Certificates(me, &hc.Certificates, &hc.History, opts)
	}
	return mapping.Dataset(me, v, opts)
}

func (en *Enricher) convertAnswer(ctx context.Context, v any, path string, given *mapping.Entity, tlp stix.TLP) error {
	// A zero entity, marked tlp, is named by the answer.
	e := WithTLP(mapping.Entity{}, tlp)
	if given != nil {
		e = WithTLP(*given, tlp)
	}
	opts := en.options(path).HostOptions()
	res, err := mapAnswer(e, v, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if given == nil {
		if e, err = entityOf(res.Objects[0]); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		e = WithTLP(e, tlp)
	}
	if ok, why := en.Allowed(e); !ok {
		en.log().Warn("entity skipped", "entity", e.String(), "file", path, "reason", why)
		en.emit(cli.Event{Kind: cli.ItemSkipped, Item: e.String(), Reason: "above the maximum TLP"})
		return nil
	}
	b, err := en.bundle(e, res)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := en.deliver(ctx, e, b); err != nil {
		return err
	}
	en.log().Info("saved answer converted", "file", path, "entity", e.String(), "objects", len(b.Objects))
	return nil
}

// entityOf returns the entity a mapping result is about (its first object).
func entityOf(o stix.Object) (mapping.Entity, error) {
	switch v := o.(type) {
	case *stix.DomainName:
		return mapping.Entity{Type: stix.TypeDomainName, Value: v.Value, ID: v.ID}, nil
	case *stix.IPv4Addr:
		return mapping.Entity{Type: stix.TypeIPv4Addr, Value: v.Value, ID: v.ID}, nil
	case *stix.IPv6Addr:
		return mapping.Entity{Type: stix.TypeIPv6Addr, Value: v.Value, ID: v.ID}, nil
	}
	return mapping.Entity{}, fmt.Errorf("the mapping is about a %s, not a domain or an address", o.Type())
}
