package passivetotal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// BodyKind tells which endpoint a saved response body came from.
type BodyKind int

// The kinds SniffBody can tell apart.
const (
	KindUnknown            BodyKind = iota // not one this package models (or empty)
	KindArticleList                        // GET /articles, GET /articles/indicator
	KindArticle                            // GET /articles/{guid}
	KindArticleIndicators                  // GET /articles/indicators
	KindPassiveDNS                         // GET /dns/passive
	KindUniqueResolutions                  // GET /dns/passive/unique
	KindQuota                              // GET /account/quota
	KindError                              // an API error body
	KindWhois                              // GET /whois
	KindWhoisHistory                       // GET /whois?history=true
	KindCertificates                       // GET /ssl-certificate
	KindCertificateHistory                 // GET /ssl-certificate/history
	KindSubdomains                         // GET /enrichment/subdomains
	KindHostSummary                        // GET /enrichment
	KindComponents                         // GET /host-attributes/components
	KindTrackers                           // GET /host-attributes/trackers
	KindCookies                            // GET /host-attributes/cookies
	KindHostPairs                          // GET /host-attributes/pairs
	KindServices                           // GET /services
	KindReputation                         // GET /reputation
)

var kindNames = [...]string{"an unknown body", "an articles listing", "a single article",
	"an article indicators listing", "a passive DNS answer", "a unique resolutions answer",
	"a quota answer", "an API error", "a WHOIS record", "a WHOIS history", "a certificate answer",
	"a certificate history", "a subdomains answer", "a host summary", "a components answer",
	"a trackers answer", "a cookies answer", "a host pairs answer", "a services answer", "a reputation answer"}

// String returns a short description such as "a passive DNS answer".
func (k BodyKind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("BodyKind(%d)", int(k))
	}
	return kindNames[k]
}

// SniffBody tells which kind of body r holds by walking its top-level keys
// (and the keys of the first element of a list) with json.Decoder.Token, so
// a body of any size is sniffed in bounded memory; it stops as soon as the
// kind is certain. A body that is not a JSON object is an error.
func SniffBody(r io.Reader) (BodyKind, error) {
	dec := newBoundedDecoder(r, MaxRecordSize)
	t, err := dec.Token()
	if err != nil {
		return KindUnknown, fmt.Errorf("passivetotal: body is not JSON: %w", err)
	}
	if t != json.Delim('{') {
		return KindUnknown, errors.New("passivetotal: body is not a JSON object")
	}
	var seen struct {
		guid, articleField, user, message, total, pager, dnsEnvelope, indicatorsEmpty, totalRecords, other bool
		subdomains, queryValue                                                                             bool
		summary                                                                                            int
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return KindUnknown, err
		}
		key, _ := kt.(string)
		switch key {
		case "error":
			vt, err := dec.Token()
			if err != nil {
				return KindUnknown, err
			}
			if vt != nil {
				return KindError, nil
			}
			continue
		case "articles":
			return KindArticleList, nil
		case "frequency":
			return KindUniqueResolutions, nil
		case "results":
			k, empty, err := sniffList(dec, resultKeys, KindUniqueResolutions)
			if err != nil || k != KindUnknown {
				return k, err
			}
			if !empty {
				seen.other = true // results of another endpoint (enrichment/malware, ...)
			}
			continue
		case "indicators":
			k, empty, err := sniffList(dec, map[string]BodyKind{
				"value": KindArticleIndicators, "guid": KindArticleIndicators,
				"values": KindArticle, "count": KindArticle,
			}, KindUnknown)
			if err != nil || k != KindUnknown {
				return k, err
			}
			seen.indicatorsEmpty = empty
			continue
		case "guid":
			seen.guid = true
		case "title", "summary", "publishedDate", "createdDate", "categories":
			seen.articleField = true
		case "user":
			seen.user = true
		case "message":
			seen.message = true
		case "total":
			seen.total = true
		case "pager":
			seen.pager = true
		case "totalRecords":
			seen.totalRecords = true
		case "queryValue":
			seen.queryValue = true
		case "queryType", "firstSeen", "lastSeen", "success", "organization":
			// shared by several endpoints: not decisive on their own
		case "subdomains":
			seen.subdomains = true
		default:
			if k, ok := topLevelKeys[key]; ok {
				return k, nil
			}
			if summaryKeys[key] {
				seen.summary++
				break
			}
			seen.other = true
		}
		if err := skipValue(dec); err != nil {
			return KindUnknown, err
		}
	}
	switch {
	case seen.user:
		return KindQuota, nil
	case seen.guid && seen.articleField:
		return KindArticle, nil
	case seen.indicatorsEmpty && !seen.guid:
		return KindArticleIndicators, nil
	case seen.total && !seen.other:
		return KindUniqueResolutions, nil
	case seen.pager && !seen.other:
		return KindPassiveDNS, nil
	case seen.message && !seen.other && !seen.totalRecords:
		return KindError, nil
	case seen.summary >= 2 || seen.summary == 1 && seen.queryValue:
		return KindHostSummary, nil
	case seen.subdomains && !seen.other:
		return KindSubdomains, nil
	}
	return KindUnknown, nil
}

// sniffList reads the list value under the current key and looks at the
// first element: a string means ifString, an object is judged by its keys.
// It reports empty when the list had no element (or was null).
func sniffList(dec *json.Decoder, keys map[string]BodyKind, ifString BodyKind) (kind BodyKind, empty bool, err error) {
	t, err := dec.Token()
	if err != nil {
		return KindUnknown, false, err
	}
	if t != json.Delim('[') {
		if d, ok := t.(json.Delim); ok {
			return KindUnknown, false, skipRest(dec, d)
		}
		return KindUnknown, t == nil, nil
	}
	if !dec.More() {
		_, err := dec.Token() // ']'
		return KindUnknown, true, err
	}
	first, err := dec.Token()
	if err != nil {
		return KindUnknown, false, err
	}
	switch first := first.(type) {
	case string:
		if ifString != KindUnknown {
			return ifString, false, nil
		}
	case json.Delim:
		if first == '{' {
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return KindUnknown, false, err
				}
				if k, ok := keys[kt.(string)]; ok {
					return k, false, nil
				}
				if err := skipValue(dec); err != nil {
					return KindUnknown, false, err
				}
			}
			if _, err := dec.Token(); err != nil { // '}'
				return KindUnknown, false, err
			}
		} else if err := skipRest(dec, first); err != nil {
			return KindUnknown, false, err
		}
	}
	// Undecided: skip the remaining elements and the closing ']'.
	return KindUnknown, false, skipRest(dec, '[')
}

// skipValue consumes one JSON value with Token, holding no more than one
// token in memory.
func skipValue(dec *json.Decoder) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); ok {
		return skipRest(dec, d)
	}
	return nil
}

// skipRest consumes the rest of a container whose opening delimiter open
// was just read.
func skipRest(dec *json.Decoder, open json.Delim) error {
	if open != '{' && open != '[' {
		return nil
	}
	depth := 1
	for depth > 0 {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}
