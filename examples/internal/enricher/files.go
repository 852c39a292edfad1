package enricher

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"strings"

	"github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/stix"
)

// errNotPassiveDNS marks an input file of a kind the enricher does not convert (neither
// passive DNS nor a host dataset); it is left out, not a failure.
var errNotPassiveDNS = errors.New("not a passive DNS answer or a host dataset answer")

// ConvertFiles converts saved GET /dns/passive response bodies, and saved bodies of the
// host dataset endpoints (WHOIS, certificates, host attributes, ...: the kind is
// sniffed), instead of calling the API: path is one file or a directory tree of *.json
// files (name order), one bundle per file. The entity is the answer's queryValue, unless given (for a single file whose
// body lost it). tlp is the marking the saved entities are taken to carry (0: none); the
// maximum TLP applies to it as to any entity.
//
// Records are streamed: a file of a million records is read in bounded memory (the
// mapping keeps only the most recent relationships, see mapping.PassiveDNSOptions).
// A file of another kind is logged and left out; a broken file is a skip and the
// conversion goes on with the next one.
func (en *Enricher) ConvertFiles(ctx context.Context, path string, given *mapping.Entity, tlp stix.TLP) error {
	files, err := cli.ListJSON(path)
	if err != nil {
		return err
	}
	en.emit(cli.Event{Kind: cli.RunStarted})
	failed := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			en.emit(cli.Event{Kind: cli.RunFinished, Err: err})
			return err
		}
		err := en.convertFile(ctx, f, given, tlp)
		switch {
		case err == nil:
		case errors.Is(err, errNotPassiveDNS):
			en.log().Warn("input file is not a passive DNS or dataset answer; left out", "file", f, "reason", err)
		case ctx.Err() != nil:
			en.emit(cli.Event{Kind: cli.RunFinished, Err: ctx.Err()})
			return ctx.Err()
		case errors.As(err, new(*OutputError)):
			// The input was fine; the output cannot take more (disk full, closed
			// stdout): the next files would fail the same way.
			en.log().Error("output not written; conversion stopped", "file", f, "error", err)
			en.emit(cli.Event{Kind: cli.ItemSkipped, Item: f, Reason: "output not written", Err: err})
			en.emit(cli.Event{Kind: cli.RunFinished, Err: err})
			return err
		default:
			failed++
			en.log().Error("input file not converted", "file", f, "error", err)
			en.emit(cli.Event{Kind: cli.ItemSkipped, Item: f, Reason: "unreadable input file", Err: err})
		}
	}
	if failed > 0 {
		err = fmt.Errorf("%d input files could not be converted (see the log)", failed)
	}
	en.emit(cli.Event{Kind: cli.RunFinished, Err: err})
	return err
}

// convertFile converts one saved answer.
func (en *Enricher) convertFile(ctx context.Context, path string, given *mapping.Entity, tlp stix.TLP) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	kind, err := passivetotal.SniffBody(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if kind == passivetotal.KindUnknown || datasetKinds[kind] {
		// A Graph body of a host dataset is read whole anyway: ask mdti first.
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if res, err := mdti.SniffDataset(f); err == nil && res != "" {
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return err
			}
			return en.convertGraphDataset(ctx, f, path, given, tlp)
		}
	}
	if datasetKinds[kind] {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		return en.convertDataset(ctx, f, path, given, tlp)
	}
	if kind != passivetotal.KindPassiveDNS {
		// Left out only when whole: a truncated body of another kind is a broken file
		// (it may have been meant for this run), not one to pass over in silence.
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if err := cli.CheckJSON(f); err != nil {
			return fmt.Errorf("%s: %s body: %w", path, kind, err)
		}
		return fmt.Errorf("%w (%s)", errNotPassiveDNS, kind)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return en.convert(ctx, f, path, func() (io.Reader, error) {
		_, err := f.Seek(0, io.SeekStart)
		return f, err
	}, given, tlp)
}

// ConvertReader converts one saved passive DNS answer read from r, in one pass: the
// entity is given, or the answer's queryValue must come before its results (as in the
// files the SDK's generator writes; the real API put it last, which ConvertFiles handles
// by reading the file twice).
func (en *Enricher) ConvertReader(ctx context.Context, r io.Reader, name string, given *mapping.Entity, tlp stix.TLP) error {
	return en.convert(ctx, r, name, nil, given, tlp)
}

// convert maps one answer from r; reopen, when not nil, gives the answer again from its
// start when the entity is only known at its end.
func (en *Enricher) convert(ctx context.Context, r io.Reader, path string, reopen func() (io.Reader, error), given *mapping.Entity, tlp stix.TLP) error {
	var err error
	br := bufio.NewReaderSize(r, 64<<10)
	var e mapping.Entity
	if given == nil {
		// The common case: queryValue before the results, in the first 64 kB.
		prefix, _ := br.Peek(64 << 10)
		if v, ok := headerQueryValue(prefix); ok {
			if e, err = ParseEntity(v); err != nil {
				return fmt.Errorf("%s: queryValue: %w", path, err)
			}
			given = &e
		}
	}
	hdr, seq := passivetotal.PassiveDNSRecords(br)
	if given != nil {
		// One pass, no pulling: the entity is known before the first record.
		return en.mapStream(ctx, path, *given, tlp, seq)
	}
	next, stop := iter.Pull2(seq)
	defer stop()
	first, firstErr, haveFirst := next()

	switch {
	case hdr.QueryValue != "":
		e, err = ParseEntity(hdr.QueryValue)
	case reopen == nil:
		return fmt.Errorf("%s: queryValue does not come before the results; give the entity", path)
	default:
		// queryValue comes after the results (the real API's key order): read the file
		// once to the end for it, then again for the records.
		for haveFirst && firstErr == nil {
			_, firstErr, haveFirst = next()
		}
		if firstErr != nil {
			return fmt.Errorf("%s: %w", path, firstErr)
		}
		stop()
		if hdr.QueryValue == "" {
			return fmt.Errorf("%s: the answer names no queryValue; give the entity with -entity", path)
		}
		if e, err = ParseEntity(hdr.QueryValue); err != nil {
			break
		}
		again, err := reopen()
		if err != nil {
			return err
		}
		_, seq = passivetotal.PassiveDNSRecords(again)
		next, stop = iter.Pull2(seq)
		defer stop()
		first, firstErr, haveFirst = next()
	}
	if err != nil {
		return fmt.Errorf("%s: queryValue: %w", path, err)
	}
	return en.mapStream(ctx, path, e, tlp, func(yield func(passivetotal.DNSRecord, error) bool) {
		rec, rerr, ok := first, firstErr, haveFirst
		for ok {
			if !yield(rec, rerr) || rerr != nil {
				return
			}
			rec, rerr, ok = next()
		}
	})
}

// mapStream maps the records of one answer about e and delivers its bundle.
func (en *Enricher) mapStream(ctx context.Context, path string, e mapping.Entity, tlp stix.TLP, seq iter.Seq2[passivetotal.DNSRecord, error]) error {
	e = WithTLP(e, tlp)
	if ok, why := en.Allowed(e); !ok {
		en.log().Warn("entity skipped", "entity", e.String(), "file", path, "reason", why)
		en.emit(cli.Event{Kind: cli.ItemSkipped, Item: e.String(), Reason: "above the maximum TLP"})
		return nil
	}
	n := 0
	records := func(yield func(passivetotal.DNSRecord, error) bool) {
		for rec, rerr := range seq {
			if n++; n%4096 == 0 && ctx.Err() != nil {
				yield(passivetotal.DNSRecord{}, ctx.Err())
				return
			}
			if !yield(rec, rerr) || rerr != nil {
				return
			}
		}
	}
	if sink, ok := en.streamingSink(); ok {
		counts, err := en.streamEntity(ctx, sink, e, prefetch(records))
		if err != nil {
			if errors.As(err, new(*OutputError)) || ctx.Err() != nil {
				return err
			}
			return fmt.Errorf("%s: %w", path, err)
		}
		objects := 0
		for _, c := range counts {
			objects += c
		}
		en.log().Info("saved answer converted", "file", path, "entity", e.String(), "records", n, "objects", objects)
		return nil
	}
	res, err := mapping.PassiveDNSRecords(e, records, en.options(e.String()))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	b, err := en.bundle(e, res)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := en.deliver(ctx, e, b); err != nil {
		return err
	}
	en.log().Info("saved answer converted", "file", path, "entity", e.String(), "records", n, "objects", len(b.Objects))
	return nil
}

// headerQueryValue finds a top-level "queryValue" that comes before "results" in the
// start of an answer, without decoding the records.
func headerQueryValue(prefix []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(prefix))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", false
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return "", false
		}
		// Keys match as the passive DNS decoders match them (encoding/json's rule).
		key, _ := kt.(string)
		switch {
		case strings.EqualFold(key, "results"):
			return "", false
		case strings.EqualFold(key, "queryValue"):
			var v string
			if err := dec.Decode(&v); err != nil {
				return "", false
			}
			return v, v != ""
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return "", false
		}
	}
	return "", false
}
