package mdti

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/internal/httpcore"
)

// The Decode functions read Graph response bodies saved to files (an
// archive, a test fixture) with the same lenient models the Client uses.
// They read untrusted input: each reads at most passivetotal.MaxDecodeSize
// bytes. A saved Graph error body gives a *SavedBodyError classified by its
// code (errors.Is(err, ErrForbidden) for "Forbidden", ...); a body of
// another shape gives a *SavedBodyError matching ErrInvalidResponse.

// DecodeArticles decodes a saved GET /articles page, or a single article
// (GET /articles/{id}), without indicators.
func DecodeArticles(r io.Reader) ([]passivetotal.Article, error) {
	data, err := readSaved(r, "article or article collection")
	if err != nil {
		return nil, err
	}
	if isCollection(data) {
		p, err := decodePage[articleWire](data)
		if err != nil {
			return nil, savedShapeError("article collection", data, err)
		}
		out := make([]passivetotal.Article, len(p.Value))
		for i := range p.Value {
			out[i] = p.Value[i].article()
		}
		return out, nil
	}
	var e entity[articleWire]
	if err := e.UnmarshalJSON(data); err != nil {
		return nil, savedShapeError("article", data, err)
	}
	if e.v.ID == "" && e.v.Title == "" {
		return nil, savedShapeError("article", data, errors.New("no id or title: not an article"))
	}
	return []passivetotal.Article{e.v.article()}, nil
}

// DecodeArticleIndicators decodes a saved GET /articles/{id}/indicators
// page; articleID fills each indicator's GUID.
func DecodeArticleIndicators(r io.Reader, articleID string) ([]passivetotal.ArticleIndicator, error) {
	return decodeSavedPage(r, "articleIndicator collection", func(w *indicatorWire) passivetotal.ArticleIndicator { return w.indicator(articleID) })
}

// DecodePassiveDNS decodes a saved GET /hosts/{host}/passiveDns or
// passiveDnsReverse page. queried is the host asked about (see
// Client.PassiveDNS); "" takes each record's parentHost as is.
func DecodePassiveDNS(r io.Reader, queried string) ([]passivetotal.DNSRecord, error) {
	return decodeSavedPage(r, "passiveDnsRecord collection", func(w *passiveDNSWire) passivetotal.DNSRecord { return w.record(queried) })
}

// DecodeHost decodes a saved GET /hosts/{host} body.
func DecodeHost(r io.Reader) (*Host, error) {
	data, err := readSaved(r, "host")
	if err != nil {
		return nil, err
	}
	var e entity[hostWire]
	if err := e.UnmarshalJSON(data); err != nil {
		return nil, savedShapeError("host", data, err)
	}
	if e.v.ID == "" {
		return nil, savedShapeError("host", data, errors.New("no id: not a host"))
	}
	h := e.v.host()
	return &h, nil
}

func decodeSavedPage[W, T any](r io.Reader, what string, conv func(*W) T) ([]T, error) {
	data, err := readSaved(r, what)
	if err != nil {
		return nil, err
	}
	p, err := decodePage[W](data)
	if err != nil {
		return nil, savedShapeError(what, data, err)
	}
	out := make([]T, len(p.Value))
	for i := range p.Value {
		out[i] = conv(&p.Value[i])
	}
	return out, nil
}

// readSaved reads a saved body (bounded) and refuses a Graph error body.
func readSaved(r io.Reader, want string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, passivetotal.MaxDecodeSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > passivetotal.MaxDecodeSize {
		return nil, &passivetotal.DecodeError{Kind: passivetotal.DecodeTooLarge, Err: passivetotal.ErrResponseTooLarge}
	}
	if e := graphErrorBody(data, want); e != nil {
		return nil, e
	}
	return data, nil
}

// isCollection reports whether a body has a "value" array.
func isCollection(data []byte) bool {
	var probe struct {
		Value json.RawMessage `json:"value"`
	}
	if json.Unmarshal(data, &probe) != nil {
		return false
	}
	v := bytes.TrimSpace(probe.Value)
	return len(v) > 0 && v[0] == '['
}

// savedShapeError describes a saved body that is not the expected Graph
// shape; it matches ErrInvalidResponse.
func savedShapeError(what string, data []byte, err error) error {
	snippet := httpcore.CleanMessage(string(data[:min(len(data), 64)]))
	return &SavedBodyError{Want: what, Reason: fmt.Sprintf("not Graph's shape (body starts %q)", snippet), Err: err}
}
