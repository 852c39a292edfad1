package passivetotal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/ptstix/passivetotal/internal/jsonscan"
)

// PassiveDNSRecords streams a passive DNS body (GET /dns/passive) one
// record at a time, never holding the whole results list: memory stays
// bounded by MaxRecordSize whatever the number of records.
//
// It returns the envelope and the records. The envelope's Results is always
// nil; its other fields are filled as the sequence reads them: fields that
// come before "results" in the body (the API's usual order) are set before
// the first record is yielded, fields after it once the sequence has ended.
//
// The sequence reads r once: it can be ranged over only once (a second
// range yields an error). It stops at the first error (malformed JSON, a
// value over MaxRecordSize as a DecodeTooLarge *DecodeError, an API error
// body as *BodyError, a second results list); an odd
// timestamp in a record is not an error (see Time).
func PassiveDNSRecords(r io.Reader) (*PassiveDNS, iter.Seq2[DNSRecord, error]) {
	hdr := new(PassiveDNS)
	used := false
	seq := func(yield func(DNSRecord, error) bool) {
		if used {
			yield(DNSRecord{}, errors.New("passivetotal: PassiveDNSRecords sequence already consumed"))
			return
		}
		used = true
		if err := streamPassiveDNS(r, hdr, yield); err != nil && !errors.Is(err, errStopped) {
			yield(DNSRecord{}, err)
		}
	}
	return hdr, seq
}

// errStopped signals that the consumer broke out of the loop.
var errStopped = errors.New("stopped")

func streamPassiveDNS(r io.Reader, hdr *PassiveDNS, yield func(DNSRecord, error) bool) error {
	z := &dnsStream{r: r, d: dnsDecoder{s: scanner{jsonscan.Scanner{B: make([]byte, 0, streamFirstRead), More: true}}}}
	s := &z.d.s
	c, err := z.peek()
	switch {
	case err == jsonscan.ErrEOF:
		return fmt.Errorf("passivetotal: passive DNS body is not JSON: %w", io.EOF)
	case err != nil:
		return fmt.Errorf("passivetotal: passive DNS body is not JSON: %w", z.syntax(err))
	case c == '{':
		s.I++
	case strings.IndexByte(`["-0123456789tfn`, c) >= 0:
		return errors.New("passivetotal: passive DNS body is not a JSON object")
	default:
		return fmt.Errorf("passivetotal: passive DNS body is not JSON: %w", jsonscan.SyntaxError(s.B[s.I:]))
	}
	if c, err := z.peek(); err != nil {
		return z.syntax(err)
	} else if c == '}' {
		s.I++
		return nil
	}
	seenResults := false
	for {
		key, err := z.key()
		if err != nil {
			return err
		}
		if err := z.expect(':'); err != nil {
			return err
		}
		// Keys match as encoding/json matches them (the whole-body decoder is
		// the reference): case-insensitively, with Unicode simple folding.
		key = canonicalHeaderKey(key)
		if key == "results" {
			// encoding/json keeps the last of two lists; records of the
			// first are yielded already and cannot be taken back.
			if seenResults {
				return errors.New("passivetotal: passive DNS body has more than one results list")
			}
			seenResults = true
			if err := z.records(yield); err != nil {
				return err
			}
		} else {
			raw, err := z.value()
			if err != nil {
				return err
			}
			if err := setHeaderField(hdr, key, raw); err != nil {
				return err
			}
		}
		c, err := z.peek()
		if err != nil {
			return z.syntax(err)
		}
		s.I++
		switch c {
		case ',':
		case '}':
			return nil // what follows the object is not read (json.Decoder does the same)
		default:
			s.I--
			return z.syntax(jsonscan.ErrBad)
		}
	}
}

// headerKeys are the passive DNS envelope's keys, as the API spells them.
var headerKeys = [...]string{"results", "error", "queryValue", "queryType", "firstSeen", "lastSeen", "totalRecords", "pager"}

// canonicalHeaderKey returns the envelope key that key matches the way
// encoding/json matches a struct field's name (strings.EqualFold), or key
// itself when it matches none.
func canonicalHeaderKey(key string) string {
	for _, k := range headerKeys {
		if key == k || strings.EqualFold(key, k) {
			return k
		}
	}
	return key
}

// setHeaderField decodes one envelope field into hdr, leniently.
func setHeaderField(hdr *PassiveDNS, key string, raw json.RawMessage) error {
	var err error
	switch key {
	case "error":
		if string(raw) != "null" {
			// Reuse the whole-body error reader on a one-field object.
			return errorBody(append(append([]byte(`{"error":`), raw...), '}'), KindPassiveDNS)
		}
	case "queryValue":
		var s flexString
		err = json.Unmarshal(raw, &s)
		hdr.QueryValue = string(s)
	case "queryType":
		var s flexString
		err = json.Unmarshal(raw, &s)
		hdr.QueryType = string(s)
	case "firstSeen":
		err = json.Unmarshal(raw, &hdr.FirstSeen)
	case "lastSeen":
		err = json.Unmarshal(raw, &hdr.LastSeen)
	case "totalRecords":
		var n flexInt
		err = json.Unmarshal(raw, &n)
		hdr.TotalRecords = int(n)
	case "pager":
		hdr.Pager = nil
		err = json.Unmarshal(raw, &hdr.Pager)
	}
	if err != nil {
		return fmt.Errorf("passivetotal: passive DNS field %q: %w", key, err)
	}
	return nil
}
