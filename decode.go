package passivetotal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/ptstix/passivetotal/internal/httpcore"
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

// tooLarge is the error for input over a decoder's limit: a *DecodeError
// of kind DecodeTooLarge, which matches ErrResponseTooLarge and
// ErrInvalidResponse like the client's own too-large error. what is "body"
// or "one JSON value".
func tooLarge(what string, limit int64) error {
	return &DecodeError{Kind: DecodeTooLarge,
		Err: fmt.Errorf("%s exceeds the %d byte limit: %w", what, limit, ErrResponseTooLarge)}
}

// BodyError reports a saved body that is not the kind a decoder wants, or
// that is an API error body. A saved error body is classified like a live
// one: errors.Is matches ErrUnauthorized, ErrNotPermitted, ErrNotFound,
// ErrQuotaExceeded and ErrThrottled from its http_code and message.
type BodyError struct {
	Want BodyKind
	Got  BodyKind
	// Message, DeveloperMessage and Code come from an API error body (Got
	// == KindError), whatever its shape: {"error":{"http_code","message",
	// "developer_message"}}, {"error":"..."} or {"message":...}.
	Message          string
	DeveloperMessage string
	Code             int
}

// Is classifies an API error body against the package's sentinels, as
// ErrorResponse.Is does for a 2xx that carried the same body.
func (e *BodyError) Is(target error) bool {
	if e.Got != KindError {
		return false
	}
	live := ErrorResponse{StatusCode: 200, Code: e.Code, Message: e.Message, DeveloperMessage: e.DeveloperMessage}
	return live.Is(target)
}

// Error says which kind the body was, or quotes the API's error message.
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
// *PassiveDNS, *UniqueResolutions, or one of the host datasets (see
// newDatasetValue: *WhoisRecord, *WhoisHistory, *SSLCertificates,
// *CertificateHistory, *Subdomains, *HostSummary, *Components, *Trackers,
// *Cookies, *HostPairs, *Services, *Reputation); for KindQuota and KindUnknown it is the
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
		if v = newDatasetValue(kind); v == nil {
			return kind, json.RawMessage(data), nil
		}
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

// errorBody describes an API error body with the client's own parser, so
// that a saved error and a live one read the same way.
func errorBody(data []byte, want BodyKind) error {
	d := httpcore.ParseErrorBody("application/json", data)
	msg := d.Message
	if msg == "" {
		msg = d.DeveloperMessage
	}
	return &BodyError{Want: want, Got: KindError, Message: msg, DeveloperMessage: d.DeveloperMessage, Code: d.Code}
}

// readLimited reads all of r, failing with a DecodeTooLarge *DecodeError beyond limit.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, tooLarge("body", limit)
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
			return 0, tooLarge("one JSON value", b.max)
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
