package passivetotal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
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
// value over MaxRecordSize, an API error body as *BodyError); an odd
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
	dec := newBoundedDecoder(r, MaxRecordSize)
	t, err := dec.Token()
	if err != nil {
		return fmt.Errorf("passivetotal: passive DNS body is not JSON: %w", err)
	}
	if t != json.Delim('{') {
		return errors.New("passivetotal: passive DNS body is not a JSON object")
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := kt.(string)
		if key == "results" {
			if err := streamRecords(dec, yield); err != nil {
				return err
			}
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if err := setHeaderField(hdr, key, raw); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return err
	}
	return nil
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
		var s FlexString
		err = json.Unmarshal(raw, &s)
		hdr.QueryValue = string(s)
	case "queryType":
		var s FlexString
		err = json.Unmarshal(raw, &s)
		hdr.QueryType = string(s)
	case "firstSeen":
		err = json.Unmarshal(raw, &hdr.FirstSeen)
	case "lastSeen":
		err = json.Unmarshal(raw, &hdr.LastSeen)
	case "totalRecords":
		var n FlexInt
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

// streamRecords reads the value of "results": a list whose elements are
// decoded and yielded one by one, or null.
func streamRecords(dec *json.Decoder, yield func(DNSRecord, error) bool) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if t == nil {
		return nil
	}
	if t != json.Delim('[') {
		return errors.New("passivetotal: passive DNS results is not a list")
	}
	for dec.More() {
		var w dnsRecordWire
		if err := dec.Decode(&w); err != nil {
			return fmt.Errorf("passivetotal: passive DNS record: %w", err)
		}
		if !yield(w.record(), nil) {
			return errStopped
		}
	}
	_, err = dec.Token() // ']'
	return err
}
