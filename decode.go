package passivetotal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// The Decode functions read response bodies saved to files (the examples'
// -input mode, benchmarks, tests) with the same lenient models the Client
// uses. They read untrusted input, so each bounds what it holds in memory.

// MaxDecodeSize is the largest body the whole-body Decode functions read
// (256 MiB). Bigger passive DNS bodies can be streamed with
// PassiveDNSRecords.
const MaxDecodeSize = 256 << 20

// MaxRecordSize is the largest single JSON value (one record, one header
// field) PassiveDNSRecords and SniffBody hold in memory (4 MiB).
const MaxRecordSize = 4 << 20

// SizeLimitError reports input larger than a decoder accepts.
type SizeLimitError struct {
	Limit int64 // bytes
	What  string
}

func (e *SizeLimitError) Error() string {
	return fmt.Sprintf("passivetotal: %s exceeds the %d byte limit", e.What, e.Limit)
}

// BodyError reports a saved body that is not the kind a decoder wants, or
// that is an API error body.
type BodyError struct {
	Want BodyKind
	Got  BodyKind
	// Message and Code come from an API error body (Got == KindError):
	// {"error":{"http_code":..,"message":..}} or {"message":..}.
	Message string
	Code    int
}

func (e *BodyError) Error() string {
	if e.Got == KindError {
		msg := "passivetotal: body is an API error"
		if e.Code != 0 {
			msg += " (" + strconv.Itoa(e.Code) + ")"
		}
		if e.Message != "" {
			msg += ": " + strconv.Quote(e.Message)
		}
		return msg
	}
	return fmt.Sprintf("passivetotal: body is %s, not %s", e.Got, e.Want)
}

// DecodeArticles decodes a saved GET /articles (or /articles/indicator) body.
func DecodeArticles(r io.Reader) (*ArticleList, error) {
	return decodeKindFast(r, KindArticleList, decodeArticleListFast)
}

// DecodeArticle decodes a saved GET /articles/{guid} body.
func DecodeArticle(r io.Reader) (*Article, error) {
	return decodeKind[Article](r, KindArticle)
}

// DecodeArticleIndicators decodes a saved GET /articles/indicators body.
func DecodeArticleIndicators(r io.Reader) (*ArticleIndicatorList, error) {
	return decodeKind[ArticleIndicatorList](r, KindArticleIndicators)
}

// DecodePassiveDNS decodes a saved GET /dns/passive body whole. For bodies
// too large to hold in memory use PassiveDNSRecords.
func DecodePassiveDNS(r io.Reader) (*PassiveDNS, error) {
	return decodeKindFast(r, KindPassiveDNS, decodePassiveDNSFast)
}

// DecodeUniqueResolutions decodes a saved GET /dns/passive/unique body.
func DecodeUniqueResolutions(r io.Reader) (*UniqueResolutions, error) {
	return decodeKind[UniqueResolutions](r, KindUniqueResolutions)
}

// Decode reads a saved body of any kind this package models, sniffing what
// it is. The value is *ArticleList, *Article, *ArticleIndicatorList,
// *PassiveDNS or *UniqueResolutions; for KindQuota and KindUnknown it is the
// body as json.RawMessage (quota has its own type in the client); an API
// error body returns KindError and a *BodyError.
func Decode(r io.Reader) (BodyKind, any, error) {
	data, err := readLimited(r, MaxDecodeSize)
	if err != nil {
		return KindUnknown, nil, err
	}
	kind, err := SniffBody(bytes.NewReader(data))
	if err != nil {
		return kind, nil, err
	}
	var v any
	switch kind {
	case KindArticleList:
		v = new(ArticleList)
	case KindArticle:
		v = new(Article)
	case KindArticleIndicators:
		v = new(ArticleIndicatorList)
	case KindPassiveDNS:
		v = new(PassiveDNS)
	case KindUniqueResolutions:
		v = new(UniqueResolutions)
	case KindError:
		return kind, nil, errorBody(data, KindUnknown)
	default:
		return kind, json.RawMessage(data), nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return kind, nil, fmt.Errorf("passivetotal: decoding %s: %w", kind, err)
	}
	return kind, v, nil
}

// decodeKind reads the whole body (bounded), refuses an error body or a
// body of another known kind, and decodes the rest leniently. A body whose
// kind cannot be told (say {}) is decoded as asked.
func decodeKind[T any](r io.Reader, want BodyKind) (*T, error) {
	return decodeKindFast[T](r, want, nil)
}

// decodeKindFast is decodeKind with a hand-written decoder tried first;
// when it declines (ok false), encoding/json decodes the body.
func decodeKindFast[T any](r io.Reader, want BodyKind, fast func([]byte) (*T, bool)) (*T, error) {
	data, err := readLimited(r, MaxDecodeSize)
	if err != nil {
		return nil, err
	}
	kind, err := SniffBody(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if kind == KindError {
		return nil, errorBody(data, want)
	}
	if kind != want && kind != KindUnknown {
		return nil, &BodyError{Want: want, Got: kind}
	}
	if fast != nil {
		if v, ok := fast(data); ok {
			return v, nil
		}
	}
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, fmt.Errorf("passivetotal: decoding %s: %w", want, err)
	}
	return v, nil
}

// errorBody extracts the message of an API error body.
func errorBody(data []byte, want BodyKind) error {
	var w struct {
		Error   json.RawMessage `json:"error"`
		Message FlexString      `json:"message"`
	}
	_ = json.Unmarshal(data, &w) // best effort: the kind is already known
	be := &BodyError{Want: want, Got: KindError, Message: string(w.Message)}
	var inner struct {
		Code      FlexInt    `json:"http_code"`
		Message   FlexString `json:"message"`
		Developer FlexString `json:"developer_message"`
	}
	var s string
	switch {
	case json.Unmarshal(w.Error, &inner) == nil && len(w.Error) > 0 && w.Error[0] == '{':
		be.Code = int(inner.Code)
		if inner.Message != "" {
			be.Message = string(inner.Message)
		} else if inner.Developer != "" {
			be.Message = string(inner.Developer)
		}
	case json.Unmarshal(w.Error, &s) == nil && s != "":
		be.Message = s
	}
	return be
}

// readLimited reads all of r, failing with *SizeLimitError beyond limit.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &SizeLimitError{Limit: limit, What: "body"}
	}
	return data, nil
}

// boundedReader feeds a json.Decoder and refuses to read further once the
// decoder holds more than max bytes it has not consumed yet: one JSON value
// (a record, a header field) can then never grow memory without bound,
// while the body as a whole may be any size.
type boundedReader struct {
	r    io.Reader
	dec  *json.Decoder
	read int64
	max  int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.dec != nil {
		// Read at most one byte past the limit, so a value that does not
		// fit always needs one more Read, which then fails.
		room := b.max - (b.read - b.dec.InputOffset())
		if room < 0 {
			return 0, &SizeLimitError{Limit: b.max, What: "one JSON value"}
		}
		if int64(len(p)) > room+1 {
			p = p[:room+1]
		}
	}
	n, err := b.r.Read(p)
	b.read += int64(n)
	return n, err
}

// newBoundedDecoder returns a json.Decoder over r whose unconsumed buffer
// stays under max bytes (plus one read).
func newBoundedDecoder(r io.Reader, max int64) *json.Decoder {
	br := &boundedReader{r: r, max: max}
	dec := json.NewDecoder(br)
	br.dec = dec
	return dec
}
