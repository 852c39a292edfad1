package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/stix"
)

// runItems imports Importer.Items, saving the state after each item.
func (im *Importer) runItems(ctx context.Context, tr *tracker, res *Counts, save func() error) error {
	lg := im.log()
	for it, err := range im.Items(ctx) {
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if it.Err != nil {
			res.ItemsSkipped++
			lg.Warn("item skipped", "item", it.Name, "reason", it.Err)
			im.emit(cli.Event{Kind: cli.ItemSkipped, Item: it.Name, Reason: shortReason(it.Err), Err: it.Err})
			continue
		}
		sent, err := im.deliver(ctx, tr, it.Name, it.Name, it.Mapped)
		if err != nil {
			return err
		}
		if sent == 0 {
			res.ItemsUnchanged++
			lg.Debug("item unchanged since it was sent", "item", it.Name)
			continue
		}
		res.ItemsSent++
		im.emit(cli.Event{Kind: cli.ItemDone, Item: it.Name})
		if err := save(); err != nil {
			return fmt.Errorf("save state: %w", err)
		}
	}
	return nil
}

// deliver writes m's bundles and its keyed bundles that changed, records
// the keyed ones' hashes in tr, and reports m's skips. It returns the number
// of bundles written.
func (im *Importer) deliver(ctx context.Context, tr *tracker, name, item string, m Mapped) (int, error) {
	streaming, _ := im.Sink.(cli.StreamingSink)
	write := func(o Output) error {
		var err error
		if streaming != nil && o.json != nil {
			// The bytes WriteBundle would encode, encoded ahead.
			err = streaming.StreamBundle(ctx, o.Kind, o.Name, func(w io.Writer) error {
				_, err := w.Write(o.json)
				return err
			})
		} else {
			err = im.Sink.WriteBundle(ctx, o.Kind, o.Name, o.Bundle)
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("%s: write bundle: %w", name, err)
		}
		im.emit(cli.Event{Kind: cli.BundleWritten, Item: item, Objects: cli.CountByType(o.Bundle)})
		return nil
	}
	n := 0
	for _, kb := range m.Keyed {
		h, err := ContentHash(kb.Bundle)
		if err != nil {
			return n, fmt.Errorf("%s: %s: %w", name, kb.Key, err)
		}
		if tr.bundles[kb.Key] == h {
			continue
		}
		if err := write(kb.Output); err != nil {
			return n, err
		}
		tr.bundles[kb.Key] = h
		n++
	}
	for _, b := range m.Bundles {
		if err := write(b); err != nil {
			return n, err
		}
		n++
	}
	for _, s := range m.Skips {
		im.log().Debug("indicator skipped", "guid", item, "item", s.Item, "reason", s.Reason)
		im.emit(cli.Event{Kind: cli.ObjectSkipped, Item: s.Item, Reason: s.Reason})
	}
	return n, nil
}

// ContentHash is the SHA-256 of a bundle as encoded (the encoding, content-derived ID
// included, is deterministic): the same content gives the same hash.
func ContentHash(b *stix.Bundle) (string, error) {
	data, err := b.MarshalJSON()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}
