package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/stix"
)

// runItems imports Importer.Items through w: an item is recorded (the state saved)
// once its bundles that changed are delivered.
func (im *Importer) runItems(ctx context.Context, tr *tracker, res *Counts, w *window) error {
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
			err := w.add(&slot{commit: func() {
				res.ItemsSkipped++
				lg.Warn("item skipped", "item", it.Name, "reason", it.Err)
				im.emit(cli.Event{Kind: cli.ItemSkipped, Item: it.Name, Reason: shortReason(it.Err), Err: it.Err})
			}})
			if err != nil {
				return err
			}
			continue
		}
		outs, keyed, err := im.outputs(tr, it.Name, it.Mapped)
		if err != nil {
			return err
		}
		s := &slot{name: it.Name, item: it.Name, outs: outs, keyed: keyed}
		skips := it.Mapped.Skips
		if len(outs) == 0 {
			s.commit = func() {
				im.skipped(it.Name, skips)
				res.ItemsUnchanged++
				lg.Debug("item unchanged since it was sent", "item", it.Name)
			}
		} else {
			st := tr.state()
			s.state = &st
			s.commit = func() {
				im.skipped(it.Name, skips)
				res.ItemsSent++
				im.emit(cli.Event{Kind: cli.ItemDone, Item: it.Name})
			}
		}
		if err := w.add(s); err != nil {
			return err
		}
	}
	return nil
}

// outputs returns the bundles of m to write: its keyed bundles that changed, then its
// bundles, and the keys and hashes of the keyed ones (the first len(keyed) outputs). It
// records those hashes in tr, which runs ahead of the delivery: the state that names
// them is saved only once they are delivered.
func (im *Importer) outputs(tr *tracker, name string, m Mapped) ([]Output, []keyedHash, error) {
	outs := make([]Output, 0, len(m.Keyed)+len(m.Bundles))
	var keyed []keyedHash
	for _, kb := range m.Keyed {
		h, err := ContentHash(kb.Bundle)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %s: %w", name, kb.Key, err)
		}
		if tr.bundles[kb.Key] == h {
			continue
		}
		tr.bundles[kb.Key] = h
		outs = append(outs, kb.Output)
		keyed = append(keyed, keyedHash{key: kb.Key, hash: h})
	}
	return append(outs, m.Bundles...), keyed, nil
}

// keyedHash is the key and content hash of a keyed bundle on its way to the sink.
type keyedHash struct{ key, hash string }

// write hands one bundle to the sink: its JSON when the mapping worker encoded it and
// the sink streams, else the bundle.
func (im *Importer) write(ctx context.Context, name string, o Output) error {
	var err error
	if streaming, ok := im.Sink.(cli.StreamingSink); ok && o.json != nil {
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
	return nil
}

// skipped reports the indicators an item or article left out.
func (im *Importer) skipped(item string, skips []mapping.Skip) {
	for _, s := range skips {
		im.log().Debug("indicator skipped", "guid", item, "item", s.Item, "reason", s.Reason)
		im.emit(cli.Event{Kind: cli.ObjectSkipped, Item: s.Item, Reason: s.Reason})
	}
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
