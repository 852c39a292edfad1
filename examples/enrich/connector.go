package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/connmode"
	"github.com/ptstix/passivetotal/examples/internal/enricher"
	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/opencti"
	"github.com/ptstix/passivetotal/stix"
)

// connectorDefaults is what the enricher registers as unless CONNECTOR_* settings say
// otherwise. The scope uses OpenCTI's type names (the old fragment's "domain,
// ipv4-address" matched nothing).
var connectorDefaults = opencti.Config{
	Type:  opencti.TypeInternalEnrichment,
	Name:  "PassiveTotal passive DNS",
	Scope: []string{"IPv4-Addr", "IPv6-Addr", "Domain-Name"},
}

// runConnector runs the enricher as an OpenCTI INTERNAL_ENRICHMENT connector until ctx
// is done: each request on the listen queue is checked (scope, maximum TLP) by the
// runtime, enriched with the passive DNS of the window, mapped with the entity's own
// standard ID as the relationships' end, and its bundle pushed with the request's work
// id (the runtime copies granted_refs). It returns the exit code.
func runConnector(ctx context.Context, c *config, en *enricher.Enricher, m *metrics.Metrics,
	log *slog.Logger, stderr io.Writer, h hooks) int {
	conn, _, code := connmode.Start(ctx, c.settings, connectorDefaults, m, log, stderr, h.connector...)
	if conn == nil {
		return code
	}
	// The runtime checks the maximum TLP on the request (object_marking_refs and
	// markings in stix_objects); the enricher's own check would only repeat it.
	en.MaxTLP = 0
	obs := en.Observer
	err := conn.RunEnricher(ctx, opencti.EnricherOptions{MaxTLP: c.maxTLP}, func(ctx context.Context, req *opencti.EnrichmentRequest) ([]byte, string, error) {
		return enrichRequest(ctx, en, obs, req)
	})
	connmode.Close(ctx, conn, log)
	if err != nil && !(errors.Is(err, context.Canceled) && ctx.Err() != nil) {
		log.Error("enrichment connector stopped", "error", err)
		return cli.ExitFailure
	}
	return 0
}

// enrichRequest handles one request; each is a run for the observers (metrics count
// it, the summary counts its entity).
func enrichRequest(ctx context.Context, en *enricher.Enricher, obs cli.Observer, req *opencti.EnrichmentRequest) (bundle []byte, summary string, err error) {
	emit := func(e cli.Event) {
		if obs != nil {
			obs.Observe(e)
		}
	}
	emit(cli.Event{Kind: cli.RunStarted})
	defer func() {
		var skip *opencti.SkipError
		if errors.As(err, &skip) {
			emit(cli.Event{Kind: cli.RunFinished})
			return
		}
		emit(cli.Event{Kind: cli.RunFinished, Err: err})
	}()
	e, err := requestEntity(req)
	if err != nil {
		emit(cli.Event{Kind: cli.ItemSkipped, Item: req.EntityID, Reason: "not a domain or IP entity", Err: err})
		return nil, "", opencti.Skip(err.Error())
	}
	b, err := en.Enrich(ctx, e)
	if err != nil {
		emit(cli.Event{Kind: cli.ItemSkipped, Item: e.String(), Reason: enricher.FailureReason(err), Err: err})
		if errors.Is(err, passivetotal.ErrNotFound) {
			return nil, "", opencti.Skip("PassiveTotal has no passive DNS for " + e.Value)
		}
		return nil, "", err
	}
	data, err := b.MarshalJSON()
	if err != nil {
		emit(cli.Event{Kind: cli.ItemSkipped, Item: e.String(), Reason: "bundle encoding", Err: err})
		return nil, "", err
	}
	counts := cli.CountByType(b)
	emit(cli.Event{Kind: cli.BundleWritten, Item: e.String(), Objects: counts})
	emit(cli.Event{Kind: cli.ItemDone, Item: e.String()})
	return data, fmt.Sprintf("%s: %d resolution(s), %d object(s) sent", e.String(), counts["relationship"], len(b.Objects)), nil
}

// requestEntity turns the request's stix_entity into the enricher's entity, with the
// platform's standard_id as its ID so the new relationships point at the entity OpenCTI
// holds, and its TLP as the floor of the new objects' marking.
func requestEntity(req *opencti.EnrichmentRequest) (mapping.Entity, error) {
	if req.Entity == nil {
		return mapping.Entity{}, errors.New("the request carries no stix_entity (platform older than 5.7?)")
	}
	var typ string
	switch req.Entity.Type {
	case stix.TypeDomainName, stix.TypeIPv4Addr, stix.TypeIPv6Addr:
		typ = req.Entity.Type
	case "hostname": // OpenCTI's Hostname observable
		typ = stix.TypeDomainName
	default:
		return mapping.Entity{}, fmt.Errorf("entity type %s is not a domain or an IP address", req.Entity.Type)
	}
	me, err := mapping.NewEntity(req.Entity.Value)
	if err != nil || (me.Type != typ) {
		return mapping.Entity{}, fmt.Errorf("%s %q is not a valid %s", req.Entity.Type, req.Entity.Value, typ)
	}
	e := mapping.Entity{Type: me.Type, Value: me.Value, ID: req.Entity.ID}
	if req.EntityID != "" {
		e.ID = req.EntityID
	}
	return enricher.WithTLP(e, opencti.EntityTLP(req)), nil
}
